import Foundation
import Testing

/// `daftar import` in a real terminal (tmux): a progress bar on stderr there,
/// none when output goes to a file or pipe (checked in ImportEndToEndTests).
@Suite("terminal", .serialized)
struct TerminalTests {
    @Test("the import draws a progress bar on a terminal and clears it at the end")
    func progressBarOnTerminal() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        _ = try work.generatePages(into: "scans", count: 4, dpi: 60, kinds: "tiff-lzw,jpeg")
        let session = "daftar-test-\(getpid())"
        let log = work.path("terminal.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        #expect(tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "30"]) == 0)
        defer { _ = tmux(["kill-session", "-t", session]) }
        #expect(tmux(["pipe-pane", "-t", session, "-o", "cat >> '\(log)'"]) == 0)
        let command = "'\(Binaries.daftar.path)' import '\(work.path("scans"))' --archive '\(work.archive)'; echo EXIT=$?"
        #expect(tmux(["send-keys", "-t", session, command, "Enter"]) == 0)

        var output = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if output.contains("EXIT=0") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(output.contains("EXIT=0"))
        #expect(output.contains("] 4/4 files, 4 pages"), "final progress line drawn on the terminal")
        #expect(output.contains("[##############################]"))
        #expect(output.contains("imported 4 file(s), 4 page(s)"))
    }

    /// Runs a tmux client and waits for it. posix_spawn + waitpid, not Foundation's
    /// Process: the tmux server the client forks keeps Process from seeing the exit.
    private func tmux(_ arguments: [String]) -> Int32 {
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
