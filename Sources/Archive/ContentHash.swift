import Crypto

/// SHA-256 digests as lowercase hex, the form stored in the archive.
public enum ContentHash {
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        // Written in place: a load hashes a million records' fields.
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { out in
            for (index, byte) in digest.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0F)
            }
            return SHA256.byteCount * 2
        }
    }
}
