/// Where a record stands. A record moves draft → keyed → verified; the second
/// keying of a double-keyed act ends as `merged` once reconciled into the first.
public enum RecordStatus {
    /// Begun in `daftar enter`, not yet complete or checked as a whole.
    public static let draft = "draft"
    /// Keyed and valid.
    public static let keyed = "keyed"
    /// Both keyings agree, or a reviewer settled where they did not.
    public static let verified = "verified"
    /// A pass-2 keying whose values now live in the verified record it was reconciled into.
    public static let merged = "merged"

    /// Every status, in the order a record passes through them.
    public static let all = [draft, keyed, verified, merged]
}
