import Archive
import Registry

/// One field as keyed against the key: names exactly (as written, Unicode-normalized) and
/// folded (script, case and common spelling variants ignored), dates by value (`12.03.1957`
/// is `1957-03-12`), everything else as text; a flag against a flag.
public enum FieldComparison {
    public enum Verdict: String, Sendable, Equatable {
        case correct
        /// A name spelled otherwise, but the same name folded (Ҷӯраев and Джураев).
        case sameWhenFolded
        case wrong
        /// The key has it; nothing was entered.
        case missing
        /// Entered; the key has nothing there.
        case extra
    }

    public static func compare(expected: StoredField?, entered: StoredField?, kind: FieldKind?) -> Verdict {
        let expectedFlag = expected?.flag.flatMap(FieldFlag.init(rawValue:))
        let enteredFlag = entered?.flag.flatMap(FieldFlag.init(rawValue:))
        // "Uncertain" qualifies a value; the value is what is compared.
        let expectedMark = expectedFlag == .uncertain ? nil : expectedFlag
        let enteredMark = enteredFlag == .uncertain ? nil : enteredFlag
        switch (expected?.value, expectedMark, entered?.value, enteredMark) {
        case (nil, nil, nil, nil): return .correct
        case (nil, let flag?, _, let other):
            if other == flag { return .correct }
            return entered == nil ? .missing : .wrong
        case (_?, nil, nil, nil): return .missing
        case (nil, nil, _, _): return .extra
        case (let want?, _, let got?, nil):
            return values(want, got, kind: kind)
        default:
            return .wrong
        }
    }

    static func values(_ expected: String, _ entered: String, kind: FieldKind?) -> Verdict {
        switch kind {
        case .name?:
            if FieldValue.normalizedName(expected) == FieldValue.normalizedName(entered) { return .correct }
            return NameFolding.fold(expected) == NameFolding.fold(entered) ? .sameWhenFolded : .wrong
        case .date?:
            if case .date(let want) = DateReading(expected), case .date(let got) = DateReading(entered) {
                return want == got ? .correct : .wrong
            }
            return expected == entered ? .correct : .wrong
        default:
            return expected.trimmingCharacters(in: .whitespaces) == entered.trimmingCharacters(in: .whitespaces) ? .correct : .wrong
        }
    }

    /// A field as a mistake line shows it: the value, `[flag]`, or `value [uncertain]`.
    public static func shown(_ field: StoredField?) -> String {
        guard let field else { return "(nothing)" }
        switch (field.value, field.flag) {
        case (let value?, nil): return value
        case (let value?, let flag?): return "\(value) [\(flag)]"
        case (nil, let flag?): return "[\(flag)]"
        case (nil, nil): return "(nothing)"
        }
    }
}
