/// How an operator names a page: the file, then the page of a multi-page file,
/// then the half of a split spread ("ledger.tif page 3 left").
public enum PageName {
    public static func format(file: String, pageIndex: Int, pageCount: Int, part: Int) -> String {
        var name = file
        if pageCount > 1 { name += " page \(pageIndex + 1)" }
        if let half = half(part) { name += " \(half)" }
        return name
    }

    /// "left" and "right" for the parts of a split spread; nil for a whole scan.
    public static func half(_ part: Int) -> String? {
        switch part {
        case 1: return "left"
        case 2: return "right"
        default: return nil
        }
    }
}
