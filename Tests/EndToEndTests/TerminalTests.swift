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
        let terminal = try TmuxSession(in: work, width: 120, height: 30)
        terminal.send("'\(Binaries.daftar.path)' import '\(work.path("scans"))' --archive '\(work.archive)'; echo EXIT=$?", "Enter")
        #expect(terminal.waitFor("EXIT=0", timeout: 120))
        let output = terminal.output
        #expect(output.contains("] 4/4 files, 4 pages"), "final progress line drawn on the terminal")
        #expect(output.contains("[##############################]"))
        #expect(output.contains("imported 4 file(s), 4 page(s)"))
    }
}
