import Foundation

/// How a trainee did on an exercise: accuracy per field and per record (data entry) or per
/// page (scanning), every mistake with what was expected and what was entered, and the
/// time taken. Encoded as `daftar exercise score --json` prints it.
public struct ExerciseScore: Codable, Sendable {
    public struct Tally: Codable, Sendable, Equatable {
        public var total = 0
        public var correct = 0
        /// Correct when names are compared folded (script, case and spelling variants ignored).
        public var correctFolded = 0

        public var accuracy: Double { total == 0 ? 1 : Double(correct) / Double(total) }
        public var accuracyFolded: Double { total == 0 ? 1 : Double(correctFolded) / Double(total) }

        mutating func add(_ verdict: FieldComparison.Verdict) {
            total += 1
            if verdict == .correct { correct += 1 }
            if verdict == .correct || verdict == .sameWhenFolded { correctFolded += 1 }
        }
    }

    public struct FieldTally: Codable, Sendable {
        public let key: String
        public let tally: Tally
    }

    public struct RecordTally: Codable, Sendable {
        /// The page as the exercise names it (`medium-02.jpg`, `book.tif page 2 left`).
        public let page: String
        public let type: String
        /// The trainee's record, when there is one on that page.
        public let recordId: Int64?
        public let tally: Tally
    }

    public struct Mistake: Codable, Sendable, Equatable {
        public let page: String
        /// The field's key; `record` for a whole record, `decision` for a scan mark.
        public let key: String
        public let expected: String
        public let entered: String
        /// `wrong`, `spelling` (right when folded), `missing`, `extra`, `missing-record`,
        /// `extra-record`, `type`, `duplicate`, `not-marked`.
        public let kind: String
    }

    public struct Flags: Codable, Sendable, Equatable {
        /// Flags the key has (illegible, blank in the ledger).
        public var expected = 0
        /// Of those, entered as the key has them.
        public var matched = 0
        /// Flags entered where the key has a value, or another flag.
        public var unexpected = 0
    }

    public let exercise: String
    public let title: String
    public let kind: Exercise.Kind
    public let trainee: String
    public let startedAt: String
    /// The trainee's last record version or mark.
    public let lastWorkAt: String?
    public let seconds: Int?
    /// Every field (data entry) or every page (scanning).
    public var overall = Tally()
    public var flags = Flags()
    public var byField: [FieldTally] = []
    public var byRecord: [RecordTally] = []
    public var mistakes: [Mistake] = []
    /// Pages showing an act already on another page: how many the trainee kept from
    /// being keyed twice (not keyed, or resolved as a duplicate).
    public var duplicatesExpected = 0
    public var duplicatesSpotted = 0

    /// `12 min 05 s`.
    public var timeTaken: String {
        guard let seconds else { return "not started" }
        return seconds >= 3600 ? String(format: "%d h %02d min", seconds / 3600, seconds % 3600 / 60)
            : String(format: "%d min %02d s", seconds / 60, seconds % 60)
    }
}
