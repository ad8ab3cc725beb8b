import Foundation

/// The registry offices whose codes `act.office` may take, read from a CSV file
/// with a header and the columns `code,name` (`Samples/offices.csv` is the sample).
public struct OfficeList: Sendable, Equatable {
    /// Office names by code.
    public let names: [String: String]

    public init(names: [String: String]) {
        self.names = names
    }

    /// Reads `code,name` records after the header (CSV: names may be quoted; an
    /// unquoted name keeps any further commas).
    public init(csv: String) throws(OfficeListError) {
        var names: [String: String] = [:]
        for record in CSVTable(csv).records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let code = record.fields[0].trimmingCharacters(in: .whitespaces)
            guard record.fields.count >= 2, !code.isEmpty else { throw .malformedLine(record.line) }
            names[code] = record.fields.dropFirst().joined(separator: ",").trimmingCharacters(in: .whitespaces)
        }
        self.names = names
    }

    public func contains(_ code: String) -> Bool { names[code] != nil }
}

/// An offices file that cannot be read.
public enum OfficeListError: Error, Equatable {
    case malformedLine(Int)
}
