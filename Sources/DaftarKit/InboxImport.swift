import Archive
import Foundation

/// `daftar import --inbox`: imports the settled files of a hot folder and moves each
/// one on once the archive holds it (see `Inbox`). The archive's import lock is the
/// caller's to hold.
public struct InboxImport: Sendable {
    public let runner: ImportRunner
    public let inbox: Inbox

    /// What became of the inbox's files, beside the import's own summary.
    public struct Summary: Codable, Sendable, Equatable {
        /// Files moved to `done` (imported now, or archived by an earlier run).
        public var done = 0
        /// Files moved to `failed`, each with its `.error.txt`.
        public var failed = 0
        /// Files left in the inbox for the next run: too new, or changed while imported.
        public var left: [String] = []
        /// Files that could not be moved (they stay, and are moved by a later run).
        public var moveErrors: [ImportSummary.Rejection] = []

        public init() {}
    }

    /// What happened to one file of the inbox.
    public enum Event: Sendable {
        case moved(path: String, to: String)
        case left(path: String, reason: String)
        case moveFailed(path: String, error: String)
    }

    public init(runner: ImportRunner, inbox: Inbox) {
        self.runner = runner
        self.inbox = inbox
    }

    /// Imports the files settled for `settle` seconds. `report` hears the import's events
    /// and then, for each file, where it went.
    public func run(settle: TimeInterval, report: @escaping @Sendable (ImportEvent) -> Void = { _ in },
                    moved: @escaping @Sendable (Event) -> Void = { _ in }) async throws(ArchiveError) -> (ImportSummary, Summary) {
        let (ready, unsettled, problems) = inbox.settledFiles(settle: settle)
        let files = Dictionary(ready.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let tally = Tally()
        for path in unsettled {
            tally.update { $0.left.append(path) }
            moved(.left(path: path, reason: "written less than \(Int(settle)) s ago; left for the next run"))
        }
        let inbox = self.inbox
        @Sendable func settleFile(_ path: String, rejection: String?) {
            guard let file = files[path] else { return }
            guard inbox.unchanged(file) else {
                tally.update { $0.left.append(path) }
                moved(.left(path: path, reason: "changed while it was imported; left for the next run"))
                return
            }
            do throws(DurableMove.Failure) {
                if let rejection {
                    let target = try inbox.rejected(file, reason: rejection)
                    tally.update { $0.failed += 1 }
                    moved(.moved(path: path, to: target))
                } else {
                    let target = try inbox.archived(file)
                    tally.update { $0.done += 1 }
                    moved(.moved(path: path, to: target))
                }
            } catch {
                tally.update { $0.moveErrors.append(.init(path: path, error: error.description)) }
                moved(.moveFailed(path: path, error: error.description))
            }
        }
        var summary = try await runner.run(paths: ready.map(\.path)) { event in
            report(event)
            switch event {
            case .imported(let path, _, _), .duplicate(let path): settleFile(path, rejection: nil)
            case .rejected(let path, let reason): settleFile(path, rejection: reason)
            case .started: break
            }
        }
        for problem in problems {
            summary.rejected.append(.init(path: problem.path, error: problem.reason))
            report(.rejected(path: problem.path, reason: problem.reason))
        }
        return (summary, tally.value)
    }

    /// The inbox summary, added to from the import's reports.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var summary = Summary()

        func update(_ change: (inout Summary) -> Void) { lock.withLock { change(&summary) } }
        var value: Summary { lock.withLock { summary } }
    }
}
