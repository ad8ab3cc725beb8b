import Registry

/// The fixed words of an archival extract in Tajik, Russian and English, and the
/// way its values are written in each (dates as the region writes them, yes/no and
/// the schema's choices in words).
struct ExtractWording {
    let language: Language

    private func pick(_ tg: String, _ ru: String, _ en: String) -> String {
        switch language {
        case .tg: tg
        case .ru: ru
        case .en: en
        }
    }

    var country: String { pick("Ҷумҳурии Тоҷикистон", "Республика Таджикистан", "Republic of Tajikistan") }
    var office: String { pick("Мақоми САҲШ", "Орган ЗАГС", "Civil registry office") }
    var title: String { pick("ИҚТИБОСИ БОЙГОНӢ", "АРХИВНАЯ ВЫПИСКА", "ARCHIVAL EXTRACT") }
    var actRecord: String { pick("Сабти санади ҳолати шаҳрвандӣ", "Запись акта гражданского состояния", "Civil status act record") }
    var act: String { pick("Санад", "Запись акта", "Act") }
    var number: String { pick("рақам", "№", "no.") }
    var issued: String { pick("Санаи додан", "Дата выдачи", "Date of issue") }
    var issuedBy: String { pick("Додааст", "Выдал", "Issued by") }
    var source: String { pick("Асос", "Основание", "Made from") }
    var recordVersion: String { pick("сабти %1, нусхаи %2", "запись %1, версия %2", "record %1, version %2") }
    var code: String { pick("Рамзи тасдиқ", "Код проверки", "Verification code") }
    var signature: String { pick("Имзои мутасаддӣ", "Подпись ответственного", "Registrar's signature") }
    var seal: String { pick("Ҷои мӯҳр", "М. П.", "Seal") }
    var check: String { pick("Санҷиш", "Проверка", "Check") }
    var images: String { pick("Тасвири саҳифаҳои китоб", "Изображения страниц книги записей", "Page images from the ledger") }
    var imagesFollow: String { pick("Тасвири саҳифаҳо дар саҳифаи 2.", "Изображения страниц — на странице 2.", "Page images are on page 2.") }
    var page: String { pick("саҳифа", "страница", "page") }
    var unverified: String {
        pick("ТАСДИҚНАШУДА: сабт аз ҷониби шахси дуюм бо китоб муқоиса нашудааст.",
             "НЕ ПРОВЕРЕНО: запись не сверена с книгой вторым сотрудником.",
             "NOT VERIFIED: the record has not been checked against the ledger by a second person.")
    }
    var nothingEntered: String { pick("Ягон қайд ворид нашудааст.", "Сведения не внесены.", "Nothing has been entered.") }

    func flag(_ flag: FieldFlag) -> String {
        switch flag {
        case .illegible: pick("хонда намешавад", "неразборчиво", "illegible")
        case .uncertain: pick("номуайян", "под сомнением", "uncertain")
        case .blankInSource: pick("дар китоб холӣ", "в книге не заполнено", "blank in the ledger")
        }
    }

    /// A stored value as the extract prints it.
    func value(_ text: String, kind: FieldKind?, offices: OfficeList?) -> String {
        switch kind {
        case .date?:
            guard language != .en, case .date(let date) = DateReading(text) else { return text }
            return date.regional
        case .boolean?:
            return text == "true" ? pick("ҳа", "да", "yes") : text == "false" ? pick("не", "нет", "no") : text
        case .office?:
            guard let name = offices?.names[text] else { return text }
            return "\(name) (\(text))"
        case .choice?:
            return choice(text)
        default:
            return text
        }
    }

    private func choice(_ value: String) -> String {
        switch value {
        case "male": pick("мард", "мужской", "male")
        case "female": pick("зан", "женский", "female")
        case "unknown": pick("номаълум", "неизвестно", "unknown")
        case "never-married": pick("издивоҷ накарда", "в браке не состоял(а)", "never married")
        case "divorced": pick("ҷудошуда", "разведён(а)", "divorced")
        case "widowed": pick("бевамард/бевазан", "вдовец/вдова", "widowed")
        case "court": pick("қарори суд", "решение суда", "court decision")
        case "joint-application": pick("аризаи муштарак", "совместное заявление", "joint application")
        default: value
        }
    }
}
