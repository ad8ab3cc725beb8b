import Foundation
import Registry

/// Records to import from a file, one per row: CSV with a header `type,page,<keys…>`
/// (pages separated by `;`) or JSON Lines `{"type", "pages", "fields", "flags"}`.
/// A CSV cell `[illegible]` or `[blank-in-source]` is that flag; `value [uncertain]`
/// keeps the value and flags it; an empty cell is not entered.
public struct RecordManifest: Sendable {
    /// One row: where it was in the file and what it asks for.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let type: String
        public let pages: [Int64]
        public let values: [String: String]
        public let flags: [String: FieldFlag]
    }

    /// A row that could not even be read (bad JSON, a page that is not a number …).
    public struct Unreadable: Sendable, Equatable {
        public let line: Int
        public let reason: String
    }

    public let rows: [Row]
    public let unreadable: [Unreadable]

    /// Reads CSV or JSON Lines, told apart by the first non-blank character.
    public init(text: String) {
        if text.drop(while: \.isWhitespace).first == "{" {
            self = Self.jsonLines(text)
        } else {
            self = Self.csv(text)
        }
    }

    init(rows: [Row], unreadable: [Unreadable]) {
        self.rows = rows
        self.unreadable = unreadable
    }

    static func jsonLines(_ text: String) -> RecordManifest {
        struct Entry: Decodable {
            let type: String
            let pages: [Int64]?
            let fields: [String: String]?
            let flags: [String: String]?
        }
        var rows: [Row] = [], unreadable: [Unreadable] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(trimmed.utf8)) else {
                unreadable.append(Unreadable(line: index + 1, reason: "not a JSON object with a \"type\""))
                continue
            }
            var flags: [String: FieldFlag] = [:], badFlag: String?
            for (key, name) in entry.flags ?? [:] {
                if let flag = FieldFlag(rawValue: name) { flags[key] = flag } else { badFlag = "\(key): unknown flag \"\(name)\"" }
            }
            if let badFlag {
                unreadable.append(Unreadable(line: index + 1, reason: badFlag))
                continue
            }
            rows.append(Row(line: index + 1, type: entry.type, pages: entry.pages ?? [], values: entry.fields ?? [:], flags: flags))
        }
        return RecordManifest(rows: rows, unreadable: unreadable)
    }

    static func csv(_ text: String) -> RecordManifest {
        let table = CSVTable(text)
        guard let header = table.records.first else { return RecordManifest(rows: [], unreadable: []) }
        guard header.fields.first == "type", header.fields.count >= 2, header.fields[1] == "page" else {
            return RecordManifest(rows: [], unreadable: [Unreadable(line: 1, reason: "the header must start with type,page")])
        }
        var rows: [Row] = [], unreadable: [Unreadable] = []
        for record in table.records.dropFirst() {
            if record.fields.allSatisfy(\.isEmpty) { continue }
            guard record.fields.count <= header.fields.count else {
                unreadable.append(Unreadable(line: record.line, reason: "more cells than the header has columns"))
                continue
            }
            let pageText = record.fields.count > 1 ? record.fields[1] : ""
            let pages = pageText.split(separator: ";").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            guard pages.allSatisfy({ $0 != nil }) else {
                unreadable.append(Unreadable(line: record.line, reason: "page \"\(pageText)\" is not page ids separated by ;"))
                continue
            }
            var values: [String: String] = [:], flags: [String: FieldFlag] = [:]
            for (column, cell) in zip(header.fields.dropFirst(2), record.fields.dropFirst(2)) where !cell.isEmpty {
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("["), trimmed.hasSuffix("]"), let flag = FieldFlag(rawValue: String(trimmed.dropFirst().dropLast())) {
                    flags[column] = flag
                } else if trimmed.hasSuffix(" [uncertain]") {
                    values[column] = String(trimmed.dropLast(" [uncertain]".count))
                    flags[column] = .uncertain
                } else {
                    values[column] = cell
                }
            }
            rows.append(Row(line: record.line, type: record.fields[0], pages: pages.map { $0! }, values: values, flags: flags))
        }
        return RecordManifest(rows: rows, unreadable: unreadable)
    }
}
