import Foundation

/// The languages of forms and messages: Tajik, Russian and English.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, ru, tg

    /// The operator's language: `DAFTAR_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`), else English.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for name in ["DAFTAR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name]?.lowercased(), !value.isEmpty else { continue }
            if let language = Language(rawValue: String(value.prefix(2))) { return language }
            if name == "DAFTAR_LANG" { break }  // an explicit unknown choice falls back to English
        }
        return .en
    }
}

/// A text in the three languages of the schema.
public struct Labels: Sendable, Codable, Equatable {
    public let en: String
    public let ru: String
    public let tg: String

    public func text(in language: Language) -> String {
        switch language {
        case .en: en
        case .ru: ru
        case .tg: tg
        }
    }
}
