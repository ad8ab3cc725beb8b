#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A strict JSON parser over UTF-8 bytes, for manifest lines: a long manifest is a
/// million of them, and Foundation's decoder spent more time on each than storing
/// the record did. Strings are unescaped (`\uXXXX` with surrogate pairs included);
/// numbers are kept as their text.
struct JSONLineParser {
    /// A parsed value.
    enum Value: Sendable {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    struct Malformed: Error {}

    private let bytes: ArraySlice<UInt8>
    private var index: Int
    /// Nesting allowed before a line is refused (a hostile line cannot exhaust the stack).
    static let maximumDepth = 32

    /// Parses one whole value; anything but white space after it is malformed.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> Value {
        var parser = JSONLineParser(bytes: bytes, index: bytes.startIndex)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.endIndex else { throw Malformed() }
        return value
    }

    private mutating func skipSpace() {
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Malformed) -> Value {
        guard depth < Self.maximumDepth else { throw Malformed() }
        skipSpace()
        guard index < bytes.endIndex else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: Value)] = []
            skipSpace()
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try string()
                skipSpace()
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
                index += 1
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard index < bytes.endIndex else { throw Malformed() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw Malformed() }
                index += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            skipSpace()
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.endIndex else { throw Malformed() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw Malformed() }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(Malformed) {
        let expected = Array(word.utf8)
        guard bytes.endIndex - index >= expected.count,
              bytes[index..<(index + expected.count)].elementsEqual(expected) else { throw Malformed() }
        index += expected.count
    }

    private mutating func number() throws(Malformed) -> String {
        let start = index
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        guard digits() > 0 else { throw Malformed() }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Malformed() }
        }
        if index < bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Malformed() }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A string from its opening quote; plain runs are copied as they are (UTF-8 is
    /// checked by the final decoding, which refuses to repair: see `validUTF8`).
    private mutating func string() throws(Malformed) -> String {
        index += 1
        var out: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.endIndex else { throw Malformed() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let result: String
                if out.isEmpty {
                    result = try Self.validUTF8(bytes[runStart..<index])
                } else {
                    out += bytes[runStart..<index]
                    result = try Self.validUTF8(out[...])
                }
                index += 1
                return result
            }
            if byte < 0x20 { throw Malformed() }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            out += bytes[runStart..<index]
            index += 1
            guard index < bytes.endIndex else { throw Malformed() }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by \u and a low one.
                    guard bytes.endIndex - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw Malformed()
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Malformed() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Malformed()
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Malformed() }
                out += String(Character(unicode)).utf8
            default:
                throw Malformed()
            }
            runStart = index
        }
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard bytes.endIndex - index >= 4 else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The bytes as a String, refusing invalid UTF-8 rather than repairing it.
    private static func validUTF8(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> String {
        // Decoding (specialized for UTF-8, unlike `String(validating:as:)`, whose generic
        // path was most of reading a manifest) repairs bad sequences with U+FFFD; valid
        // bytes come back as they were.
        let decoded = bytes.withUnsafeBufferPointer { input -> String? in
            var string = String(decoding: input, as: UTF8.self)
            let same = string.withUTF8 { output in
                output.count == input.count && (input.isEmpty || memcmp(output.baseAddress!, input.baseAddress!, input.count) == 0)
            }
            return same ? string : nil
        }
        guard let decoded else { throw Malformed() }
        return decoded
    }
}
