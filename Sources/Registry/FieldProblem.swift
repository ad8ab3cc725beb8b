/// Something wrong (an error) or unlikely (a warning the operator confirms) about
/// one field, with a message that names the field and the rule.
public struct FieldProblem: Error, Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        case unknownField(type: String)
        case required
        case unreadableDate
        case impossibleDate
        case notAnInteger
        case notABoolean
        case notAChoice([String])
        case unknownOffice
        case empty
        /// `illegible` or `blank-in-source` given together with a value.
        case flagExcludesValue(FieldFlag)
        /// `uncertain` given without a value.
        case flagNeedsValue
        // Warnings.
        case beforeBirth(birthKey: String)
        case actBeforeEvent(eventKey: String)
        case youngSpouse(years: Int)
        /// A date after the day the record is checked: no act can have happened yet.
        case afterToday
        /// Another record of the same act type, office and year has this act number.
        case actNumberTaken(recordId: Int64)
    }

    public let key: String
    public let rule: Rule
    /// The value as typed, when there was one.
    public let value: String?

    public init(key: String, rule: Rule, value: String? = nil) {
        self.key = key
        self.rule = rule
        self.value = value
    }

    /// Whether the operator may confirm it and go on.
    public var isWarning: Bool {
        switch rule {
        case .beforeBirth, .actBeforeEvent, .youngSpouse, .afterToday, .actNumberTaken: true
        default: false
        }
    }

    /// One line: the field's key, then what is wrong, in the operator's language.
    public func message(in language: Language) -> String {
        let shown = value.map { "\"\($0)\"" } ?? ""
        let text: String
        switch (rule, language) {
        case (.unknownField(let type), .en): text = "no such field in a \(type) act"
        case (.unknownField(let type), .ru): text = "такого поля нет в акте «\(type)»"
        case (.unknownField(let type), .tg): text = "дар санади «\(type)» чунин майдон нест"
        case (.required, .en): text = "required, not entered"
        case (.required, .ru): text = "обязательное поле не заполнено"
        case (.required, .tg): text = "майдони ҳатмӣ пур нашудааст"
        case (.unreadableDate, .en): text = "\(shown) is not a date (1957, 1957-03, 1957-03-12 or 12.03.1957)"
        case (.unreadableDate, .ru): text = "\(shown) — не дата (1957, 1957-03, 1957-03-12 или 12.03.1957)"
        case (.unreadableDate, .tg): text = "\(shown) сана нест (1957, 1957-03, 1957-03-12 ё 12.03.1957)"
        case (.impossibleDate, .en): text = "\(shown) is not a day of the calendar"
        case (.impossibleDate, .ru): text = "\(shown) — такого дня нет в календаре"
        case (.impossibleDate, .tg): text = "\(shown) — чунин рӯз дар тақвим нест"
        case (.notAnInteger, .en): text = "\(shown) is not a whole number"
        case (.notAnInteger, .ru): text = "\(shown) — не целое число"
        case (.notAnInteger, .tg): text = "\(shown) адади бутун нест"
        case (.notABoolean, .en): text = "\(shown) is not yes or no"
        case (.notABoolean, .ru): text = "\(shown) — не «да» и не «нет»"
        case (.notABoolean, .tg): text = "\(shown) на «ҳа» аст, на «не»"
        case (.notAChoice(let values), .en): text = "\(shown) is not one of \(values.joined(separator: ", "))"
        case (.notAChoice(let values), .ru): text = "\(shown) — не одно из: \(values.joined(separator: ", "))"
        case (.notAChoice(let values), .tg): text = "\(shown) яке аз инҳо нест: \(values.joined(separator: ", "))"
        case (.unknownOffice, .en): text = "\(shown) is not in the offices list"
        case (.unknownOffice, .ru): text = "\(shown) нет в списке органов ЗАГС"
        case (.unknownOffice, .tg): text = "\(shown) дар рӯйхати мақомот нест"
        case (.empty, .en): text = "empty (leave it out, or flag it blank-in-source)"
        case (.empty, .ru): text = "пусто (не указывайте поле или отметьте blank-in-source)"
        case (.empty, .tg): text = "холӣ (майдонро нагузоред ё blank-in-source қайд кунед)"
        case (.flagExcludesValue(let flag), .en): text = "flagged \(flag.rawValue) but has a value \(shown)"
        case (.flagExcludesValue(let flag), .ru): text = "отмечено \(flag.rawValue), но есть значение \(shown)"
        case (.flagExcludesValue(let flag), .tg): text = "\(flag.rawValue) қайд шуда, вале қимат дорад \(shown)"
        case (.flagNeedsValue, .en): text = "flagged uncertain but has no value"
        case (.flagNeedsValue, .ru): text = "отмечено uncertain, но значения нет"
        case (.flagNeedsValue, .tg): text = "uncertain қайд шуда, вале қимат надорад"
        case (.beforeBirth(let birthKey), .en): text = "\(shown) is before \(birthKey)"
        case (.beforeBirth(let birthKey), .ru): text = "\(shown) раньше, чем \(birthKey)"
        case (.beforeBirth(let birthKey), .tg): text = "\(shown) пеш аз \(birthKey) аст"
        case (.actBeforeEvent(let eventKey), .en): text = "\(shown) is before the event it records (\(eventKey))"
        case (.actBeforeEvent(let eventKey), .ru): text = "\(shown) раньше события, которое запись удостоверяет (\(eventKey))"
        case (.actBeforeEvent(let eventKey), .tg): text = "\(shown) пеш аз ҳодисаи сабтшаванда аст (\(eventKey))"
        case (.youngSpouse(let years), .en): text = "\(years) years old at the act date"
        case (.youngSpouse(let years), .ru): text = "на дату записи \(years) лет"
        case (.youngSpouse(let years), .tg): text = "дар санаи сабт \(years) сола"
        case (.afterToday, .en): text = "\(shown) is in the future (after today)"
        case (.afterToday, .ru): text = "\(shown) — дата в будущем (позже сегодняшнего дня)"
        case (.afterToday, .tg): text = "\(shown) санаи оянда аст (баъд аз имрӯз)"
        case (.actNumberTaken(let id), .en): text = "\(shown) is already the number of record \(id) (same office, act type and year)"
        case (.actNumberTaken(let id), .ru): text = "\(shown) уже номер записи \(id) (тот же орган, вид акта и год)"
        case (.actNumberTaken(let id), .tg): text = "\(shown) аллакай рақами сабти \(id) аст (ҳамон мақом, навъи санад ва сол)"
        }
        return "\(key): \(text)"
    }
}
