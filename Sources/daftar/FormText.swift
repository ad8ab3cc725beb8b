import Registry

/// The interactive form's own words (prompts, notices, hints) in the operator's
/// language; field and act-type labels come from the schema.
enum FormText {
    case header(scope: String, pass: Int?, operator: String, pages: Int, drafts: Int)
    case keys
    case actTypePrompt([String])
    case notAnActType(String)
    case anotherAct
    case resuming(record: Int64, type: String)
    case nothingEntered
    case saved(record: Int64)
    case draftSaved(record: Int64, at: String)
    case draftSavedAtCheck(record: Int64)
    case stopped
    case saveAnyway
    /// Heads the list of fields after a refused save.
    case fieldList
    case fixPrompt
    case notAField(String, count: Int)
    case noMorePages(ledger: String?)
    case page(id: Int64, file: String, number: Int, half: Int, ledger: String?)
    case image(path: String, opened: Bool)
    case allLedgers
    case ledger(String)
    case hint(FieldKind)

    func text(in language: Language) -> String {
        switch language {
        case .en: english
        case .ru: russian
        case .tg: tajik
        }
    }

    /// Whether an answer to a yes/no question is yes, in any of the three languages.
    static func isYes(_ answer: String) -> Bool {
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return ["y", "yes", "д", "да", "ҳ", "ҳа", "х", "ха"].contains(word)
    }

    private var english: String {
        switch self {
        case .header(let scope, let pass, let who, let pages, let drafts):
            "daftar enter — \(scope)\(pass.map { ", pass \($0)" } ?? ""), operator \(who): "
                + "\(pages) page(s) waiting, \(drafts) draft(s) to finish"
        case .keys:
            "At a field: Enter skips, ?? illegible, -- blank in the source, \"value ?\" uncertain, "
                + "< back, . only what is still required. Ctrl-C saves a draft and stops."
        case .actTypePrompt(let types): "act type (\(types.joined(separator: ", ")); Enter: next page) > "
        case .notAnActType(let name): "\"\(name)\" is not an act type"
        case .anotherAct: "another act on this page? [y/N] "
        case .resuming(let record, let type): "Resuming draft record \(record) (\(type))."
        case .nothingEntered: "Nothing entered; no record saved."
        case .saved(let record): "Record \(record) saved (keyed)."
        case .draftSaved(let record, let key): "Draft record \(record) saved; `daftar enter` resumes it at \(key)."
        case .draftSavedAtCheck(let record): "Draft record \(record) saved; `daftar enter` resumes it at the final check."
        case .stopped: "Stopped."
        case .saveAnyway: "save anyway? [y/N] "
        case .fieldList: "Not saved. Fields of the record (! error, ? warning):"
        case .fixPrompt: "field to fix (number or key; Enter: keep the record as a draft and stop) > "
        case .notAField(let answer, let count): "\"\(answer)\" is not a field: give a number from 1 to \(count) or a key from the list"
        case .noMorePages(let ledger): "No more pages waiting" + (ledger.map { " in ledger \($0)" } ?? "") + "."
        case .page(let id, let file, let number, let half, let ledger):
            "Page \(id): \(file) page \(number)" + (half == 1 ? ", left half" : half == 2 ? ", right half" : "")
                + (ledger.map { ", ledger \($0)" } ?? "")
        case .image(let path, let opened): "  image: \(path)" + (opened ? " (opened in the viewer)" : "")
        case .allLedgers: "all ledgers"
        case .ledger(let code): "ledger \(code)"
        case .hint(let kind):
            switch kind {
            case .text: "text"
            case .name: "name"
            case .date: "date: 1957, 1957-03, 1957-03-12 or 12.03.1957"
            case .integer: "number"
            case .boolean: "yes/no"
            case .choice(let values): values.joined(separator: "/")
            case .office: "office code"
            }
        }
    }

    private var russian: String {
        switch self {
        case .header(let scope, let pass, let who, let pages, let drafts):
            "daftar enter — \(scope)\(pass.map { ", проход \($0)" } ?? ""), оператор \(who): "
                + "страниц к вводу: \(pages), черновиков: \(drafts)"
        case .keys:
            "В поле: Enter — пропустить, ?? — неразборчиво, -- — пусто в книге, «значение ?» — не уверен, "
                + "< — назад, . — только обязательные. Ctrl-C сохраняет черновик и выходит."
        case .actTypePrompt(let types): "вид записи акта (\(types.joined(separator: ", ")); Enter — следующая страница) > "
        case .notAnActType(let name): "«\(name)» — не вид записи акта"
        case .anotherAct: "ещё запись на этой странице? [д/Н] "
        case .resuming(let record, let type): "Продолжаем черновик записи \(record) (\(type))."
        case .nothingEntered: "Ничего не введено; запись не сохранена."
        case .saved(let record): "Запись \(record) сохранена (keyed)."
        case .draftSaved(let record, let key): "Черновик записи \(record) сохранён; `daftar enter` продолжит с поля \(key)."
        case .draftSavedAtCheck(let record): "Черновик записи \(record) сохранён; `daftar enter` продолжит с итоговой проверки."
        case .stopped: "Остановлено."
        case .saveAnyway: "всё равно сохранить? [д/Н] "
        case .fieldList: "Не сохранено. Поля записи (! ошибка, ? предупреждение):"
        case .fixPrompt: "какое поле исправить (номер или ключ; Enter — оставить черновик и выйти) > "
        case .notAField(let answer, let count): "«\(answer)» — не поле: укажите номер от 1 до \(count) или ключ из списка"
        case .noMorePages(let ledger): "Страниц к вводу больше нет" + (ledger.map { " в книге \($0)" } ?? "") + "."
        case .page(let id, let file, let number, let half, let ledger):
            "Страница \(id): \(file), стр. \(number)" + (half == 1 ? ", левая половина" : half == 2 ? ", правая половина" : "")
                + (ledger.map { ", книга \($0)" } ?? "")
        case .image(let path, let opened): "  изображение: \(path)" + (opened ? " (открыто в просмотрщике)" : "")
        case .allLedgers: "все книги"
        case .ledger(let code): "книга \(code)"
        case .hint(let kind):
            switch kind {
            case .text: "текст"
            case .name: "имя"
            case .date: "дата: 1957, 1957-03, 1957-03-12 или 12.03.1957"
            case .integer: "число"
            case .boolean: "да/нет"
            case .choice(let values): values.joined(separator: "/")
            case .office: "код органа ЗАГС"
            }
        }
    }

    private var tajik: String {
        switch self {
        case .header(let scope, let pass, let who, let pages, let drafts):
            "daftar enter — \(scope)\(pass.map { ", гузариш \($0)" } ?? ""), оператор \(who): "
                + "саҳифаҳои интизори ворид: \(pages), сиёҳнависҳо: \(drafts)"
        case .keys:
            "Дар майдон: Enter — гузаштан, ?? — хонда намешавад, -- — дар китоб холӣ, «қимат ?» — боварӣ нест, "
                + "< — ба қафо, . — танҳо ҳатмӣ. Ctrl-C сиёҳнависро нигоҳ медорад ва мебарояд."
        case .actTypePrompt(let types): "навъи санад (\(types.joined(separator: ", ")); Enter — саҳифаи навбатӣ) > "
        case .notAnActType(let name): "«\(name)» навъи санад нест"
        case .anotherAct: "боз санад дар ин саҳифа? [ҳ/Н] "
        case .resuming(let record, let type): "Идомаи сиёҳнависи сабти \(record) (\(type))."
        case .nothingEntered: "Чизе ворид нашуд; сабт нигоҳ дошта нашуд."
        case .saved(let record): "Сабти \(record) нигоҳ дошта шуд (keyed)."
        case .draftSaved(let record, let key): "Сиёҳнависи сабти \(record) нигоҳ дошта шуд; `daftar enter` аз майдони \(key) идома медиҳад."
        case .draftSavedAtCheck(let record): "Сиёҳнависи сабти \(record) нигоҳ дошта шуд; `daftar enter` аз санҷиши ниҳоӣ идома медиҳад."
        case .stopped: "Қатъ шуд."
        case .saveAnyway: "ба ҳар ҳол нигоҳ дорем? [ҳ/Н] "
        case .fieldList: "Нигоҳ дошта нашуд. Майдонҳои сабт (! хато, ? огоҳӣ):"
        case .fixPrompt: "кадом майдонро ислоҳ кунем (рақам ё калид; Enter — сиёҳнависро гузоштан ва баромадан) > "
        case .notAField(let answer, let count): "«\(answer)» майдон нест: рақами аз 1 то \(count) ё калиде аз рӯйхатро диҳед"
        case .noMorePages(let ledger): "Дигар саҳифаи интизори ворид нест" + (ledger.map { " дар китоби \($0)" } ?? "") + "."
        case .page(let id, let file, let number, let half, let ledger):
            "Саҳифаи \(id): \(file), саҳ. \(number)" + (half == 1 ? ", нимаи чап" : half == 2 ? ", нимаи рост" : "")
                + (ledger.map { ", китоби \($0)" } ?? "")
        case .image(let path, let opened): "  тасвир: \(path)" + (opened ? " (дар намоишгар кушода шуд)" : "")
        case .allLedgers: "ҳамаи китобҳо"
        case .ledger(let code): "китоби \(code)"
        case .hint(let kind):
            switch kind {
            case .text: "матн"
            case .name: "ном"
            case .date: "сана: 1957, 1957-03, 1957-03-12 ё 12.03.1957"
            case .integer: "адад"
            case .boolean: "ҳа/не"
            case .choice(let values): values.joined(separator: "/")
            case .office: "рамзи мақом"
            }
        }
    }
}
