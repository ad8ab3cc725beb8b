/// A value as one RFC 4180 CSV cell: quoted when it holds a comma, a quote, a line
/// break or leading or trailing spaces, quotes doubled.
public enum CSVCell {
    public static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || cell.first == " " || cell.last == " " else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
