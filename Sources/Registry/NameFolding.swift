import Foundation

/// Maps every spelling of a name — Tajik Cyrillic, Russian Cyrillic, Latin, before
/// or after the 1998 spelling reform, feminine or masculine — to one folded key, a
/// Latin skeleton: `Ҷӯраева`, `Джураева` and `Juraeva` all fold to `juraev`.
///
/// Steps, each a table below: lower case without diacritics; Cyrillic (Tajik letters
/// included) letter by letter to Latin; Latin spelling variants to one form
/// (kh/x/h, dzh/dj/j, q/k, gh/g, yo/ye/e, y/i); the letters the reform dropped and
/// the hard sign or apostrophe; surname endings (-ова/-ов, -зода/-заде); doubled
/// letters to one.
public enum NameFolding {
    /// Cyrillic letters (after diacritics are removed: ӣ→и, ӯ→у, й→и, ё→е) in Latin.
    /// Tajik ғ, қ, ҳ, ҷ go as their Russian counterparts г, к, х, дж would; ц, щ, ы, ь
    /// (dropped by the 1998 reform) as the letters that replaced them.
    static let cyrillicToLatin: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ҳ": "h", "ц": "s", "ч": "ch", "ҷ": "j",
        "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
        // Letters of neighbouring alphabets that turn up in the ledgers.
        "і": "i", "ї": "i", "є": "e", "ў": "u",
        // Letters with marks, for names that skip the decomposition step.
        "ё": "e", "й": "i", "ӣ": "i", "ӯ": "u",
    ]

    /// Latin spellings of one sound, longest first, applied left to right.
    static let latinVariants: [(String, String)] = [
        ("shch", "sh"), ("dzh", "j"), ("dj", "j"), ("ch", "ch"), ("kh", "h"), ("gh", "g"), ("yo", "e"), ("ye", "e"),
        ("ts", "s"), ("x", "h"), ("q", "k"), ("w", "v"), ("y", "i"), ("c", "k"),
    ]

    /// Word endings folded to one form: feminine surnames to masculine, and -заде to -зода.
    static let endings: [(String, String)] = [
        ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("zade", "zoda"),
    ]

    /// Apostrophes and hard-sign stand-ins, dropped.
    static let dropped: Set<Character> = ["'", "’", "ʼ", "`", "ʻ", "‘", "ъ", "ь"]

    /// The folded key of a name: its words folded one by one, joined by a space.
    public static func fold(_ name: String) -> String {
        words(of: name).joined(separator: " ")
    }

    /// Each word of a name folded (hyphens and spaces separate words; empty ones go).
    public static func words(of name: String) -> [String] {
        // Most names are plain Cyrillic or ASCII: their few letters with marks are in the
        // table; anything else goes through Unicode decomposition to drop its marks.
        // The loop works on Unicode scalars: names are folded millions of times in a
        // load or a duplicate scan, and grapheme-by-grapheme work was most of that.
        let plain = isPlain(name) ? name : stripMarks(name.lowercased())
        var words: [String] = [], latin: [UInt8] = []
        latin.reserveCapacity(plain.utf8.count)
        for scalar in plain.unicodeScalars {
            if isSeparator(scalar) {
                if !latin.isEmpty, let word = finish(latin) { words.append(word) }
                latin.removeAll(keepingCapacity: true)
                continue
            }
            appendLatin(of: lowercase(scalar), to: &latin)
        }
        if !latin.isEmpty, let word = finish(latin) { words.append(word) }
        return words
    }

    /// Whether a scalar separates words: a hyphen, dash, comma, full stop or white space.
    @inline(__always) static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D, 0x2D, 0x2C, 0x2E, 0x2010, 0x2013: true
        case 0x00..<0x80, 0x400...0x4FF: false  // (no white space among Cyrillic letters)
        default: scalar.properties.isWhitespace
        }
    }

    /// Adds the Latin letters of a lower-case scalar to a word being folded (none for a
    /// dropped one). Table lookups by arithmetic: this runs for every letter of a load.
    @inline(__always) static func appendLatin(of lower: Unicode.Scalar, to latin: inout [UInt8]) {
        let value = lower.value
        if value < 0x80 {
            if (0x61...0x7A).contains(value) { latin.append(UInt8(value)) }
            return
        }
        if (0x400...0x4FF).contains(value) {
            // Two bytes at most, packed (0xFFFF: not in the table).
            let mapped = cyrillicPacked[Int(value - 0x400)]
            if mapped != 0xFFFF {
                if mapped & 0xFF != 0 { latin.append(UInt8(mapped & 0xFF)) }
                if mapped >> 8 != 0 { latin.append(UInt8(mapped >> 8)) }
                return
            }
        }
        if droppedScalars.contains(value) { return }
        if lower.properties.isAlphabetic { latin += String(lower).utf8 }
    }

    /// `cyrillicToLatin` by offset from U+0400, each letter's (at most two) Latin bytes
    /// packed low byte first; 0xFFFF for a scalar the table does not have.
    static let cyrillicPacked: [UInt16] = (0..<0x100).map { offset in
        guard let latin = cyrillicScalars[Unicode.Scalar(0x400 + UInt32(offset))!] else { return 0xFFFF }
        precondition(latin.count <= 2, "a Cyrillic letter folds to at most two Latin letters")
        return latin.enumerated().reduce(0) { $0 | UInt16($1.element) << (8 * $1.offset) }
    }

    /// Whether a name is ASCII and Cyrillic letters without combining marks, and
    /// apostrophes: composed already, lower case by arithmetic.
    static func isPlain(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy {
            $0.value < 0x80 || ((0x400...0x4FF).contains($0.value) && !(0x483...0x489).contains($0.value))
                || droppedScalars.contains($0.value)  // apostrophes: composed, no case
        }
    }

    /// Each word of a name as it appears (`Ҷӯраев`), as written in lower case and
    /// composed (NFC, what an exact match compares) and folded — split where
    /// `words(of:)` splits; words that fold to nothing go.
    public static func writtenWords(of name: String) -> [(shown: String, written: String, folded: String)] {
        guard isPlain(name) else {
            return name.split(whereSeparator: separates).compactMap { part in
                let shown = String(part), folded = foldWord(shown)
                guard !folded.isEmpty else { return nil }
                return (shown, shown.lowercased().precomposedStringWithCanonicalMapping, folded)
            }
        }
        let utf8 = Array(name.utf8)
        return plainWords(of: utf8).map { word in
            (String(decoding: utf8[word.shown], as: UTF8.self), String(decoding: word.written, as: UTF8.self), word.folded)
        }
    }

    /// Each word of a name as written in lower case (UTF-8 bytes, NFC) and folded: what
    /// the search index keeps of every name a load stores.
    public static func writtenWordBytes(of name: String) -> [(written: [UInt8], folded: String)] {
        guard isPlain(name) else { return writtenWords(of: name).map { (Array($0.written.utf8), $0.folded) } }
        return plainWords(of: Array(name.utf8)).map { ($0.written, $0.folded) }
    }

    /// The words of a plain name (`isPlain`), in one pass over its UTF-8 bytes: where each
    /// word stands in them, the word in lower case, and folded.
    static func plainWords(of utf8: [UInt8]) -> [(shown: Range<Int>, written: [UInt8], folded: String)] {
        var words: [(shown: Range<Int>, written: [UInt8], folded: String)] = []
        var written: [UInt8] = [], latin: [UInt8] = [], start = 0, index = 0
        func flush(to end: Int) {
            if !latin.isEmpty, let folded = finish(latin) { words.append((start..<end, written, folded)) }
            written.removeAll(keepingCapacity: true)
            latin.removeAll(keepingCapacity: true)
        }
        while index < utf8.count {
            // Plain names hold scalars of one to three bytes (ASCII, Cyrillic, apostrophes).
            let lead = utf8[index], length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<max(length, 1) where index + offset < utf8.count {
                value = value << 6 | UInt32(utf8[index + offset] & 0x3F)
            }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            if isSeparator(scalar) {
                flush(to: index)
                start = index + length
            } else {
                let lower = lowercase(scalar), value = lower.value
                if value < 0x80 {
                    written.append(UInt8(value))
                } else if value < 0x800 {
                    written.append(0xC0 | UInt8(value >> 6))
                    written.append(0x80 | UInt8(value & 0x3F))
                } else {
                    written += UTF8.encode(lower)!
                }
                appendLatin(of: lower, to: &latin)
            }
            index += length
        }
        flush(to: utf8.count)
        return words
    }

    /// Whether a character separates the words of a name (as `words(of:)` splits them).
    public static func separates(_ character: Character) -> Bool {
        character.isWhitespace || (character.unicodeScalars.count == 1 && isSeparator(character.unicodeScalars.first!))
    }
    /// Apostrophes and hard-sign stand-ins, dropped.
    static let droppedScalars: Set<UInt32> = Set(dropped.flatMap { $0.unicodeScalars.map(\.value) })
    static let cyrillicScalars: [Unicode.Scalar: [UInt8]] = Dictionary(uniqueKeysWithValues: cyrillicToLatin.map {
        ($0.key.unicodeScalars.first!, Array($0.value.utf8))
    })

    /// Lower case of ASCII and Cyrillic letters by arithmetic, anything else by Unicode.
    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0x410...0x42F: return Unicode.Scalar(value + 0x20)!
        case 0x400...0x40F: return Unicode.Scalar(value + 0x50)!
        case 0x460...0x4BF where value % 2 == 0, 0x4D0...0x4FF where value % 2 == 0: return Unicode.Scalar(value + 1)!
        case 0x4C1...0x4CE where value % 2 == 1: return Unicode.Scalar(value + 1)!
        case 0x00...0x7F, 0x430...0x45F: return scalar
        default: return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
        }
    }

    /// The tables as bytes, for the loop below (names are folded a million times in a load).
    /// Grouped by first letter (in table order within a group), so a letter is tried
    /// against the variants that start with it only.
    static let variantBytes: [(pattern: [UInt8], replacement: [UInt8])] = latinVariants.enumerated()
        .sorted { ($0.element.0.utf8.first!, $0.offset) < ($1.element.0.utf8.first!, $1.offset) }
        .map { (Array($0.element.0.utf8), Array($0.element.1.utf8)) }
    /// For each byte, the range of `variantBytes` whose patterns start with it.
    static let variantsStartingWith: [Range<Int>] = (0..<256).map { byte in
        let first = variantBytes.firstIndex { $0.pattern[0] == byte } ?? 0
        let end = variantBytes.lastIndex { $0.pattern[0] == byte }.map { $0 + 1 } ?? 0
        return first..<max(first, end)
    }
    static let endingBytes: [(ending: [UInt8], replacement: [UInt8])] = endings.map { (Array($0.0.utf8), Array($0.1.utf8)) }

    static func stripMarks(_ text: String) -> String {
        let scalars = text.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
        return String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping
    }

    static func foldWord(_ word: String) -> String {
        words(of: word).joined()
    }

    /// The Latin letters of one word, spelled, ended and undoubled.
    static func finish(_ latin: [UInt8]) -> String? {
        // Latin variants to one spelling, left to right, longest match first.
        var spelled: [UInt8] = []
        spelled.reserveCapacity(latin.count + 2)
        var index = 0
        outer: while index < latin.count {
            for variant in variantsStartingWith[Int(latin[index])] {
                let (pattern, replacement) = variantBytes[variant]
                guard index + pattern.count <= latin.count, latin[index..<index + pattern.count].elementsEqual(pattern) else { continue }
                spelled += replacement
                index += pattern.count
                continue outer
            }
            spelled.append(latin[index])
            index += 1
        }
        for (ending, replacement) in endingBytes where spelled.count > ending.count + 1 && spelled.suffix(ending.count).elementsEqual(ending) {
            spelled.removeLast(ending.count)
            spelled += replacement
            break
        }
        // Doubled letters (ҳҳ, нн, the ii of -iy) as one, in place; only ASCII, so no
        // UTF-8 sequence is cut.
        var kept = 0
        for index in spelled.indices {
            let byte = spelled[index]
            if byte < 0x80 && kept > 0 && spelled[kept - 1] == byte { continue }
            spelled[kept] = byte
            kept += 1
        }
        return kept == 0 ? nil : String(decoding: spelled[..<kept], as: UTF8.self)
    }
}
