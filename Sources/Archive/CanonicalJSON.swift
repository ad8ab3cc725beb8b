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

    /// Record fields, written by hand: the same text `string(_:)` gives (a test holds
    /// them together), without JSONEncoder's cost on every record of a large import.
    static func fields(_ fields: [String: StoredField]) -> String {
        // Built as UTF-8 bytes: strings go through byte by byte, escapes aside.
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(fields.count * 40)
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            let field = fields[key]!
            if field.flag == nil, let value = field.value {
                appendQuoted(value, to: &out)
                continue
            }
            out.append(UInt8(ascii: "{"))
            if let flag = field.flag {
                out += Array("\"flag\":".utf8)
                appendQuoted(flag, to: &out)
            }
            if let value = field.value {
                out += Array((field.flag == nil ? "\"value\":" : ",\"value\":").utf8)
                appendQuoted(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `quoted(text)`'s bytes, appended.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x00..<0x20: out += Array(quoted(String(UnicodeScalar(byte))).utf8.dropFirst().dropLast())
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Fields in the form versions held before plain values were written as strings
    /// (`{"value": …}` objects), to recognise a manifest row stored by an older daftar.
    static func legacyFields(_ fields: [String: StoredField]) -> String {
        var out = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            let field = fields[key]!
            out += quoted(key) + ":{"
            if let flag = field.flag { out += "\"flag\":" + quoted(flag) }
            if let value = field.value { out += (field.flag == nil ? "" : ",") + "\"value\":" + quoted(value) }
            out += "}"
        }
        return out + "}"
    }

    /// A string as JSONEncoder writes it: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case "\u{0}"..."\u{1f}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
