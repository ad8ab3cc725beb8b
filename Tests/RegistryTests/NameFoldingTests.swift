import Testing
@testable import Registry

@Suite("Name folding")
struct NameFoldingTests {
    /// Real names as Tajik Cyrillic, Russian Cyrillic and Latin ledgers spell them.
    @Test("the three spellings of a name fold to one key", arguments: [
        ("Ҷӯраева", "Джураева", "Juraeva", "juraev"),
        ("Маъмурҷон", "Мамурджон", "Mamurjon", "mamurjon"),
        ("Абдуқаҳҳорзода", "Абдукаххорзода", "Abdukahhorzoda", "abdukahorzoda"),
        ("Ӯлмасова", "Улмасова", "Ulmasova", "ulmasov"),
        ("Хуҷанд", "Худжанд", "Khujand", "hujand"),
        ("Ғафуров", "Гафуров", "Ghafurov", "gafurov"),
        ("Қодирова", "Кодирова", "Qodirova", "kodirov"),
        ("Раҳимзода", "Рахимзаде", "Rakhimzoda", "rahimzoda"),
        ("Алиев", "Алиев", "Aliyev", "aliev"),
        ("Юсупова", "Юсупова", "Yusupova", "iusupov"),
    ])
    func triples(tajik: String, russian: String, latin: String, key: String) {
        #expect(NameFolding.fold(tajik) == key, "\(tajik)")
        #expect(NameFolding.fold(russian) == key, "\(russian)")
        #expect(NameFolding.fold(latin) == key, "\(latin)")
    }

    @Test("Latin variants fold the same way: kh/x/h, dzh/dj/j, q/k, gh/g, yo/e, iy/ii/i")
    func latinVariants() {
        #expect(Set(["Khurshed", "Xurshed", "Hurshed"].map(NameFolding.fold)).count == 1)
        #expect(Set(["Dzhamshed", "Djamshed", "Jamshed", "Ҷамшед", "Джамшед"].map(NameFolding.fold)) == ["jamshed"])
        #expect(NameFolding.fold("Qurbon") == NameFolding.fold("Kurbon"))
        #expect(NameFolding.fold("Ghulom") == NameFolding.fold("Gulom"))
        #expect(NameFolding.fold("Fyodor") == NameFolding.fold("Фёдор") && NameFolding.fold("Фёдор") == NameFolding.fold("Федор"))
        #expect(Set(["Evgeniy", "Evgenii", "Evgeni", "Евгений"].map(NameFolding.fold)).count == 1)
        #expect(NameFolding.fold("Чоршанбе") == "chorshanbe" && NameFolding.fold("Chorshanbe") == "chorshanbe")
    }

    @Test("the letters the 1998 reform dropped, the hard sign and apostrophes, case and diacritics")
    func reformLettersAndMarks() {
        #expect(NameFolding.fold("Маъруф") == NameFolding.fold("Ma'ruf") && NameFolding.fold("Ma’ruf") == "maruf")
        #expect(NameFolding.fold("Цой") == NameFolding.fold("Сой"))
        #expect(NameFolding.fold("Рыбакова") == NameFolding.fold("Рибакова"))
        #expect(NameFolding.fold("Игорь") == NameFolding.fold("Игор"))
        #expect(NameFolding.fold("ЗАРИНА") == NameFolding.fold("зарина"))
        #expect(NameFolding.fold("Zarína") == NameFolding.fold("Zarina"))
        // ӣ and ӯ typed as a letter plus a combining macron fold like the single letters.
        #expect(NameFolding.fold("Ҷу\u{304}раева") == "juraev")
    }

    @Test("several words fold one by one; punctuation separates them")
    func words() {
        #expect(NameFolding.words(of: "Каримова-Саидова  Зарина") == ["karimov", "saidov", "zarin"])
        #expect(NameFolding.fold("") == "" && NameFolding.words(of: " - ").isEmpty)
    }

    @Test("words as written: lower case and composed, split like the folding, one pass for plain names")
    func writtenWords() {
        let plain = NameFolding.writtenWords(of: "Абдуқаҳҳорзода-Ҷӯраев  Maʼmur")
        #expect(plain.map(\.shown) == ["Абдуқаҳҳорзода", "Ҷӯраев", "Maʼmur"])
        #expect(plain.map(\.written) == ["абдуқаҳҳорзода", "ҷӯраев", "maʼmur"])
        #expect(plain.map(\.folded) == ["abdukahorzoda", "juraev", "mamur"])
        // ӯ typed as у and a combining macron is the same written word as the composed letter.
        let decomposed = NameFolding.writtenWords(of: "Ҷу\u{304}раев")
        #expect(decomposed.map(\.written) == ["ҷӯраев"] && decomposed.map(\.folded) == ["juraev"])
        #expect(NameFolding.writtenWords(of: "' - ,").isEmpty, "nothing that folds to a letter")
        for name in ["Джураева", "Mamurjon", "Ҳотамзода", "O'Neil"] {
            #expect(NameFolding.writtenWords(of: name).map(\.folded) == NameFolding.words(of: name))
        }
    }
}
