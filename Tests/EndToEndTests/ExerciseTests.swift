import Foundation
import Testing

/// The training exercises end to end: a practice archive per trainee, the key entered
/// perfectly and with planted mistakes, a page shown twice, scan marks, the group report.
@Suite("training exercises")
struct ExerciseTests {
    static let exercises = Samples.folder.appendingPathComponent("exercises").path

    static func keyRows(_ name: String) throws -> [[String: Any]] {
        try String(contentsOfFile: exercises + "/\(name)/key.jsonl", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Keys `rows` (manifest rows) into the trainee's practice archive, as an operator would.
    static func key(_ rows: [[String: Any]], exercise: String, trainee: String, in work: Workspace) throws {
        let manifest = try rows.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n")
        try manifest.write(toFile: work.path("\(trainee).jsonl"), atomically: true, encoding: .utf8)
        let folder = exercises + "/" + exercise
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { ["tif", "jpg", "png"].contains(($0 as NSString).pathExtension) }.map { folder + "/" + $0 }
        let keyed = try work.daftar(["import"] + pages + ["--manifest", work.path("\(trainee).jsonl"), "--confirm",
                                                          "--archive", work.path("practice-\(trainee).sqlite"),
                                                          "--operator", trainee], archive: false)
        #expect(keyed.status == 0 && keyed.stdout.contains("\(rows.count) attached"), "\(keyed.stdout) \(keyed.stderr)")
    }

    static func score(_ work: Workspace, trainee: String) throws -> [String: Any] {
        let result = try work.daftar(["exercise", "score", "--trainee", trainee, "--exercises", exercises, "--json"], archive: false)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func mistakes(_ score: [String: Any]) -> [String] {
        ((score["mistakes"] as? [[String: Any]]) ?? []).map {
            "\($0["page"]!) \($0["key"]!): \($0["expected"]!) -> \($0["entered"]!) (\($0["kind"]!))"
        }
    }

    @Test("list shows the four exercises; start makes the practice archive and refuses to overwrite it")
    func listAndStart() throws {
        let work = try Workspace()
        let list = try work.daftar(["exercise", "list", "--exercises", Self.exercises, "--json"], archive: false)
        #expect(list.status == 0, "\(list.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["name"] as? String } == ["easy", "hard", "medium", "scanning"])
        for name in ["easy", "medium", "hard", "scanning"] {
            #expect(FileManager.default.fileExists(atPath: Self.exercises + "/\(name)/brief.md"), "\(name) has a brief")
        }
        let started = try work.daftar(["exercise", "start", "easy", "--trainee", "ana", "--exercises", Self.exercises], archive: false)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("3 page(s) in practice-ana.sqlite") && started.stdout.contains("daftar enter"), "\(started.stdout)")
        let pages = try work.daftar(["pages", "--ledger", "EXERCISE-EASY", "--json", "--archive", work.path("practice-ana.sqlite")],
                                    archive: false)
        #expect(pages.stdout.contains("easy-01.tif") && pages.stdout.contains("easy-03.tif"), "\(pages.stdout)")
        let again = try work.daftar(["exercise", "start", "easy", "--trainee", "ana", "--exercises", Self.exercises], archive: false)
        #expect(again.status == 2 && again.stderr.contains("exists"), "\(again.stderr)")
        let unknown = try work.daftar(["exercise", "start", "nosuch", "--trainee", "bo", "--exercises", Self.exercises], archive: false)
        #expect(unknown.status == 2 && unknown.stderr.contains("nosuch: no such exercise") && unknown.stderr.contains("exercise list"),
                "\(unknown.stderr)")
        #expect(try work.daftar(["exercise", "score", "--trainee", "nobody", "--exercises", Self.exercises], archive: false).status == 2)
    }

    @Test("the key entered exactly scores 100%, every field and flag counted")
    func perfect() throws {
        let work = try Workspace()
        #expect(try work.daftar(["exercise", "start", "medium", "--trainee", "ana", "--exercises", Self.exercises], archive: false).status == 0)
        let rows = try Self.keyRows("medium")
        try Self.key(rows, exercise: "medium", trainee: "ana", in: work)
        let score = try Self.score(work, trainee: "ana")
        let overall = try #require(score["overall"] as? [String: Any])
        let fields = rows.reduce(0) { $0 + (($1["fields"] as? [String: Any])?.count ?? 0) + (($1["flags"] as? [String: Any])?.count ?? 0) }
        #expect(overall["total"] as? Int == fields)
        #expect(overall["correct"] as? Int == fields)
        #expect(Self.mistakes(score).isEmpty, "\(Self.mistakes(score))")
        let flags = try #require(score["flags"] as? [String: Any])
        #expect(flags["expected"] as? Int == 3 && flags["matched"] as? Int == 3)
        #expect((score["byRecord"] as? [[String: Any]])?.count == 3)
        #expect(score["trainee"] as? String == "ana" && score["seconds"] is Int)
        let text = try work.daftar(["exercise", "score", "--trainee", "ana", "--exercises", Self.exercises], archive: false)
        #expect(text.stdout.contains("(100.0%)") && text.stdout.contains("no mistakes"), "\(text.stdout)")
    }

    @Test("planted mistakes are exactly the mistakes listed: a wrong name, a spelling, a guessed blot, a lost flag, an extra field")
    func plantedMistakes() throws {
        let work = try Workspace()
        #expect(try work.daftar(["exercise", "start", "medium", "--trainee", "bo", "--exercises", Self.exercises], archive: false).status == 0)
        var rows = try Self.keyRows("medium")
        var first = rows[0]["fields"] as! [String: Any], firstFlags = rows[0]["flags"] as! [String: Any]
        first["child.surname"] = "Алимов"           // wrong
        first["mother.givenName"] = "Бибигуль"       // the same name folded: a spelling mistake
        first["birth.date"] = "05.1949"              // the same partial date written the region's way: right
        first["father.givenName"] = "Олим"           // a guess where the key says illegible
        firstFlags.removeValue(forKey: "father.givenName")
        rows[0]["fields"] = first
        rows[0]["flags"] = firstFlags
        var second = rows[1]["fields"] as! [String: Any]
        second["birth.place"] = "кишлак Дахана"      // a field the page does not have
        rows[1]["fields"] = second
        rows[2].removeValue(forKey: "flags")         // the illegible cause of death left out
        try Self.key(rows, exercise: "medium", trainee: "bo", in: work)

        let score = try Self.score(work, trainee: "bo")
        #expect(Self.mistakes(score) == [
            "medium-01.jpg child.surname: Олимов -> Алимов (wrong)",
            "medium-01.jpg father.givenName: [illegible] -> Олим (wrong)",
            "medium-01.jpg mother.givenName: Бибигул -> Бибигуль (spelling)",
            "medium-02.jpg birth.place: (nothing) -> кишлак Дахана (extra)",
            "medium-03.jpg death.cause: [illegible] -> (nothing) (missing)",
        ])
        let overall = try #require(score["overall"] as? [String: Any])
        let total = try #require(overall["total"] as? Int)
        #expect(overall["correct"] as? Int == total - 5)
        #expect(overall["correctFolded"] as? Int == total - 4, "the spelling mistake counts as right when folded")
        let fields = try #require(score["byField"] as? [[String: Any]])
        let surname = try #require(fields.first { $0["key"] as? String == "child.surname" }?["tally"] as? [String: Any])
        #expect(surname["total"] as? Int == 2 && surname["correct"] as? Int == 1)
        let flags = try #require(score["flags"] as? [String: Any])
        #expect(flags["expected"] as? Int == 3 && flags["matched"] as? Int == 1)
    }

    @Test("a page shown twice: keyed again is a mistake until resolved as a duplicate of the first")
    func duplicatePage() throws {
        let work = try Workspace()
        #expect(try work.daftar(["exercise", "start", "hard", "--trainee", "di", "--exercises", Self.exercises], archive: false).status == 0)
        var rows = try Self.keyRows("hard")
        var again = rows[0]
        again["file"] = "hard-05.jpg"
        rows.append(again)
        try Self.key(rows, exercise: "hard", trainee: "di", in: work)
        let before = try Self.score(work, trainee: "di")
        #expect(Self.mistakes(before).count == 1 && Self.mistakes(before)[0].contains("hard-05.jpg record"), "\(Self.mistakes(before))")
        #expect(before["duplicatesSpotted"] as? Int == 0)

        let practice = work.path("practice-di.sqlite")
        let records = try work.daftar(["records", "--json", "--archive", practice], archive: false)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [[String: Any]])
        let last = try #require(listed.last?["id"] as? Int)
        #expect(try work.daftar(["duplicates", "resolve", String(last), "--same-as", "1", "--reason", "scanned twice",
                                 "--archive", practice], archive: false).status == 0)
        let after = try Self.score(work, trainee: "di")
        #expect(Self.mistakes(after).isEmpty, "\(Self.mistakes(after))")
        #expect(after["duplicatesSpotted"] as? Int == 1)

        // The other way round: the first page's keying resolved as a duplicate of the rescan's.
        #expect(try work.daftar(["exercise", "start", "hard", "--trainee", "ez", "--exercises", Self.exercises], archive: false).status == 0)
        try Self.key(rows, exercise: "hard", trainee: "ez", in: work)
        let reversed = work.path("practice-ez.sqlite")
        #expect(try work.daftar(["duplicates", "resolve", "1", "--same-as", String(last), "--reason", "scanned twice",
                                 "--archive", reversed], archive: false).status == 0)
        let other = try Self.score(work, trainee: "ez")
        #expect(Self.mistakes(other).isEmpty, "\(Self.mistakes(other))")
        #expect(other["duplicatesSpotted"] as? Int == 1)
    }

    @Test("scan marks against daftar's quality report; the pages break the policy as the exercise says")
    func scanning() throws {
        let work = try Workspace()
        #expect(try work.daftar(["exercise", "start", "scanning", "--trainee", "ed", "--exercises", Self.exercises], archive: false).status == 0)
        let description = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Self.exercises + "/scanning/exercise.json"))) as? [String: Any])
        let expected = try #require(description["expected"] as? [[String: Any]])
        #expect(expected.count == 6)
        // daftar's own report flags each page for the reason the exercise planted.
        let quality = try work.daftar(["pages", "--quality", "--json", "--archive", work.path("practice-ed.sqlite")], archive: false)
        for page in expected {
            let file = try #require(page["file"] as? String)
            if let reason = page["reason"] as? String {
                let words = ["dpi": "dpi", "skew": "skew", "dark": "too dark", "cut": "content cut"]
                let line = quality.stdout.components(separatedBy: "},").first { $0.contains(file) } ?? ""
                #expect(line.contains(words[reason]!), "\(file) is reported for \(reason): \(line)")
            } else {
                #expect(!quality.stdout.contains(file), "\(file) passes the policy")
            }
        }
        func mark(_ trainee: String, _ file: String, _ decision: [String]) throws {
            let result = try work.daftar(["exercise", "mark", file] + decision + ["--trainee", trainee], archive: false)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for page in expected {
            let file = page["file"] as! String
            try mark("ed", file, (page["reason"] as? String).map { ["rescan", "--reason", $0] } ?? ["keep"])
        }
        let perfect = try Self.score(work, trainee: "ed")
        #expect(Self.mistakes(perfect).isEmpty, "\(Self.mistakes(perfect))")
        #expect((perfect["overall"] as? [String: Any])?["correct"] as? Int == 6)

        // A second trainee: one good page sent back, one bad page kept, one left unmarked.
        #expect(try work.daftar(["exercise", "start", "scanning", "--trainee", "fa", "--exercises", Self.exercises], archive: false).status == 0)
        for page in expected.dropLast() {
            let file = page["file"] as! String
            switch file {
            case "scan-01.jpg": try mark("fa", file, ["rescan", "--reason", "blur"])
            case "scan-02.jpg": try mark("fa", file, ["keep"])
            default: try mark("fa", file, (page["reason"] as? String).map { ["rescan", "--reason", $0] } ?? ["keep"])
            }
        }
        #expect(try work.daftar(["exercise", "mark", "scan-01.jpg", "rescan", "--trainee", "fa"], archive: false).status == 2,
                "rescan needs a reason")
        let mixed = try Self.score(work, trainee: "fa")
        #expect(Self.mistakes(mixed) == [
            "scan-01.jpg decision: keep -> rescan (blur) (wrong)",
            "scan-02.jpg decision: rescan (dpi) -> keep (wrong)",
            "scan-06.jpg decision: keep -> not marked (not-marked)",
        ])

        let report = try work.daftar(["exercise", "report", "--csv", "--exercises", Self.exercises], archive: false)
        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("trainee,exercise"))
        #expect(lines[1].hasPrefix("ed,scanning,scanning,6,6,1.0000") && lines[2].hasPrefix("fa,scanning,scanning,3,6,0.5000"), "\(lines)")
    }

    @Test("a trainee keys the easy exercise in the form (daftar enter in a real terminal) and on the command line: 100%")
    func keyedInTheForm() throws {
        let work = try Workspace()
        #expect(try work.daftar(["exercise", "start", "easy", "--trainee", "gul", "--exercises", Self.exercises], archive: false).status == 0)
        let practice = work.path("practice-gul.sqlite")
        let rows = try Self.keyRows("easy")
        let schema = try work.daftar(["schema", "--type", "birth", "--json", "--archive", practice], archive: false)
        let described = try #require(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
        let types = try #require(described["types"] as? [[String: Any]])
        let keys = try #require(types.first?["fields"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(keys.count > 20, "\(schema.stdout.prefix(300))")
        func written(_ value: String) -> String {  // dates typed the region's way
            DateFormatter.isoDay.date(from: value).map { DateFormatter.regional.string(from: $0) } ?? value
        }

        // The first page in the form: every field of the act type in order, Enter where the page shows nothing.
        let first = try #require(rows[0]["fields"] as? [String: String])
        let terminal = try TmuxSession(in: work)
        terminal.send("DAFTAR_OPERATOR=gul DAFTAR_LANG=en DAFTAR_VIEWER=true '\(Binaries.daftar.path)' enter --archive '\(practice)'; echo EXIT=$?",
                      "Enter")
        #expect(terminal.waitFor("act type ("))
        terminal.send("birth", "Enter")
        for (index, key) in keys.enumerated() {
            #expect(terminal.waitFor("[\(index + 1)/", timeout: 30), "the form asks field \(index + 1), \(key)")
            if let value = first[key] { terminal.send(written(value)) }
            terminal.send("Enter")
        }
        #expect(terminal.waitFor("Record 1 saved (keyed)."), "\(terminal.output.suffix(400))")
        terminal.send("n", "Enter")
        #expect(terminal.waitFor("act type (", count: 2), "the form moves on to the next page")
        terminal.send("C-c")
        #expect(terminal.waitFor("EXIT=0"))

        // The other two on the command line.
        for row in rows.dropFirst() {
            let fields = try #require(row["fields"] as? [String: String])
            let page = try #require((row["file"] as? String).map { $0 == "easy-02.tif" ? "2" : "3" })
            let added = try work.daftar(["record", "add", "--type", "birth", "--page", page, "--operator", "gul", "--archive", practice]
                                        + fields.sorted { $0.key < $1.key }.flatMap { ["--set", "\($0.key)=\(written($0.value))"] },
                                        archive: false)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let score = try Self.score(work, trainee: "gul")
        #expect(Self.mistakes(score).isEmpty, "\(Self.mistakes(score))")
        #expect((score["overall"] as? [String: Any])?["correct"] as? Int == (score["overall"] as? [String: Any])?["total"] as? Int)
        let report = try work.daftar(["exercise", "report", "--json", "--exercises", Self.exercises], archive: false)
        #expect(report.stdout.contains(#""trainee":"gul""#) && report.stdout.contains(#""accuracy":1"#), "\(report.stdout)")
    }
}

extension DateFormatter {
    static let isoDay: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()

    static let regional: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "dd.MM.yyyy"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()
}
