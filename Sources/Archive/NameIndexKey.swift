/// The keys of the full-text name index (`SearchIndex`), as written into it and as
/// queried: `w<form>` a word as written, `p<a>x<b>` two folded words borne by one person.
public enum NameIndexKey {
    public static func form(_ id: Int64) -> String { "w\(id)" }
    /// Unordered: the smaller term id first.
    public static func pair(_ a: Int64, _ b: Int64) -> String { "p\(min(a, b))x\(max(a, b))" }
}
