import Foundation

/// A record checked against its act type: typed entries, and the warnings the
/// operator is asked to confirm.
public struct ValidatedRecord: Sendable, Equatable {
    public let type: ActType
    /// Entries by field key; fields not entered are absent.
    public let fields: [String: FieldEntry]
    public let warnings: [FieldProblem]

    public init(type: ActType, fields: [String: FieldEntry], warnings: [FieldProblem]) {
        self.type = type
        self.fields = fields
        self.warnings = warnings
    }
}

/// Turns typed text into a record of an act type: every value parsed to its kind,
/// required fields present, impossible dates refused; plausibility (dates out of
/// order, dates after today, very young spouses) comes back as warnings, not errors.
public struct RecordValidator: Sendable {
    public let schema: ActSchema
    /// Office codes `office` fields may take; nil accepts any code.
    public let offices: OfficeList?

    /// The day records are checked on (in the local time zone): a date after it is flagged.
    public let today: PartialDate

    /// Below this age at the act date a spouse is flagged for confirmation.
    public static let youngestSpouse = 16

    /// A validator for `schema` and `offices`; `today` is the moment that dates after
    /// it are flagged against (tests pass a fixed one).
    public init(schema: ActSchema = .builtIn, offices: OfficeList?, today: Date = Date()) {
        self.schema = schema
        self.offices = offices
        // Taken once: a load checks a million records, and the calendar is slow.
        let day = Calendar(identifier: .gregorian).dateComponents(in: .current, from: today)
        self.today = PartialDate(year: day.year ?? 1, month: day.month ?? 1, day: day.day ?? 1)!
    }

    /// Checks a record of act type `typeName` keyed as `values` (key → text as typed)
    /// with `flags` (key → flag). Errors come back all at once, one per field and rule.
    public func validate(typeName: String, values: [String: String], flags: [String: FieldFlag] = [:])
        -> Result<ValidatedRecord, RecordProblems> {
        validate(typeName: typeName, values: Array(values), flags: flags)
    }

    /// `validate` of values listed as key and text (a key listed twice: the later text counts).
    public func validate(typeName: String, values: [(key: String, value: String)], flags: [String: FieldFlag] = [:])
        -> Result<ValidatedRecord, RecordProblems> {
        guard let type = schema.type(named: typeName) else {
            return .failure(RecordProblems(unknownType: typeName, known: schema.types.map(\.name), errors: []))
        }
        // Each value and flag is placed by its key once, in scratch space on the stack; the
        // fields are then walked in form order without hashing a key again (a load checks
        // a million records).
        let count = type.fields.count
        let (fields, errors) = withUnsafeTemporaryAllocation(of: String?.self, capacity: count) { typedAt in
            withUnsafeTemporaryAllocation(of: FieldFlag?.self, capacity: count) { flagAt in
                typedAt.initialize(repeating: nil)
                flagAt.initialize(repeating: nil)
                defer {
                    _ = typedAt.deinitialize()
                    _ = flagAt.deinitialize()
                }
                return place(values: values, flags: flags, of: type, typedAt: typedAt, flagAt: flagAt)
            }
        }
        guard errors.isEmpty else { return .failure(RecordProblems(unknownType: nil, known: [], errors: errors)) }
        return .success(ValidatedRecord(type: type, fields: fields, warnings: plausibility(of: fields, type: type)))
    }

    /// The entries of `values` and `flags` for act type `type`, checked field by field in
    /// form order, and the errors; `typedAt` and `flagAt` (one slot per field, empty) are
    /// scratch space.
    private func place(values: [(key: String, value: String)], flags: [String: FieldFlag], of type: ActType,
                       typedAt: UnsafeMutableBufferPointer<String?>, flagAt: UnsafeMutableBufferPointer<FieldFlag?>)
        -> (fields: [String: FieldEntry], errors: [FieldProblem]) {
        var unknown: Set<String> = []
        for (key, text) in values {
            if let position = type.position(of: key) { typedAt[position] = text } else { unknown.insert(key) }
        }
        for (key, flag) in flags {
            if let position = type.position(of: key) { flagAt[position] = flag } else { unknown.insert(key) }
        }
        var errors: [FieldProblem] = []
        var fields: [String: FieldEntry] = [:]
        fields.reserveCapacity(values.count + flags.count)
        for key in unknown.sorted() {
            errors.append(FieldProblem(key: key, rule: .unknownField(type: type.name)))
        }
        for (position, spec) in type.fields.enumerated() {
            let typed = typedAt[position]
            let flag = flagAt[position]
            if let flag, flag != .uncertain, let typed {
                errors.append(FieldProblem(key: spec.key, rule: .flagExcludesValue(flag), value: typed))
                continue
            }
            if flag == .uncertain && typed == nil {
                errors.append(FieldProblem(key: spec.key, rule: .flagNeedsValue))
                continue
            }
            guard let typed else {
                if let flag { fields[spec.key] = FieldEntry(value: nil, flag: flag) }
                else if spec.required { errors.append(FieldProblem(key: spec.key, rule: .required)) }
                continue
            }
            switch parse(typed, as: spec) {
            case .success(let value): fields[spec.key] = FieldEntry(value: value, flag: flag)
            case .failure(let problem): errors.append(problem)
            }
        }
        return (fields, errors)
    }

    /// One value as its field's kind (the check the interactive form makes as each field is typed).
    public func parse(_ typed: String, as spec: FieldSpec) -> Result<FieldValue, FieldProblem> {
        let text = Self.trimmed(typed)
        func problem(_ rule: FieldProblem.Rule) -> Result<FieldValue, FieldProblem> {
            .failure(FieldProblem(key: spec.key, rule: rule, value: typed))
        }
        if text.isEmpty { return problem(.empty) }
        switch spec.kind {
        case .text: return .success(.text(text.precomposedStringWithCanonicalMapping))
        case .name: return .success(.name(FieldValue.normalizedName(text)))
        case .date:
            switch DateReading(text) {
            case .date(let date): return .success(.date(date))
            case .impossible: return problem(.impossibleDate)
            case .unreadable: return problem(.unreadableDate)
            }
        case .integer:
            guard let number = Int(text) else { return problem(.notAnInteger) }
            return .success(.integer(number))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "да", "ҳа": return .success(.boolean(true))
            case "false", "no", "0", "нет", "не": return .success(.boolean(false))
            default: return problem(.notABoolean)
            }
        case .choice(let choices):
            guard choices.contains(text) else { return problem(.notAChoice(choices)) }
            return .success(.choice(text))
        case .office:
            if let offices, !offices.contains(text) { return problem(.unknownOffice) }
            return .success(.office(text))
        }
    }

    /// Text without leading and trailing white space (Foundation's trimming was a tenth of a large import).
    static func trimmed(_ text: String) -> String {
        // Most values start and end with a letter or digit: nothing to look at by grapheme.
        func solid(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x21...0x7E, 0x400...0x482, 0x48A...0x4FF: true  // printable ASCII, Cyrillic letters
            case 0x300...0x36F: false
            default: !scalar.properties.isWhitespace
            }
        }
        if let head = text.unicodeScalars.first, let tail = text.unicodeScalars.last, solid(head), solid(tail) {
            return text
        }
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return first == text.startIndex && last == text.index(before: text.endIndex) ? text : String(text[first...last])
    }

    /// Dates after today, dates out of order and very young spouses.
    func plausibility(of fields: [String: FieldEntry], type: ActType) -> [FieldProblem] {
        func date(_ key: String) -> PartialDate? {
            if case .date(let value)? = fields[key]?.value { return value }
            return nil
        }
        var warnings: [FieldProblem] = []
        // Any date field, in form order; a partial date only when even its first day is to come.
        for key in type.dateFields {
            if let value = date(key), value.isSurelyAfter(today) {
                warnings.append(FieldProblem(key: key, rule: .afterToday, value: value.description))
            }
        }
        // A death before the birth of the deceased.
        if let death = date("death.date"), let born = date("deceased.birthDate"), death.isSurelyBefore(born) {
            warnings.append(FieldProblem(key: "death.date", rule: .beforeBirth(birthKey: "deceased.birthDate"),
                                         value: death.description))
        }
        // The act registered before what it records happened.
        if let act = date("act.date") {
            for eventKey in ["birth.date", "death.date"] {
                if let event = date(eventKey), act.isSurelyBefore(event) {
                    warnings.append(FieldProblem(key: "act.date", rule: .actBeforeEvent(eventKey: eventKey),
                                                 value: act.description))
                }
            }
            if type.name == "marriage" {
                for role in ["husband", "wife"] {
                    let key = "\(role).birthDate"
                    if let born = date(key) {
                        if act.isSurelyBefore(born) {
                            warnings.append(FieldProblem(key: "act.date", rule: .beforeBirth(birthKey: key),
                                                         value: act.description))
                        } else if let years = act.years(since: born), years < Self.youngestSpouse {
                            warnings.append(FieldProblem(key: key, rule: .youngSpouse(years: years), value: born.description))
                        }
                    }
                }
            }
        }
        return warnings
    }
}

/// Why a record was refused: an act type daftar does not know, or field errors.
public struct RecordProblems: Error, Sendable, Equatable {
    public let unknownType: String?
    public let known: [String]
    public let errors: [FieldProblem]

    /// One line per problem, in the operator's language.
    public func messages(in language: Language) -> [String] {
        if let unknownType {
            switch language {
            case .en: return ["type: \"\(unknownType)\" is not an act type (\(known.joined(separator: ", ")))"]
            case .ru: return ["type: «\(unknownType)» — не вид записи акта (\(known.joined(separator: ", ")))"]
            case .tg: return ["type: «\(unknownType)» навъи санад нест (\(known.joined(separator: ", ")))"]
            }
        }
        return errors.map { $0.message(in: language) }
    }
}
