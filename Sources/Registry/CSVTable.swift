/// RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks.
public struct CSVTable: Sendable {
    public struct Record: Sendable, Equatable {
        /// The line the record starts on (1-based).
        public let line: Int
        public let fields: [String]
    }

    public let records: [Record]

    public init(_ text: String) {
        var records: [Record] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, start = 1
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n")).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending { pending = nil; return character }
            return characters.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n":
                fields.append(field)
                records.append(Record(line: start, fields: fields))
                fields = []; field = ""; line += 1; start = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: start, fields: fields))
        }
        self.records = records
    }
}
