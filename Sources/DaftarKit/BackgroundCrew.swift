import Dispatch
import Foundation

/// Threads of lowered priority that work through the runs of a job together with the
/// thread that hands it to them: the checking of a load. With two cores and one
/// writer, the writer is the load's critical path; checking at equal priority took a
/// fifth of its time slices. At `niceness` 10 the scheduler gives a thread about a
/// tenth of a core that another thread also wants, so the writer runs whenever it
/// can and the crew takes the rest.
final class BackgroundCrew: @unchecked Sendable {
    /// Runs per job: one per core.
    let runs: Int
    private let niceness: Int32
    private var job: (@Sendable (Int) -> Void)?
    private var stopping = false
    private let starts: [DispatchSemaphore]
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `runs - 1` helper threads (the caller of `perform` takes run 0).
    init(runs: Int = ProcessInfo.processInfo.activeProcessorCount, niceness: Int32 = 10) {
        self.runs = max(runs, 1)
        self.niceness = niceness
        starts = (1..<max(runs, 1)).map { _ in DispatchSemaphore(value: 0) }
        for run in 1..<self.runs {
            let thread = Thread { [self] in
                Self.lowerPriority(by: niceness)
                while true {
                    starts[run - 1].wait()
                    guard !stopping, let job else { return }
                    job(run)
                    finished.signal()
                }
            }
            thread.start()
        }
    }

    /// Runs `body(run)` for every run at once, on the crew and the calling thread, and
    /// returns when all are done. One job at a time.
    func perform(_ body: @escaping @Sendable (Int) -> Void) {
        job = body
        for start in starts { start.signal() }
        body(0)
        for _ in starts { finished.wait() }
        job = nil
    }

    /// Ends the helper threads (after the job under way).
    func stop() {
        stopping = true
        for start in starts { start.signal() }
    }

    /// Gives the calling thread (the one that will call `perform`) the crew's priority.
    func lowerCallerPriority() {
        Self.lowerPriority(by: niceness)
    }

    /// Lowers the calling thread's priority (raising it back needs privileges). Linux
    /// keeps a nice value per thread, and `setpriority` of "process 0" sets the
    /// caller's; threads it starts later inherit it.
    static func lowerPriority(by niceness: Int32) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
    }
}
