import Foundation
import Registry
import Synthesis

/// An act as the generator writes it into a ledger: what the key (manifest) says, and
/// how it looks on paper — the form's language, the clerk's hand, blotted or blank lines.
struct SampleAct {
    let type: String
    /// Field values as the archive stores them (dates in ISO form).
    let values: [(key: String, value: String)]
    /// Fields the ledger shows but cannot give: `illegible` (drawn, then blotted; the text
    /// under the blot is here) or `blank-in-source` (a dash on the line).
    var illegible: [String: String] = [:]
    var blank: [String] = []
    /// Soviet-era forms were printed in Russian; later ones in Tajik.
    var russianForm = true
    var hand: ActSheet.Hand = .handwriting

    /// The key's line: `{"file", "page", "half", "type", "fields", "flags"}` (a manifest row).
    func manifestLine(file: String, page: Int? = nil, half: String? = nil) -> String {
        var object: [String: Any] = ["file": file, "type": type,
                                     "fields": Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })]
        var flags: [String: String] = [:]
        for key in illegible.keys { flags[key] = "illegible" }
        for key in blank { flags[key] = "blank-in-source" }
        if !flags.isEmpty { object["flags"] = flags }
        if let page { object["page"] = page }
        if let half { object["half"] = half }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The form filled in: every field the act gives, in the order the schema lists them.
    func sheet(dpi: Int, seed: UInt64, offices: [String: String]) -> ActSheet {
        let schema = ActSchema.builtIn
        guard let actType = schema.type(named: type) else { fatalError("unknown act type \(type)") }
        let language: Language = russianForm ? .ru : .tg
        let given = Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        var lines: [ActSheet.Line] = []
        for field in actType.fields where field.key != "act.number" {
            let label = field.labels.text(in: language)
            let shown = label.prefix(1).uppercased() + label.dropFirst()
            if let hidden = illegible[field.key] {
                lines.append(.init(label: shown, value: hidden, legible: false))
            } else if blank.contains(field.key) {
                lines.append(.init(label: shown, value: "—"))
            } else if let value = given[field.key] {
                lines.append(.init(label: shown, value: written(value, kind: field.kind)))
            }
        }
        let number = given["act.number"] ?? ""
        let office = given["act.office"].map { offices[$0] ?? $0 } ?? ""
        let titles: [String: (ru: String, tg: String)] = [
            "birth": ("ЗАПИСЬ АКТА О РОЖДЕНИИ", "САБТИ САНАДИ ТАВАЛЛУД"),
            "death": ("ЗАПИСЬ АКТА О СМЕРТИ", "САБТИ САНАДИ ФАВТ"),
            "marriage": ("ЗАПИСЬ АКТА О ЗАКЛЮЧЕНИИ БРАКА", "САБТИ САНАДИ АҚДИ НИКОҲ"),
            "divorce": ("ЗАПИСЬ АКТА О РАСТОРЖЕНИИ БРАКА", "САБТИ САНАДИ БЕКОР КАРДАНИ НИКОҲ"),
            "paternity": ("ЗАПИСЬ АКТА ОБ УСТАНОВЛЕНИИ ОТЦОВСТВА", "САБТИ САНАДИ МУҚАРРАР КАРДАНИ ПАДАРӢ"),
            "name-change": ("ЗАПИСЬ АКТА О ПЕРЕМЕНЕ ИМЕНИ", "САБТИ САНАДИ ИВАЗИ НОМ"),
            "adoption": ("ЗАПИСЬ АКТА ОБ УСЫНОВЛЕНИИ", "САБТИ САНАДИ ФАРЗАНДХОНДӢ"),
        ]
        let title = (russianForm ? titles[type]?.ru : titles[type]?.tg) ?? type
        let subtitle = (russianForm ? "Отдел ЗАГС: " : "Мақоми САҲШ: ") + office
        return ActSheet(title: "\(title) № \(number)", subtitle: subtitle, lines: lines, hand: hand, dpi: dpi, seed: seed)
    }

    /// A value as a clerk writes it: dates as 12.03.1957, sex and the like in words.
    private func written(_ value: String, kind: FieldKind) -> String {
        switch kind {
        case .date:
            guard case .date(let date) = DateReading(value) else { return value }
            return date.regional
        case .choice:
            let words: [String: (ru: String, tg: String)] = [
                "male": ("мужской", "мард"), "female": ("женский", "зан"), "unknown": ("неизвестно", "номаълум"),
                "never-married": ("в браке не состоял(а)", "издивоҷ накарда"), "divorced": ("разведён(а)", "ҷудошуда"),
                "widowed": ("вдов(а)", "бева"), "court": ("решение суда", "қарори суд"),
                "joint-application": ("совместное заявление", "аризаи муштарак"),
            ]
            return (russianForm ? words[value]?.ru : words[value]?.tg) ?? value
        case .boolean:
            return value == "true" ? (russianForm ? "да" : "ҳа") : (russianForm ? "нет" : "не")
        default:
            return value
        }
    }
}
