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
        if (0x400...0x4FF).contains(value), let mapped = cyrillicTable[Int(value - 0x400)] {
            latin += mapped
            return
        }
        if droppedScalars.contains(value) { return }
        if lower.properties.isAlphabetic { latin += String(lower).utf8 }
    }

    /// `cyrillicToLatin` by offset from U+0400.
    static let cyrillicTable: [[UInt8]?] = (0..<0x100).map { offset in cyrillicScalars[Unicode.Scalar(0x400 + UInt32(offset))!] }

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
        // One pass over the scalars of a plain name: each word as shown, in lower case,
        // and in Latin letters for folding.
        var words: [(shown: String, written: String, folded: String)] = []
        var shown = String.UnicodeScalarView(), written = String.UnicodeScalarView(), latin: [UInt8] = []
        func flush() {
            if !latin.isEmpty, let folded = finish(latin) { words.append((String(shown), String(written), folded)) }
            shown = String.UnicodeScalarView()
            written = String.UnicodeScalarView()
            latin.removeAll(keepingCapacity: true)
        }
        for scalar in name.unicodeScalars {
            if isSeparator(scalar) {
                flush()
                continue
            }
            let lower = lowercase(scalar)
            shown.append(scalar)
            written.append(lower)
            appendLatin(of: lower, to: &latin)
        }
        flush()
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
    static let variantBytes: [(pattern: [UInt8], replacement: [UInt8])] = latinVariants.map { (Array($0.0.utf8), Array($0.1.utf8)) }
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
        spelled.reserveCapacity(latin.count)
        var index = 0
        outer: while index < latin.count {
            for (pattern, replacement) in variantBytes where latin[index] == pattern[0] && index + pattern.count <= latin.count
                && latin[index..<index + pattern.count].elementsEqual(pattern) {
                spelled += replacement
                index += pattern.count
                continue outer
            }
            spelled.append(latin[index])
            index += 1
        }
        for (ending, replacement) in endingBytes where spelled.count > ending.count + 1 && spelled.suffix(ending.count).elementsEqual(ending) {
            spelled = Array(spelled.dropLast(ending.count)) + replacement
            break
        }
        // Doubled letters (ҳҳ, нн, the ii of -iy) as one; only ASCII, so no UTF-8 sequence is cut.
        var folded: [UInt8] = []
        folded.reserveCapacity(spelled.count)
        for byte in spelled where !(byte < 0x80 && folded.last == byte) { folded.append(byte) }
        return folded.isEmpty ? nil : String(decoding: folded, as: UTF8.self)
    }
}
