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
        String(decoding: written(fields, plainValuesAsStrings: true), as: UTF8.self)
    }

    /// `fields(_:)` as UTF-8 bytes (what its hash is taken of).
    static func fieldsBytes(_ fields: [String: StoredField]) -> [UInt8] {
        written(fields, plainValuesAsStrings: true)
    }

    /// Fields in the form versions held before plain values were written as strings
    /// (`{"value": …}` objects), to recognise a manifest row stored by an older daftar.
    static func legacyFields(_ fields: [String: StoredField]) -> String {
        String(decoding: written(fields, plainValuesAsStrings: false), as: UTF8.self)
    }

    /// Both forms, built as UTF-8 bytes: strings go through byte by byte, escapes aside.
    private static func written(_ fields: [String: StoredField], plainValuesAsStrings: Bool) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(fields.count * 40)
        for (index, (key, field)) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if plainValuesAsStrings, field.flag == nil, let value = field.value {
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
        return out
    }

    /// A string as JSONEncoder writes it: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `quoted(text)`'s bytes, appended.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most values need no escape: their bytes go in whole.
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
