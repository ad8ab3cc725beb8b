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
}

/// One field of an act type: its key (`role.field` or `section.field`), kind,
/// whether the act needs it, and its labels.
public struct FieldSpec: Sendable, Equatable {
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
}
