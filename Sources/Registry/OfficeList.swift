import Foundation

/// The registry offices whose codes `act.office` may take, read from a CSV file
/// with a header and the columns `code,name` (`Samples/offices.csv` is the sample).
public struct OfficeList: Sendable, Equatable {
    /// Office names by code.
    public let names: [String: String]

    public init(names: [String: String]) {
        self.names = names
    }

    /// Reads `code,name` lines after the header; names may be quoted.
    public init(csv: String) throws(OfficeListError) {
        var names: [String: String] = [:]
        for (number, line) in csv.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let comma = trimmed.firstIndex(of: ",") else { throw .malformedLine(number + 1) }
            let code = trimmed[..<comma].trimmingCharacters(in: .whitespaces)
            var name = trimmed[trimmed.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            guard !code.isEmpty else { throw .malformedLine(number + 1) }
            names[code] = name
        }
        self.names = names
    }

    public func contains(_ code: String) -> Bool { names[code] != nil }
}

/// An offices file that cannot be read.
public enum OfficeListError: Error, Equatable {
    case malformedLine(Int)
}
