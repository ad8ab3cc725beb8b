/// How an operator names a page: the file, then the page of a multi-page file,
/// then the half of a split spread ("ledger.tif page 3 left").
public enum PageName {
    public static func format(file: String, pageIndex: Int, pageCount: Int, part: Int) -> String {
        var name = file
        if pageCount > 1 { name += " page \(pageIndex + 1)" }
        if part == 1 { name += " left" }
        if part == 2 { name += " right" }
        return name
    }
}
