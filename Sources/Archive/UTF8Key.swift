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
    /// A mix of the bytes, made where the key is made: a load makes its keys on the
    /// checking threads and looks them up a dozen times a record on the writer's, which
    /// then hashes one word instead of up to 32 bytes.
    private var fingerprint: UInt64 = 0

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
            fingerprint = Self.mix(Self.mix(Self.mix(Self.mix(UInt64(count), words.0), words.1), words.2), words.3)
        } else {
            self.long = long ?? Array(buffer)
            var mixed = UInt64(count), word: UInt64 = 0
            for (index, byte) in buffer.enumerated() {
                word = word << 8 | UInt64(byte)
                if index % 8 == 7 { (mixed, word) = (Self.mix(mixed, word), 0) }
            }
            fingerprint = Self.mix(mixed, word)
        }
    }

    /// One step of a multiply-and-shift mix (the Hasher still seeds and finishes the hash).
    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let product = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        return product ^ (product >> 29)
    }

    /// The text's bytes.
    public var bytes: [UInt8] {
        long ?? withUnsafeBytes(of: words) { Array($0.prefix(count)) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        guard lhs.count == rhs.count, lhs.fingerprint == rhs.fingerprint else { return false }
        guard let left = lhs.long, let right = rhs.long else {
            return lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3
        }
        return left.withUnsafeBytes { a in right.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }
}
