import Archive
import Registry

/// Names folded before, by their text (`NameFolding.writtenWordBytes`): a load folds
/// the same few thousand names a million times. One thread uses a cache at a time;
/// it starts again empty past `capacity` names, so memory stays bounded whatever
/// the input.
final class FoldedNameCache: @unchecked Sendable {
    static let capacity = 50_000
    private var words: [UTF8Key: [(written: [UInt8], folded: String)]] = [:]

    /// The words of `name` as written (UTF-8, lower case) and folded.
    func writtenWordBytes(of name: String) -> [(written: [UInt8], folded: String)] {
        let key = UTF8Key(name)
        if let known = words[key] { return known }
        let folded = NameFolding.writtenWordBytes(of: name)
        if words.count >= Self.capacity { words.removeAll(keepingCapacity: true) }
        words[key] = folded
        return folded
    }
}
