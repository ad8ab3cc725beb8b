/// Ids of folded and written name words already looked up or added: a batch of
/// records shares most names, and a long import shares them across its batches. Ids
/// are kept only from transactions that committed; an import stops at the first
/// batch that fails, so a rolled-back id is never used again.
public final class NameIdCache: @unchecked Sendable {
    var terms: [String: Int64] = [:]
    /// A written word's folded word and form at once (the written word decides both), by
    /// its UTF-8 bytes: hashing a Cyrillic String normalizes it first, bytes hash as they are.
    var words: [UTF8Key: (term: Int64, form: Int64)] = [:]

    public init() {}

    /// Takes another cache's ids as its own.
    func take(_ other: NameIdCache) {
        (terms, words) = (other.terms, other.words)
    }
}
