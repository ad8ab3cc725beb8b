import Synthesis

/// The acts on the Samples' pages and on the training exercises' pages. Names, dates and
/// places are made up; their spellings follow the time: Russian forms and Russified
/// spellings in Soviet-era ledgers, Tajik forms and spellings after 1991.
enum SampleLedger {
    // MARK: Samples

    static let birth1957 = SampleAct(type: "birth", values: [
        ("act.number", "214"), ("act.date", "1957-03-12"), ("act.office", "DSH-01"),
        ("child.surname", "Джураев"), ("child.givenName", "Гайратджон"), ("child.patronymic", "Рахимович"), ("child.sex", "male"),
        ("mother.surname", "Джураева"), ("mother.givenName", "Кумри"), ("mother.nationality", "таджичка"),
        ("father.surname", "Джураев"), ("father.givenName", "Рахим"), ("father.nationality", "таджик"),
        ("birth.date", "1957-03-01"), ("birth.place", "г. Сталинабад"),
    ], hand: .printed)

    static let birth1957b = SampleAct(type: "birth", values: [
        ("act.number", "215"), ("act.date", "1957-03-12"), ("act.office", "DSH-01"),
        ("child.surname", "Саидова"), ("child.givenName", "Мавджуда"), ("child.sex", "female"),
        ("mother.surname", "Саидова"), ("mother.givenName", "Зарина"), ("mother.patronymic", "Алиевна"),
        ("father.surname", "Саидов"), ("father.givenName", "Файзулло"),
        ("birth.date", "1957-03-05"), ("birth.place", "кишлак Ромит"),
    ])

    static let death1962 = SampleAct(type: "death", values: [
        ("act.number", "37"), ("act.date", "1962-11-20"), ("act.office", "DSH-02"),
        ("deceased.surname", "Каримов"), ("deceased.givenName", "Абдулло"), ("deceased.patronymic", "Назарович"),
        ("deceased.sex", "male"), ("deceased.birthDate", "1889"),
        ("death.date", "1962-11-18"), ("death.place", "г. Душанбе"), ("death.cause", "сердечная недостаточность"),
    ])

    static let marriage1994 = SampleAct(type: "marriage", values: [
        ("act.number", "112"), ("act.date", "1994-06-25"), ("act.office", "SGD-01"),
        ("husband.surname", "Раҳимов"), ("husband.givenName", "Фарҳод"), ("husband.birthDate", "1969-02-14"),
        ("wife.surname", "Назарова"), ("wife.surnameAfter", "Раҳимова"), ("wife.givenName", "Мадина"),
        ("wife.birthDate", "1972-09-30"), ("wife.priorStatus", "never-married"),
    ], russianForm: false, hand: .printed)

    static let birth2001a = SampleAct(type: "birth", values: [
        ("act.number", "1203"), ("act.date", "2001-08-17"), ("act.office", "KHT-01"),
        ("child.surname", "Шарипов"), ("child.givenName", "Ҷамшед"), ("child.sex", "male"),
        ("mother.surname", "Шарипова"), ("mother.givenName", "Гулчеҳра"),
        ("father.surname", "Шарипов"), ("father.givenName", "Ҳасан"), ("birth.date", "2001-08-09"),
    ], russianForm: false)

    static let birth2001b = SampleAct(type: "birth", values: [
        ("act.number", "1204"), ("act.date", "2001-08-17"), ("act.office", "KHT-01"),
        ("child.surname", "Қодирова"), ("child.givenName", "Нилуфар"), ("child.sex", "female"),
        ("mother.surname", "Қодирова"), ("mother.givenName", "Шаҳло"), ("birth.date", "2001-08-12"),
    ], russianForm: false)

    static let divorce1988 = SampleAct(type: "divorce", values: [
        ("act.number", "58"), ("act.date", "1988-04-02"), ("act.office", "SGD-02"),
        ("husband.surname", "Юсупов"), ("husband.givenName", "Бахтиёр"), ("wife.surname", "Юсупова"),
        ("wife.surnameAfter", "Турсунова"), ("wife.givenName", "Дилором"),
        ("marriage.date", "1979-10-13"), ("divorce.basis", "court"),
    ])

    static let nameChange1988 = SampleAct(type: "name-change", values: [
        ("act.number", "9"), ("act.date", "1988-04-05"), ("act.office", "SGD-02"),
        ("person.surname", "Турсунов"), ("person.givenName", "Олег"), ("person.sex", "male"),
        ("personAfter.surname", "Турсунов"), ("personAfter.givenName", "Олим"), ("basis.kind", "заявление"),
    ])

    static let paternity2003 = SampleAct(type: "paternity", values: [
        ("act.number", "14"), ("act.date", "2003-02-11"), ("act.office", "GBA-01"),
        ("person.surname", "Мамадназарова"), ("person.givenName", "Зебо"), ("person.sex", "female"),
        ("person.birthDate", "2002-12-01"), ("father.surname", "Мамадназаров"), ("father.givenName", "Алишер"),
        ("basis.kind", "аризаи муштараки волидон"),
    ], russianForm: false, hand: .printed)

    // MARK: Exercises

    /// Clean printed birth acts of the 2010s (Tajik forms): the first exercise.
    static let easy: [SampleAct] = [
        SampleAct(type: "birth", values: [
            ("act.number", "301"), ("act.date", "2012-05-03"), ("act.office", "DSH-03"),
            ("child.surname", "Азизов"), ("child.givenName", "Комрон"), ("child.sex", "male"),
            ("mother.surname", "Азизова"), ("mother.givenName", "Малика"), ("father.surname", "Азизов"),
            ("father.givenName", "Бахтиёр"), ("birth.date", "2012-04-27"), ("birth.place", "ш. Душанбе"),
        ], russianForm: false, hand: .printed),
        SampleAct(type: "birth", values: [
            ("act.number", "302"), ("act.date", "2012-05-03"), ("act.office", "DSH-03"),
            ("child.surname", "Ғафурова"), ("child.givenName", "Сабрина"), ("child.sex", "female"),
            ("mother.surname", "Ғафурова"), ("mother.givenName", "Ситора"), ("birth.date", "2012-04-30"),
            ("birth.place", "ш. Душанбе"),
        ], russianForm: false, hand: .printed),
        SampleAct(type: "birth", values: [
            ("act.number", "303"), ("act.date", "2012-05-04"), ("act.office", "DSH-03"),
            ("child.surname", "Ҳакимов"), ("child.givenName", "Умед"), ("child.sex", "male"),
            ("mother.surname", "Ҳакимова"), ("mother.givenName", "Зулфия"), ("father.surname", "Ҳакимов"),
            ("father.givenName", "Ӯктам"), ("birth.date", "2012-05-01"), ("birth.place", "н. Варзоб"),
        ], russianForm: false, hand: .printed),
    ]

    /// Handwritten acts with a partial date, an illegible entry and a blank line.
    static let medium: [SampleAct] = [
        SampleAct(type: "birth", values: [
            ("act.number", "88"), ("act.date", "1949-05-20"), ("act.office", "KHT-02"),
            ("child.surname", "Олимов"), ("child.givenName", "Сафар"), ("child.sex", "male"),
            ("mother.surname", "Олимова"), ("mother.givenName", "Бибигул"), ("mother.birthDate", "1921"),
            ("birth.date", "1949-05"), ("birth.place", "кишлак Дахана"),
        ], illegible: ["father.givenName": "Олимджон"], russianForm: true),
        SampleAct(type: "birth", values: [
            ("act.number", "89"), ("act.date", "1949-05-21"), ("act.office", "KHT-02"),
            ("child.surname", "Бобоева"), ("child.givenName", "Тахмина"), ("child.sex", "female"),
            ("mother.surname", "Бобоева"), ("mother.givenName", "Ойша"), ("birth.date", "1949-05-17"),
        ], blank: ["father.surname"], russianForm: true),
        SampleAct(type: "death", values: [
            ("act.number", "41"), ("act.date", "1949-06-02"), ("act.office", "KHT-02"),
            ("deceased.surname", "Назаров"), ("deceased.givenName", "Хуршед"), ("deceased.sex", "male"),
            ("deceased.birthDate", "1880"), ("death.date", "1949-05"),
        ], illegible: ["death.cause": "воспаление лёгких"], russianForm: true),
    ]

    /// Mixed act types of the 1960s-80s in Russified spelling; the first act appears twice.
    static let hard: [SampleAct] = [
        SampleAct(type: "marriage", values: [
            ("act.number", "140"), ("act.date", "1968-09-14"), ("act.office", "SGD-01"),
            ("husband.surname", "Хабибуллаев"), ("husband.givenName", "Акрам"), ("husband.priorStatus", "never-married"),
            ("wife.surname", "Мирзоева"), ("wife.surnameAfter", "Хабибуллаева"), ("wife.givenName", "Гульнора"),
            ("wife.priorStatus", "never-married"),
        ]),
        SampleAct(type: "death", values: [
            ("act.number", "203"), ("act.date", "1971-01-08"), ("act.office", "SGD-01"),
            ("deceased.surname", "Ходжаев"), ("deceased.givenName", "Убайдулло"), ("deceased.patronymic", "Ходжаевич"),
            ("deceased.sex", "male"), ("death.date", "1971-01-06"), ("death.place", "г. Ленинабад"),
        ]),
        SampleAct(type: "divorce", values: [
            ("act.number", "17"), ("act.date", "1979-03-30"), ("act.office", "SGD-01"),
            ("husband.surname", "Джалилов"), ("husband.givenName", "Шухрат"), ("wife.surname", "Джалилова"),
            ("wife.surnameAfter", "Усманова"), ("wife.givenName", "Мунира"), ("divorce.basis", "joint-application"),
        ]),
        SampleAct(type: "name-change", values: [
            ("act.number", "3"), ("act.date", "1984-07-19"), ("act.office", "SGD-01"),
            ("person.surname", "Иванов"), ("person.givenName", "Абдурахман"), ("person.sex", "male"),
            ("personAfter.surname", "Абдурахмонов"), ("personAfter.givenName", "Абдурахман"),
            ("basis.kind", "заявление"),
        ]),
    ]

    // MARK: The scan-quality exercise

    /// A page of the scanning exercise: how it was scanned, and what daftar's policy should say.
    struct Scan {
        let file: String
        let dpi: Int
        let skew: Double
        var paperLevel = 236
        /// How far the sheet lies past the scanner glass's right edge, as a share of its width.
        var pastEdge = 0.0
        let expected: String?
    }

    static let scans: [Scan] = [
        Scan(file: "scan-01.jpg", dpi: 150, skew: 0.8, expected: nil),
        Scan(file: "scan-02.jpg", dpi: 100, skew: -0.5, expected: "dpi"),
        Scan(file: "scan-03.jpg", dpi: 150, skew: 8.5, expected: "skew"),
        Scan(file: "scan-04.jpg", dpi: 150, skew: 1.2, paperLevel: 92, expected: "dark"),
        Scan(file: "scan-05.jpg", dpi: 150, skew: -0.3, pastEdge: 0.12, expected: "cut"),
        Scan(file: "scan-06.jpg", dpi: 150, skew: -1.6, expected: nil),
    ]
}
