import Archive
import Foundation

/// A trainee's practice archive: made from an exercise's pages, with the exercise's
/// start and the trainee's page marks kept as events in its log (`exercise-start`,
/// `exercise-mark`), so a score can be worked out at any time from the archive alone.
public struct ExerciseSession: Sendable {
    public static let startKind = "exercise-start"
    public static let markKind = "exercise-mark"

    /// What the `exercise-start` event records.
    public struct Start: Codable, Sendable {
        public let exercise: String
        public let title: String
        public let kind: Exercise.Kind
        public let folder: String
        public let trainee: String
    }

    /// A page marked keep or rescan.
    public struct Mark: Codable, Sendable, Equatable {
        public let page: Int64
        public let file: String
        public let decision: String
        public let reason: ScanReason?

        public init(page: Int64, file: String, decision: String, reason: ScanReason?) {
            self.page = page
            self.file = file
            self.decision = decision
            self.reason = reason
        }
    }

    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// The ledger code the exercise's pages are imported under.
    public static func ledger(of exercise: Exercise) -> String { "EXERCISE-" + exercise.name.uppercased() }

    /// Imports the exercise's pages into the (new) practice archive under the exercise's
    /// scan policy, and records the start.
    public static func begin(_ exercise: Exercise, trainee: String, in store: ArchiveStore) async throws -> ImportSummary {
        var options = ImportOptions(ledger: ledger(of: exercise), operator: trainee)
        options.policy = exercise.policy
        let summary = try await ImportRunner(store: store, options: options)
            .run(paths: exercise.pages.map { exercise.folder + "/" + $0 })
        try store.logEvent(kind: startKind, operator: trainee, subject: "exercise:\(exercise.name)",
                           details: Start(exercise: exercise.name, title: exercise.title, kind: exercise.kind,
                                          folder: exercise.folder, trainee: trainee))
        return summary
    }

    /// The exercise's start and when it was, if the archive is a practice archive.
    public func started() throws(ArchiveError) -> (start: Start, time: String)? {
        for event in try store.events() where event.kind == Self.startKind {
            if let start = try? JSONDecoder().decode(Start.self, from: Data(event.details.utf8)) { return (start, event.time) }
        }
        return nil
    }

    /// Each page's latest mark, and when it was made.
    public func marks() throws(ArchiveError) -> [Int64: (mark: Mark, time: String)] {
        var marks: [Int64: (mark: Mark, time: String)] = [:]
        for event in try store.events() where event.kind == Self.markKind {
            if let mark = try? JSONDecoder().decode(Mark.self, from: Data(event.details.utf8)) { marks[mark.page] = (mark, event.time) }
        }
        return marks
    }

    public func mark(_ mark: Mark, by trainee: String) throws(ArchiveError) {
        try store.logEvent(kind: Self.markKind, operator: trainee, subject: "page:\(mark.page)", details: mark)
    }
}
