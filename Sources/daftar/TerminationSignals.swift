import Dispatch
import Foundation

/// Tidies up before the process is ended by SIGINT, SIGTERM or SIGHUP (a `kill`, a
/// closed terminal, Ctrl-C when input is not a terminal): runs `cleanup` on a queue
/// of its own, then dies of the same signal, so the shell still sees why it ended.
/// In the meantime the signals no longer end the process at once.
final class TerminationSignals {
    static let numbers = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [DispatchSourceSignal] = []

    init(cleanup: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "daftar.termination-signals")
        for number in Self.numbers {
            // Ignored first, or the default action would end the process before the source hears
            // of it; on Linux the source then puts in a handler of its own (so not after resume()).
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                cleanup()
                Self.die(of: number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Ends the process by signal `number`'s default action. Raised in this thread, which
    /// unblocks it: libdispatch blocks the signals it watches in the threads it has seen.
    private static func die(of number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }

    /// The signals end the process at once again.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for number in Self.numbers { signal(number, SIG_DFL) }
    }

    /// For a program started meanwhile: the signals' default actions and none blocked,
    /// not the ignoring and blocking it would otherwise inherit.
    static func defaultActions(_ attributes: inout posix_spawnattr_t) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in numbers { sigaddset(&set, number) }
        posix_spawnattr_setsigdefault(&attributes, &set)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }
}
