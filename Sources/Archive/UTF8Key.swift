import Foundation

/// Text as its UTF-8 bytes, for dictionary keys that hash in one call and compare
/// without following a pointer: an array of bytes hashes byte by byte, a Cyrillic
/// String is normalized before it hashes, and a large table's probes each miss the
/// cache when every key lives in a buffer of its own. Up to `inlineCapacity` bytes
/// (most single name words) are held in the key itself.
public struct UTF8Key: Hashable, Sendable {
    public static let inlineCapacity = 32
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private let count: Int
    /// The bytes of a longer text.
    private let long: [UInt8]?

    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { UTF8Key(buffer: $0, long: bytes) }
    }

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { UTF8Key(buffer: UnsafeRawBufferPointer($0), long: nil) }
    }

    /// A key of `buffer`'s bytes; `long` is them as an array already, if the caller has one.
    private init(buffer: UnsafeRawBufferPointer, long: [UInt8]?) {
        count = buffer.count
        if buffer.count <= Self.inlineCapacity {
            self.long = nil
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: buffer) }
        } else {
            self.long = long ?? Array(buffer)
        }
    }

    /// The text's bytes.
    public var bytes: [UInt8] {
        long ?? withUnsafeBytes(of: words) { Array($0.prefix(count)) }
    }

    public func hash(into hasher: inout Hasher) {
        if let long {
            long.withUnsafeBytes { hasher.combine(bytes: $0) }
        } else {
            withUnsafeBytes(of: words) { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        }
    }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.long, let right = rhs.long else {
            return lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3
        }
        return left.withUnsafeBytes { a in right.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }
}
