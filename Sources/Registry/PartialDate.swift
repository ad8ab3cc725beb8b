/// A date known to the year, the month or the day, as ledgers give them.
public struct PartialDate: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// A date, or nil when the month or day does not exist (1957-02-30, 1957-13).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, (1...Self.days(inMonth: month, year: year)).contains(day) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO form at its precision: `1957`, `1957-03`, `1957-03-12`.
    public var description: String {
        // Written digit by digit: a load writes a few million dates.
        if (0...9999).contains(year) {
            let length = day != nil ? 10 : month != nil ? 7 : 4
            return String(unsafeUninitializedCapacity: length) { out in
                func put(_ value: Int, at offset: Int, width: Int) {
                    var value = value
                    for position in stride(from: offset + width - 1, through: offset, by: -1) {
                        out[position] = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                    }
                }
                put(year, at: 0, width: 4)
                if let month {
                    out[4] = UInt8(ascii: "-")
                    put(month, at: 5, width: 2)
                }
                if let day {
                    out[7] = UInt8(ascii: "-")
                    put(day, at: 8, width: 2)
                }
                return length
            }
        }
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = padded(year, 4)
        if let month { text += "-" + padded(month, 2) }
        if let day { text += "-" + padded(day, 2) }
        return text
    }

    /// The date as the region writes it: `12.03.1957`, `03.1957`, `1957`.
    public var regional: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return [day.map(two), month.map(two), String(year)].compactMap { $0 }.joined(separator: ".")
    }

    /// The first and the last day the date can mean, as (year, month, day).
    public var earliest: (Int, Int, Int) { (year, month ?? 1, day ?? 1) }
    public var latest: (Int, Int, Int) {
        let lastMonth = month ?? 12
        return (year, lastMonth, day ?? Self.days(inMonth: lastMonth, year: year))
    }

    /// True when this date is surely before `other`, whatever days they stand for.
    public func isSurelyBefore(_ other: PartialDate) -> Bool { latest < other.earliest }

    /// True when this date is surely after `other`: its earliest day comes after every day `other` can mean.
    public func isSurelyAfter(_ other: PartialDate) -> Bool { other.isSurelyBefore(self) }

    /// Whole years from `start` to this date, when both are known to the day.
    public func years(since start: PartialDate) -> Int? {
        guard let month, let day, let startMonth = start.month, let startDay = start.day else { return nil }
        var years = year - start.year
        if (month, day) < (startMonth, startDay) { years -= 1 }
        return years
    }

    /// The fewest days between any day this date can mean and any day `other` can
    /// (0 when they may be the same day).
    public func fewestDays(to other: PartialDate) -> Int {
        if latest < other.earliest { return Self.dayNumber(other.earliest) - Self.dayNumber(latest) }
        if other.latest < earliest { return Self.dayNumber(earliest) - Self.dayNumber(other.latest) }
        return 0
    }

    /// Days since a fixed origin (proleptic Gregorian), for differences.
    static func dayNumber(_ date: (Int, Int, Int)) -> Int {
        let (year, month, day) = date
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400, yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How a date was written, when it could be read at all.
public enum DateReading: Equatable {
    case date(PartialDate)
    /// The form is a date's but the day or month does not exist.
    case impossible
    /// Not a date form daftar knows.
    case unreadable

    /// Reads `1957`, `1957-03`, `1957-03-12`, and the region's `12.03.1957` and `03.1957`.
    public init(_ text: String) {
        // The stored form, YYYY-MM-DD, read by arithmetic (dates are read millions of
        // times in a load); everything else below.
        let bytes = text.utf8
        if bytes.count == 10 {
            var number = 0, digits = 0, dashes = 0
            var year = 0, month = 0
            for (offset, byte) in bytes.enumerated() {
                if offset == 4 || offset == 7 {
                    if byte == UInt8(ascii: "-") { dashes += 1 }
                    if offset == 4 { year = number } else { month = number }
                    number = 0
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    number = number * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                }
            }
            if dashes == 2 && digits == 8 {
                if let date = PartialDate(year: year, month: month, day: number) {
                    self = .date(date)
                } else {
                    self = .impossible
                }
                return
            }
        }
        let parts: [Substring]
        let isoOrder: Bool
        if text.contains(".") {
            parts = text.split(separator: ".", omittingEmptySubsequences: false)
            isoOrder = false
        } else {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
            isoOrder = true
        }
        let numbers = parts.map { part -> Int? in part.allSatisfy(\.isASCII) && !part.isEmpty ? Int(part) : nil }
        guard !numbers.isEmpty, numbers.count <= 3, numbers.allSatisfy({ $0 != nil }) else { self = .unreadable; return }
        let values = numbers.map { $0! }
        let (year, month, day): (Int, Int?, Int?)
        if isoOrder {
            guard parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }) else { self = .unreadable; return }
            (year, month, day) = (values[0], values.count > 1 ? values[1] : nil, values.count > 2 ? values[2] : nil)
        } else {
            guard values.count >= 2, parts.last!.count == 4, parts.dropLast().allSatisfy({ (1...2).contains($0.count) })
            else { self = .unreadable; return }
            year = values[values.count - 1]
            month = values[values.count - 2]
            day = values.count == 3 ? values[0] : nil
        }
        if let date = PartialDate(year: year, month: month, day: day) { self = .date(date) } else { self = .impossible }
    }
}
