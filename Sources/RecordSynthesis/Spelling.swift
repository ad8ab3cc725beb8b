/// How a Tajik name is written in the other scripts of the ledgers: Russian Cyrillic
/// (as Soviet clerks wrote Tajik names) and Latin (as passports and foreign
/// documents do). The inverse of what `NameFolding` undoes — written independently,
/// from the spelling conventions, so that the benchmark tests the folding.
public enum Spelling: String, CaseIterable, Sendable {
    case tajik, russian, latin

    /// `name` (Tajik Cyrillic) written in this script; `dropHardSign` writes Маъмурҷон as Мамурджон.
    public func write(_ name: String, dropHardSign: Bool = false) -> String {
        switch self {
        case .tajik: return name
        case .russian: return map(name) { Self.russianLetters[$0] ?? (dropHardSign && $0 == "ъ" ? "" : String($0)) }
        case .latin: return map(name) { Self.latinLetters[$0] ?? String($0) }
        }
    }

    private func map(_ name: String, _ letter: (Character) -> String) -> String {
        var result = ""
        for character in name {
            let lower = Character(character.lowercased())
            let written = letter(lower)
            result += character.isUppercase ? written.prefix(1).uppercased() + written.dropFirst() : written
        }
        return result
    }

    static let russianLetters: [Character: String] = ["ҷ": "дж", "ҳ": "х", "қ": "к", "ғ": "г", "ӣ": "и", "ӯ": "у"]

    static let latinLetters: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
        "и": "i", "ӣ": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ӯ": "u", "ф": "f", "х": "kh", "ҳ": "h", "ч": "ch", "ҷ": "j",
        "ш": "sh", "ъ": "'", "э": "e", "ю": "yu", "я": "ya", "ы": "y", "ь": "", "ц": "ts", "щ": "shch",
    ]
}
