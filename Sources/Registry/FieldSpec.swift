/// What a field holds.
public enum FieldKind: Sendable, Equatable {
    case text
    /// A person's name: Unicode NFC, whitespace folded, script kept as written.
    case name
    /// A date to the year, month or day.
    case date
    case integer
    case boolean
    /// One of a fixed list of values.
    case choice([String])
    /// A registry office code from the offices list.
    case office

    /// The kind a schema file names (`text`, `name`, `date`, `integer`, `boolean`,
    /// `office`, or `enum` with its `values`); nil for any other name.
    public init?(named name: String, values: [String]?) {
        switch name {
        case "text": self = .text
        case "name": self = .name
        case "date": self = .date
        case "integer": self = .integer
        case "boolean": self = .boolean
        case "office": self = .office
        case "enum":
            guard let values, !values.isEmpty else { return nil }
            self = .choice(values)
        default: return nil
        }
    }

    /// The name a schema file gives this kind.
    public var name: String {
        switch self {
        case .text: "text"
        case .name: "name"
        case .date: "date"
        case .integer: "integer"
        case .boolean: "boolean"
        case .office: "office"
        case .choice: "enum"
        }
    }
}

/// One field of an act type: its key (`role.field` or `section.field`), kind,
/// whether the act needs it, and its labels. A class: records are checked against
/// every field of their type, a million at a time, and a copy is then one retain.
public final class FieldSpec: Sendable, Equatable {
    public let key: String
    public let kind: FieldKind
    public let required: Bool
    public let labels: Labels

    public init(key: String, kind: FieldKind, required: Bool, labels: Labels) {
        self.key = key
        self.kind = kind
        self.required = required
        self.labels = labels
    }

    public static func == (lhs: FieldSpec, rhs: FieldSpec) -> Bool {
        lhs.key == rhs.key && lhs.kind == rhs.kind && lhs.required == rhs.required && lhs.labels == rhs.labels
    }
}
