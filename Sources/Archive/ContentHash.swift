import Crypto

/// SHA-256 (and, for bags, SHA-512) digests as lowercase hex, the form stored in the archive.
public enum ContentHash {
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// SHA-512 as lowercase hex (BagIt's second manifest).
    public static func sha512(_ bytes: [UInt8]) -> String {
        hex(SHA512.hash(data: bytes))
    }

    /// The raw SHA-256 digest (an extract's code is made from its first bits).
    public static func sha256Digest(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    static func hex<D: Digest>(_ digest: D) -> String {
        // Written in place: a load hashes a million records' fields.
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }
        return String(unsafeUninitializedCapacity: D.byteCount * 2) { out in
            for (index, byte) in digest.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0F)
            }
            return D.byteCount * 2
        }
    }
}
