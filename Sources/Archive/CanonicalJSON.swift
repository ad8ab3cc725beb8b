import Foundation

/// The JSON the archive stores (event details, record fields): keys sorted and
/// slashes unescaped, so the same value always gives the same text — the event
/// chain hashes that text.
enum CanonicalJSON {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
