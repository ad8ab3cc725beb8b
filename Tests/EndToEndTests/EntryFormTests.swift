import Foundation
import Testing

/// `daftar enter` in a real terminal (tmux): the operator's keystrokes, Ctrl-C, and
/// the records they leave in the archive.
@Suite("interactive entry form", .serialized)
struct EntryFormTests {
    struct Shown: Decodable {
        struct Field: Decodable { let key: String; let value: String?; let flag: String? }
        let status: String
        let pages: [Int64]
        let fields: [Field]
        func value(_ key: String) -> String? { fields.first { $0.key == key }?.value }
    }
    struct Version: Decodable { let version: Int; let status: String }

    /// An archive of two pages of ledger DSH-1957, the offices list beside it, a
    /// viewer that notes which files it was asked to open (and keeps a copy of the last),
    /// and a folder `tmp` for the form's TMPDIR.
    static func workspace() throws -> Workspace {
        let workspace = try RecordEndToEndTests.workspace()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
        #expect(try workspace.daftar(["import", "--ledger", "DSH-1957",
                                      samples.appendingPathComponent("births-1957-p015.tif").path]).status == 0)
        let viewer = workspace.path("viewer.sh")
        try "#!/bin/sh\necho \"$1\" >> '\(workspace.path("viewed.txt"))'\ncp \"$1\" '\(workspace.path("viewed.jpg"))'\n"
            .write(toFile: viewer, atomically: true, encoding: .utf8)
        chmod(viewer, 0o755)
        _ = try workspace.makeFolder("tmp")
        return workspace
    }

    func command(_ workspace: Workspace, _ arguments: String, language: String = "en") -> String {
        "DAFTAR_OPERATOR=ana DAFTAR_LANG=\(language) DAFTAR_VIEWER='\(workspace.path("viewer.sh"))' "
            + "TMPDIR='\(workspace.path("tmp"))' '\(Binaries.daftar.path)' enter "
            + "--archive '\(workspace.archive)' \(arguments); echo EXIT=$?"
    }

    @Test("a record keyed in the form, stopped with Ctrl-C mid-word, resumes with the half-typed word and is saved keyed")
    func keyStopResume() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type ("))
        #expect(terminal.output.contains("1 page(s) waiting"), "only the ledger's page waits")
        terminal.send("birth", "Enter", "112", "Enter", "30.02.1957", "Enter")
        #expect(terminal.waitFor("is not a day of the calendar"), "an impossible date is refused as it is typed")
        terminal.send("C-u", "20.03.1957", "Enter", "DSH-99", "Enter")
        #expect(terminal.waitFor("is not in the offices list"), "office codes are checked against offices.csv")
        terminal.send("C-u", "DSH-03", "Enter", ".", "Enter")
        #expect(terminal.waitFor("(child.surname; name) *"))
        terminal.send("Ҷӯрае")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("C-c")
        #expect(terminal.waitFor("EXIT=0"))
        #expect(terminal.output.contains("Draft record 1 saved"))

        // The page was shown: its access image written out and handed to the viewer.
        let viewed = try String(contentsOfFile: work.path("viewed.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(viewed.count == 1 && viewed[0].hasSuffix("page-2.jpg"))
        let image = FileManager.default.contents(atPath: work.path("viewed.jpg")) ?? Data()
        #expect(image.starts(with: [0xFF, 0xD8, 0xFF]), "the viewer gets the page's JPEG access image")

        // What was typed before Ctrl-C is a draft record in the archive.
        let draft = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(draft.status == "draft" && draft.pages == [2])
        #expect(draft.value("act.number") == "112" && draft.value("act.date") == "1957-03-20" && draft.value("act.office") == "DSH-03")

        // The next session resumes the draft at the field it stopped in, with the half-typed word.
        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("Resuming draft record 1"))
        #expect(terminal.waitFor("> Ҷӯрае"))
        terminal.send("в", "Enter", ".", "Enter", "Рустам", "Enter", "male", "Enter", "Ҷӯраева", "Enter", "Малика", "Enter",
                      "12.03.1957", "Enter")
        #expect(terminal.waitFor("Record 1 saved (keyed)."))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("No more pages waiting in ledger DSH-1957."))
        #expect(terminal.waitFor("EXIT=0", count: 2))

        let keyed = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(keyed.status == "keyed")
        #expect(keyed.value("child.surname") == "Ҷӯраев" && keyed.value("child.givenName") == "Рустам")
        #expect(keyed.value("birth.date") == "1957-03-12" && keyed.value("mother.givenName") == "Малика")
        let versions = try JSONDecoder().decode([Version].self,
                                                from: Data(try work.daftar(["record", "history", "1", "--json"]).stdout.utf8))
        #expect(versions.map(\.status) == ["draft", "draft", "keyed"], "first answer, Ctrl-C, then the finished record")
        #expect(try work.daftar(["verify", "--audit"]).status == 0)
    }

    @Test("answers can be flagged, a warning needs confirming, and a killed form loses no answered field")
    func flagsWarningsAndKill() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957 --pass 1"), "Enter")
        #expect(terminal.waitFor("act type ("))
        terminal.send("death", "Enter", "7", "Enter", "1950", "Enter", "DSH-01", "Enter", "??", "Enter", "--", "Enter")
        #expect(terminal.waitFor("[6/"))
        // kill -9: no chance to save anything at the end.
        let pids = try work.run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", "daftar enter --archive \(work.archive)"])
        for pid in pids.stdout.split(separator: "\n") { kill(pid_t(pid) ?? 0, SIGKILL) }
        #expect(terminal.waitFor("EXIT=137"))
        terminal.send(command(work, "--ledger DSH-1957 --pass 1"), "Enter")
        #expect(terminal.waitFor("Resuming draft record 1 (death)."))
        #expect(terminal.waitFor("[6/"), "the form goes on after the last answered field")
        terminal.send(".", "Enter", "Каримов ?", "Enter", "Алишер", "Enter", "1960", "Enter")
        #expect(terminal.waitFor("is before the event it records"), "a death act dated before the death asks to confirm")
        terminal.send("y", "Enter")
        #expect(terminal.waitFor("Record 1 saved (keyed)."))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("EXIT=0"))
        let record = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        let fields = Dictionary(uniqueKeysWithValues: record.fields.map { ($0.key, $0) })
        #expect(record.status == "keyed")
        #expect(fields["certificate.series"]?.flag == "illegible" && fields["certificate.number"]?.flag == "blank-in-source")
        #expect(fields["deceased.surname"]?.value == "Каримов" && fields["deceased.surname"]?.flag == "uncertain")
        let listed = try work.daftar(["records", "--status", "keyed"])
        #expect(listed.stdout.contains("death  keyed   1"), "keyed in pass 1")
    }

    /// The number field `key` has in the list the form shows after a refused save
    /// (`  ? 19. date of death (death.date): 1963`), from the last list shown.
    static func listedNumber(of key: String, in output: String) -> String? {
        let lines = output.split(whereSeparator: \.isNewline)
        guard let line = lines.last(where: { $0.contains("(\(key)):") }) else { return nil }
        let number = line.drop { $0 == " " || $0 == "?" || $0 == "!" }.prefix { $0.isNumber }
        return number.isEmpty ? nil : String(number)
    }

    /// Keys a death act (act of 1962, office DSH-01, only the required fields) whose
    /// death date comes after the act, and waits for the warning.
    static func keyDeath(_ terminal: TmuxSession, number: String, actDate: String = "1962", deathDate: String,
                         surname: String = "Каримов") {
        terminal.send("death", "Enter", number, "Enter", actDate, "Enter", "DSH-01", "Enter", ".", "Enter",
                      surname, "Enter", "Алишер", "Enter", deathDate, "Enter")
    }

    @Test("a warning answered no lists the fields by number; the one picked by number or key is fixed and the record checked again")
    func fixAfterRefusal() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type ("))
        // The death date mistyped (1963 for 1961): the warning names the act date, the fault is the death date's.
        Self.keyDeath(terminal, number: "7", deathDate: "1963")
        #expect(terminal.waitFor("  ? act.date: \"1962\" is before the event it records (death.date)"))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("field to fix (number or key; Enter: keep the record as a draft and stop) > "))
        var output = terminal.output
        #expect(output.contains("Not saved. Fields of the record (! error, ? warning):"))
        #expect(output.contains("     1. act number (act.number): 7"), "every field, numbered as in the form, with its answer")
        #expect(output.contains("  ?  2. act date (act.date): 1962"), "the field the warning names is marked")
        #expect(output.contains("     4. certificate series (certificate.series):"), "fields not entered are listed too")
        let number = try #require(Self.listedNumber(of: "death.date", in: output))
        terminal.send("99", "Enter")
        #expect(terminal.waitFor("\"99\" is not a field: give a number from 1 to "))
        terminal.send("death", "Enter")
        #expect(terminal.waitFor("\"death\" is not a field"))
        terminal.send(number, "Enter")
        #expect(terminal.waitFor("[\(number)/", count: 2), "the form goes to the field picked by its number")
        #expect(terminal.waitFor("> 1963", count: 2), "with its answer ready to edit")
        terminal.send("C-u", "1961", "Enter")
        #expect(terminal.waitFor("Record 1 saved (keyed)."), "checked again right after the fix, and saved")

        // Another act on the page, dated in the future: the act date picked by its key.
        terminal.send("y", "Enter")
        #expect(terminal.waitFor("act type (", count: 2))
        Self.keyDeath(terminal, number: "8", actDate: "2157", deathDate: "1961", surname: "Саидов")
        #expect(terminal.waitFor("  ? act.date: \"2157\" is in the future (after today)"))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("Not saved. Fields of the record", count: 2))
        output = terminal.output
        #expect(output.contains("  ?  2. act date (act.date): 2157"))
        terminal.send("act.date", "Enter")
        #expect(terminal.waitFor("> 2157", count: 2))
        terminal.send("C-u", "1962", "Enter")
        #expect(terminal.waitFor("Record 2 saved (keyed)."))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("EXIT=0"))

        let first = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(first.status == "keyed" && first.value("death.date") == "1961" && first.value("act.date") == "1962")
        let second = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "2", "--json"]).stdout.utf8))
        #expect(second.status == "keyed" && second.value("act.date") == "1962")
    }

    @Test("Enter at the list of fields keeps the record as a draft, unchanged; the next form resumes it at the final check")
    func leaveAfterRefusal() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("act type ("))
        Self.keyDeath(terminal, number: "7", deathDate: "1963")
        #expect(terminal.waitFor("is before the event it records (death.date)"))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("field to fix ("))
        terminal.send("Enter")
        #expect(terminal.waitFor("Draft record 1 saved; `daftar enter` resumes it at the final check."))
        #expect(terminal.waitFor("EXIT=0"))
        let draft = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(draft.status == "draft" && draft.value("death.date") == "1963" && draft.value("act.date") == "1962")

        terminal.send(command(work, "--ledger DSH-1957"), "Enter")
        #expect(terminal.waitFor("Resuming draft record 1 (death)."))
        #expect(terminal.waitFor("is before the event it records (death.date)", count: 2), "straight to the final check")
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("Not saved. Fields of the record", count: 2))
        terminal.send("death.date", "Enter")
        #expect(terminal.waitFor("> 1963", count: 2))
        terminal.send("C-u", "1961", "Enter")
        #expect(terminal.waitFor("Record 1 saved (keyed)."))
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("EXIT=0", count: 2))
        let keyed = try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(keyed.status == "keyed" && keyed.value("death.date") == "1961")
    }

    @Test("the form speaks the operator's language: prompts, labels and hints in Tajik")
    func tajikForm() throws {
        let work = try Self.workspace()
        let terminal = try TmuxSession(in: work)
        terminal.send(command(work, "--ledger DSH-1957", language: "tg"), "Enter")
        #expect(terminal.waitFor("навъи санад (birth, death"))
        #expect(terminal.output.contains("саҳифаҳои интизори ворид: 1"))
        terminal.send("death", "Enter")
        #expect(terminal.waitFor("рақами санади сабт (act.number; матн) *"))
        terminal.send("C-c")
        #expect(terminal.waitFor("EXIT=0"))
        #expect(terminal.output.contains("Қатъ шуд."))
        #expect(try work.daftar(["records", "--json"]).stdout == "[]\n", "Ctrl-C before any answer leaves no record")
    }
}
