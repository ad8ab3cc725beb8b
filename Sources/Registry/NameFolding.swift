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
        let lowered = name.lowercased()
        let plain = lowered.unicodeScalars.allSatisfy { $0.value < 0x80 || (0x400...0x4FF).contains($0.value) }
            ? lowered : stripMarks(lowered)
        return plain
            .split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "‐" || $0 == "–" || $0 == "," || $0 == "." })
            .map { foldWord(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// The tables as bytes, for the loop below (names are folded a million times in a load).
    static let cyrillicBytes: [Character: [UInt8]] = cyrillicToLatin.mapValues { Array($0.utf8) }
    static let variantBytes: [(pattern: [UInt8], replacement: [UInt8])] = latinVariants.map { (Array($0.0.utf8), Array($0.1.utf8)) }
    static let endingBytes: [(ending: [UInt8], replacement: [UInt8])] = endings.map { (Array($0.0.utf8), Array($0.1.utf8)) }

    static func stripMarks(_ text: String) -> String {
        let scalars = text.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
        return String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping
    }

    static func foldWord(_ word: String) -> String {
        var latin: [UInt8] = []
        latin.reserveCapacity(word.utf8.count)
        for character in word where !dropped.contains(character) {
            if let mapped = cyrillicBytes[character] { latin += mapped }
            else if character.isLetter { latin += character.utf8 }
        }
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
        return String(decoding: folded, as: UTF8.self)
    }
}
