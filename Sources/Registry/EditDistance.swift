/// Levenshtein distance between folded names, given up early past a bound: a search
/// compares one word against thousands and wants only the close ones.
public enum EditDistance {
    /// The number of single-letter insertions, deletions and substitutions turning `a`
    /// into `b`, or nil when it is more than `bound`.
    public static func distance(_ a: String, _ b: String, atMost bound: Int) -> Int? {
        if a == b { return 0 }
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > bound { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count), current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowBest = current[0]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowBest = min(rowBest, current[j])
            }
            if rowBest > bound { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }

    /// The typos a word of this many (folded) letters may carry and still match:
    /// none below 4 letters, one up to 6, two from 7.
    public static func allowedEdits(forLength length: Int) -> Int {
        length >= 7 ? 2 : length >= 4 ? 1 : 0
    }
}
