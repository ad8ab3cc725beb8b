import Archive
import Registry

/// What an operator typed at one field of the interactive form. Conventions:
/// `??` illegible, `--` blank in the source, a value ending in ` ?` uncertain,
/// an empty line skips the field, `<` goes back a field, `.` asks only for what
/// is still required.
public enum FormAnswer: Sendable, Equatable {
    case value(String)
    case uncertain(String)
    case flag(FieldFlag)
    case skip
    case back
    case requiredOnly

    public init(typed: String) {
        let text = typed.trimmingCharacters(in: .whitespaces)
        switch text {
        case "": self = .skip
        case "??": self = .flag(.illegible)
        case "--": self = .flag(.blankInSource)
        case "<": self = .back
        case ".": self = .requiredOnly
        default:
            if text.hasSuffix(" ?") {
                self = .uncertain(String(text.dropLast(2)).trimmingCharacters(in: .whitespaces))
            } else {
                self = .value(text)
            }
        }
    }

    /// How a stored field is typed back into the form (to edit it again).
    public static func typed(_ field: StoredField) -> String {
        switch (field.value, field.flag) {
        case (let value?, FieldFlag.uncertain.rawValue?): "\(value) ?"
        case (_, FieldFlag.illegible.rawValue?): "??"
        case (_, FieldFlag.blankInSource.rawValue?): "--"
        case (let value?, _): value
        default: ""
        }
    }
}
