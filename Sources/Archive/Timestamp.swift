import Foundation

/// Times in the archive: UTC, ISO 8601 with milliseconds, sortable as text.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Padded by hand: String(format:) cost more than the rest of a record's insert.
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-" + padded(Int(parts.tm_mday), 2)
            + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2) + ":" + padded(Int(parts.tm_sec), 2)
            + "." + padded(Int(millis % 1000), 3) + "Z"
    }
}
