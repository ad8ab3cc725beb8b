import Archive
import Registry

/// Names folded before, by their text: a load folds the same few thousand names a
/// million times. One thread uses a cache at a time; it starts again empty past
/// `capacity` names, so memory stays bounded whatever the input.
final class FoldedNameCache: @unchecked Sendable {
    static let capacity = 50_000
    private var words: [UTF8Key: [(written: UTF8Key, folded: String)]] = [:]

    /// The words of `name` as written (lower case, as a key) and folded.
    func words(of name: String) -> [(written: UTF8Key, folded: String)] {
        let key = UTF8Key(name)
        if let known = words[key] { return known }
        let folded = Self.fold(name)
        if words.count >= Self.capacity { words.removeAll(keepingCapacity: true) }
        words[key] = folded
        return folded
    }

    /// `words(of:)` without a cache.
    static func fold(_ name: String) -> [(written: UTF8Key, folded: String)] {
        NameFolding.writtenWordBytes(of: name).map { (UTF8Key(bytes: $0.written), $0.folded) }
    }
}
