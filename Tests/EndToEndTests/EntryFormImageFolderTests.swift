import Foundation
import Testing

/// The page images `daftar enter` writes for the viewer hold people's data: a private
/// folder per form, gone when the form ends, however it ends.
extension EntryFormTests {
    /// The folder of the last page image the form named (`  image: <folder>/page-2.jpg`).
    static func imageFolder(in output: String) -> String? {
        let lines = output.split(whereSeparator: \.isNewline)
        guard let line = lines.last(where: { $0.contains("  image: ") }),
              let path = line.components(separatedBy: "  image: ").last?.split(separator: " ").first else { return nil }
        return URL(fileURLWithPath: String(path)).deletingLastPathComponent().path
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// What is left in the form's TMPDIR.
    static func leftInTemp(_ work: Workspace) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: work.path("tmp"))) ?? ["(no tmp folder)"]
    }

    @Test("page images go to a private folder under TMPDIR (0700, files 0600), removed at Ctrl-C, end of input and the end")
    func privateImageFolder() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type ("))
        let folder = try #require(Self.imageFolder(in: terminal.output))
        #expect(folder.hasPrefix(work.path("tmp") + "/daftar-enter-"), "a folder of its own, under TMPDIR")
        #expect(Self.mode(folder) == 0o700)
        #expect(Self.mode(folder + "/page-2.jpg") == 0o600)
        terminal.send("C-c")
        #expect(terminal.waitFor("EXIT=0"))
        #expect(!FileManager.default.fileExists(atPath: folder), "removed at Ctrl-C")

        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type (", count: 2))
        let second = try #require(Self.imageFolder(in: terminal.output))
        #expect(second != folder && Self.mode(second) == 0o700, "a new folder for each form")
        terminal.send("C-d")
        #expect(terminal.waitFor("EXIT=0", count: 2))
        #expect(!FileManager.default.fileExists(atPath: second), "removed at the end of input")

        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type (", count: 3))
        terminal.send("Enter")
        #expect(terminal.waitFor("No more pages waiting in ledger DSH-1957."))
        #expect(terminal.waitFor("EXIT=0", count: 3))
        #expect(Self.leftInTemp(work) == [], "removed at the form's end; nothing else left behind")
    }

    @Test("killed by SIGINT, SIGTERM or SIGHUP, the form removes its image folder and puts the terminal back",
          arguments: [SIGINT, SIGTERM, SIGHUP])
    func imageFolderOnSignal(_ number: Int32) throws {
        let work = try Self.workspace()
        // Run by sh, which leaves the terminal as the form left it, so stty shows what the form restored.
        let script = work.path("enter.sh")
        try (command(work, "--ledger DSH-1957") + "\nstty -a | tr -s ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo"
             + " | tr '\\n' ' '; echo END\n").write(toFile: script, atomically: true, encoding: .utf8)
        let terminal = try TmuxSession(in: work)
        terminal.send("sh '\(script)'", "Enter")
        #expect(terminal.waitFor("act type ("))
        let folder = try #require(Self.imageFolder(in: terminal.output))
        #expect(FileManager.default.fileExists(atPath: folder))
        let pids = try work.run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", "daftar enter --archive \(work.archive)"])
        let pid = try #require(pids.stdout.split(separator: "\n").first.flatMap { pid_t($0) })
        kill(pid, number)
        #expect(terminal.waitFor("EXIT=\(128 + number)"), "ended by the signal")
        #expect(!FileManager.default.fileExists(atPath: folder), "the images removed")
        #expect(Self.leftInTemp(work) == [])
        #expect(terminal.waitFor("END"))
        #expect(terminal.output.contains("icanon echo END"), "the terminal back in line mode with echo")
    }
}
