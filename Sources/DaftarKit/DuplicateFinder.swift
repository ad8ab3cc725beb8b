import Archive
import Imaging

/// Two pages that hold the same sheet.
public struct DuplicatePair: Codable, Sendable, Equatable {
    /// "exact": identical normalized pixels (the same access image); "near": the same
    /// sheet scanned again (another exposure, crop, compression).
    public let kind: String
    public let first: Int64
    public let second: Int64
    /// Correlation of the two pages' perceptual hashes (1 for exact repeats).
    public let similarity: Double
}

/// Finds pages that are the same sheet, by their perceptual hashes.
///
/// Every pair is compared (256 multiplications each), so the time grows with
/// the square of the page count: fine for a ledger or an office's day of
/// scanning, slow for a whole national archive at once.
public enum DuplicateFinder {
    /// Same-sheet threshold, from the benchmark's pages: re-exposed, recompressed,
    /// slightly blurred and re-cropped scans of one sheet correlated at 0.83 or more,
    /// different sheets of the same ruled ledger at 0.79 or less.
    public static let defaultMinimumSimilarity = 0.81

    public static func pairs(_ pages: [PageListing], minimumSimilarity: Double = defaultMinimumSimilarity) -> [DuplicatePair] {
        let hashed = pages.map { ($0, $0.perceptualHash.flatMap(PerceptualHash.init(hex:))) }
        var pairs: [DuplicatePair] = []
        for i in hashed.indices {
            for j in (i + 1)..<hashed.count {
                let (a, hashA) = hashed[i], (b, hashB) = hashed[j]
                if a.accessSha256 == b.accessSha256 {
                    pairs.append(DuplicatePair(kind: "exact", first: a.id, second: b.id, similarity: 1))
                    continue
                }
                guard let hashA, let hashB else { continue }
                let similarity = hashA.similarity(to: hashB)
                if similarity >= minimumSimilarity {
                    pairs.append(DuplicatePair(kind: "near", first: a.id, second: b.id,
                                               similarity: (similarity * 1000).rounded() / 1000))
                }
            }
        }
        return pairs
    }
}
