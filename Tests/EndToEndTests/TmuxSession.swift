import Foundation

/// A real terminal for interactive commands: a detached tmux session whose output
/// is copied to a log file, driven with `send-keys`.
final class TmuxSession {
    let name: String
    let log: String

    init(in workspace: Workspace, width: Int = 150, height: Int = 40) throws {
        name = "daftar-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        log = workspace.path("terminal-\(name).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        guard Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"]) == 0,
              Self.tmux(["pipe-pane", "-t", name, "-o", "cat >> '\(log)'"]) == 0 else {
            throw Failed(message: "tmux could not start a session")
        }
    }

    deinit { _ = Self.tmux(["kill-session", "-t", name]) }

    struct Failed: Error { let message: String }

    /// Types keys: text literally, or tmux key names (`Enter`, `C-c`, `C-u`).
    func send(_ keys: String...) {
        for key in keys {
            if ["Enter", "C-c", "C-u", "C-d", "BSpace"].contains(key) {
                _ = Self.tmux(["send-keys", "-t", name, key])
            } else {
                _ = Self.tmux(["send-keys", "-t", name, "-l", "--", key])
            }
        }
    }

    /// Everything the terminal has shown so far.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until the output shows `text` `count` times (or the timeout passes).
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.components(separatedBy: text).count - 1 >= count { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Runs a tmux client and waits for it. posix_spawn + waitpid, not Foundation's
    /// Process: the tmux server the client forks keeps Process from seeing the exit.
    static func tmux(_ arguments: [String]) -> Int32 {
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}
