import Archive

/// The verification code printed on an archival extract: 60 bits of SHA-256 over the
/// record, its version and that version's fields hash, as 12 Crockford base-32 digits
/// in groups of four (`7KQ2-M9XD-4TRA`). The same version always gives the same code;
/// any edit gives another. Read back leniently: case, dashes and spaces ignored, and
/// O, I and L taken for the digits they look like.
public enum ExtractCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make(recordId: Int64, version: Int, fieldsSha256: String) -> String {
        let digest = ContentHash.sha256Digest(Array("daftar-extract\n\(recordId)\n\(version)\n\(fieldsSha256)".utf8))
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        var digits: [Character] = []
        for index in 0..<12 { digits.append(alphabet[Int((bits >> UInt64(59 - 5 * index)) & 31)]) }
        return [0, 4, 8].map { String(digits[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as printed, from what someone typed or a scanner read; nil when it
    /// cannot be one.
    public static func canonical(_ typed: String) -> String? {
        var digits: [Character] = []
        for character in typed.uppercased() where character != "-" && !character.isWhitespace {
            let read: Character
            switch character {
            case "O": read = "0"
            case "I", "L": read = "1"
            default: read = character
            }
            guard alphabet.contains(read) else { return nil }
            digits.append(read)
        }
        guard digits.count == 12 else { return nil }
        return [0, 4, 8].map { String(digits[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
