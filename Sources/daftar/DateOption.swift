import ArgumentParser
import Registry

/// A `--from`/`--to` date as typed (`1957`, `1957-03`, `1957-03-12`, `12.03.1957`): read,
/// or a usage error naming the option.
enum DateOption {
    static func parse(_ text: String?, option: String) throws -> PartialDate? {
        guard let text else { return nil }
        guard case .date(let date) = DateReading(text) else {
            throw ValidationError("\(option) \(text): not a date (1957, 1957-03, 1957-03-12 or 12.03.1957)")
        }
        return date
    }
}
