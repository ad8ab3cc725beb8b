import Foundation

/// A typed field value.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case name(String)
    case date(PartialDate)
    case integer(Int)
    case boolean(Bool)
    case choice(String)
    case office(String)

    /// The value as stored and shown: dates in ISO form at their precision.
    public var text: String {
        switch self {
        case .text(let value), .name(let value), .choice(let value), .office(let value): value
        case .date(let date): date.description
        case .integer(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        }
    }

    /// A name as keyed: Unicode NFC (so ӯ typed two ways is one letter), runs of
    /// whitespace folded to one space, ends trimmed; letters and script untouched.
    public static func normalizedName(_ text: String) -> String {
        // Most names are ASCII or Cyrillic letters (composed already: `NameFolding.isPlain`)
        // with single spaces between words and no other control or space characters.
        var previousSpace = true
        let spaced = text.unicodeScalars.allSatisfy { scalar in
            let space = scalar.value == 0x20
            defer { previousSpace = space }
            return space ? !previousSpace : scalar.value > 0x20 && scalar.value != 0x7F
        }
        if spaced && !previousSpace && NameFolding.isPlain(text) { return text }
        return text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// What an operator can say instead of (or about) a value.
public enum FieldFlag: String, Sendable, Codable, CaseIterable {
    /// The source cannot be read here; no value.
    case illegible
    /// A value was entered but the operator is not sure of it; the value is kept.
    case uncertain
    /// The ledger leaves this field empty; different from "not entered yet".
    case blankInSource = "blank-in-source"
}

/// A field as entered: a value (perhaps marked uncertain), or a flag in its place.
public struct FieldEntry: Sendable, Equatable {
    public let value: FieldValue?
    public let flag: FieldFlag?

    public init(value: FieldValue?, flag: FieldFlag?) {
        self.value = value
        self.flag = flag
    }
}
