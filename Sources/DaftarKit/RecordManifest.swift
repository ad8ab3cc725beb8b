import Foundation
import Registry

/// Records to import from a file, one per row: CSV with a header naming the columns
/// `type`, `page` (archive page ids separated by `;`) or `file` (a scanned file, with
/// `page` then its page number in that file, and `half`, `left` or `right`, for one
/// page of an open-book spread), and field keys; or JSON Lines
/// `{"type", "pages", "file", "page", "half", "fields", "flags"}`. A CSV cell `[illegible]` or
/// `[blank-in-source]` is that flag; `value [uncertain]` keeps the value and flags it;
/// an empty cell is not entered.
public struct RecordManifest: Sendable {
    /// One row: where it was in the file and what it asks for.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let type: String
        /// Archive page ids (`records import`).
        public let pages: [Int64]
        /// The scanned file the record is keyed from (`import --manifest`), and its page (1-based) in it.
        public let file: String?
        public let pageOfFile: Int?
        /// The half of a split spread the record is on: 1 left, 2 right (nil: the whole scan).
        public let part: Int?
        /// Field values by key, in the order the file gives them (a key given twice: the
        /// later one counts). A list, not a dictionary: the validator places each by key.
        public let values: [(key: String, value: String)]
        public let flags: [String: FieldFlag]

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.line == rhs.line && lhs.type == rhs.type && lhs.pages == rhs.pages && lhs.file == rhs.file
                && lhs.pageOfFile == rhs.pageOfFile && lhs.part == rhs.part && lhs.flags == rhs.flags
                && lhs.values.elementsEqual(rhs.values) { $0.key == $1.key && $0.value == $1.value }
        }
    }

    /// A row that could not even be read (bad JSON, a page that is not a number …).
    public struct Unreadable: Error, Sendable, Equatable {
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

    /// JSON Lines; `firstLine` numbers the text's first line (a chunk of a longer file).
    static func jsonLines(_ text: String, firstLine: Int = 1) -> RecordManifest {
        jsonLines(bytes: Array(text.utf8), firstLine: firstLine)
    }

    /// JSON Lines from UTF-8 bytes, read on every core.
    static func jsonLines(bytes: [UInt8], firstLine: Int = 1) -> RecordManifest {
        let chunk = JSONLinesChunk(bytes: bytes, firstLine: firstLine)
        var rows: [Row] = [], unreadable: [Unreadable] = []
        for read in ParallelMap.mapIndices(chunk.lines.count, chunk.row) {
            switch read {
            case .success(let row?): rows.append(row)
            case .success(nil): break
            case .failure(let reason): unreadable.append(reason)
            }
        }
        return RecordManifest(rows: rows, unreadable: unreadable)
    }

    /// One JSON line as a row; nil for a blank line.
    static func jsonLine(_ bytes: ArraySlice<UInt8>, line: Int) -> Result<Row?, Unreadable> {
        guard bytes.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { return .success(nil) }
        let notAnEntry = Unreadable(line: line, reason: "not a JSON object with a \"type\"")
        guard case .object(let members)? = try? JSONLineParser.parse(bytes) else { return .failure(notAnEntry) }
        var type: String?, pages: [Int64] = [], file: String?, page: Int?, part: Int?
        var values: [(key: String, value: String)] = [], flags: [String: FieldFlag] = [:]
        func strings(_ value: JSONLineParser.Value) -> [(key: String, value: String)]? {
            if case .null = value { return [] }
            guard case .object(let members) = value else { return nil }
            var result: [(key: String, value: String)] = []
            result.reserveCapacity(members.count)
            for (key, value) in members {
                guard case .string(let text) = value else { return nil }
                result.append((key, text))
            }
            return result
        }
        for (key, value) in members {
            switch (key, value) {
            case (_, .null) where key != "type": continue
            case ("type", .string(let text)): type = text
            case ("file", .string(let text)): file = text
            case ("page", .number(let text)):
                guard let number = Int(text) else { return .failure(notAnEntry) }
                page = number
            case ("half", .string(let text)):
                guard let half = halves[text] else {
                    return .failure(Unreadable(line: line, reason: "half \"\(text)\" is not left or right"))
                }
                part = half
            case ("pages", .array(let items)):
                var ids: [Int64] = []
                for item in items {
                    guard case .number(let text) = item, let id = Int64(text) else { return .failure(notAnEntry) }
                    ids.append(id)
                }
                pages = ids
            case ("fields", _):
                guard let fields = strings(value) else { return .failure(notAnEntry) }
                if values.isEmpty { values = fields } else { values += fields }
            case ("flags", _):
                guard let named = strings(value) else { return .failure(notAnEntry) }
                for (key, name) in named {
                    guard let flag = FieldFlag(rawValue: name) else {
                        return .failure(Unreadable(line: line, reason: "\(key): unknown flag \"\(name)\""))
                    }
                    flags[key] = flag
                }
            case ("type", _), ("file", _), ("page", _), ("pages", _), ("half", _): return .failure(notAnEntry)
            default: continue
            }
        }
        guard let type else { return .failure(notAnEntry) }
        return .success(Row(line: line, type: type, pages: pages, file: file, pageOfFile: page, part: part, values: values,
                            flags: flags))
    }

    /// The columns that are not field keys.
    static let reservedColumns: Set<String> = ["type", "page", "file", "half"]

    /// The `half` of a spread: the archive's page part.
    static let halves = ["left": 1, "right": 2]

    static func csv(_ text: String) -> RecordManifest {
        let table = CSVTable(text)
        guard let header = table.records.first else { return RecordManifest(rows: [], unreadable: []) }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let typeColumn = columns.firstIndex(of: "type") else {
            return RecordManifest(rows: [], unreadable: [Unreadable(line: 1, reason: "the header has no type column")])
        }
        let pageColumn = columns.firstIndex(of: "page"), fileColumn = columns.firstIndex(of: "file")
        let halfColumn = columns.firstIndex(of: "half")
        var rows: [Row] = [], unreadable: [Unreadable] = []
        for record in table.records.dropFirst() {
            if record.fields.allSatisfy(\.isEmpty) { continue }
            guard record.fields.count <= columns.count else {
                unreadable.append(Unreadable(line: record.line, reason: "more cells than the header has columns"))
                continue
            }
            func cell(_ column: Int?) -> String {
                guard let column, column < record.fields.count else { return "" }
                return record.fields[column].trimmingCharacters(in: .whitespaces)
            }
            let file = cell(fileColumn).isEmpty ? nil : cell(fileColumn)
            let pageText = cell(pageColumn)
            var pages: [Int64] = [], pageOfFile: Int?
            if file != nil {
                if !pageText.isEmpty {
                    guard let number = Int(pageText), number >= 1 else {
                        unreadable.append(Unreadable(line: record.line, reason: "page \"\(pageText)\" is not a page number of the file (1, 2, …)"))
                        continue
                    }
                    pageOfFile = number
                }
            } else {
                let ids = pageText.split(separator: ";").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
                guard ids.allSatisfy({ $0 != nil }) else {
                    unreadable.append(Unreadable(line: record.line, reason: "page \"\(pageText)\" is not page ids separated by ;"))
                    continue
                }
                pages = ids.map { $0! }
            }
            var part: Int?
            if !cell(halfColumn).isEmpty {
                guard let half = halves[cell(halfColumn)] else {
                    unreadable.append(Unreadable(line: record.line, reason: "half \"\(cell(halfColumn))\" is not left or right"))
                    continue
                }
                part = half
            }
            var values: [(key: String, value: String)] = [], flags: [String: FieldFlag] = [:]
            for (column, cellText) in zip(columns, record.fields) where !cellText.isEmpty && !reservedColumns.contains(column) {
                let trimmed = cellText.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("["), trimmed.hasSuffix("]"), let flag = FieldFlag(rawValue: String(trimmed.dropFirst().dropLast())) {
                    flags[column] = flag
                } else if trimmed.hasSuffix(" [uncertain]") {
                    values.append((column, String(trimmed.dropLast(" [uncertain]".count))))
                    flags[column] = .uncertain
                } else {
                    values.append((column, cellText))
                }
            }
            rows.append(Row(line: record.line, type: cell(typeColumn), pages: pages, file: file, pageOfFile: pageOfFile,
                            part: part, values: values, flags: flags))
        }
        return RecordManifest(rows: rows, unreadable: unreadable)
    }
}
