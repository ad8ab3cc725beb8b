import Foundation
import Testing

/// `daftar bag` validated by the Library of Congress's bagit-python, and `daftar
/// import-bag` taking a bag back into a new archive, an existing one, and after kills.
@Suite("BagIt bags")
struct BagTests {
    /// `python3 -m bagit --validate DIR`.
    static func validate(_ work: Workspace, _ bag: String) throws -> CommandResult {
        try work.tool("python3", ["-m", "bagit", "--validate", bag])
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("the whole sample archive as a bag that bagit-python validates, with the BagIt metadata an archive expects")
    func wholeArchive() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let bag = work.path("bag")
        let written = try work.daftar(["bag", bag, "--organization", "ЗАГС Dushanbe"])
        #expect(written.status == 0, "\(written.stderr)")
        let validation = try Self.validate(work, bag)
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stderr.contains("is valid"), "\(validation.stderr)")

        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        for key in ["Source-Organization: ЗАГС Dushanbe", "Bagging-Date: ", "Payload-Oxum: ", "External-Identifier: daftar:archive:",
                    "Bag-Size: "] {
            #expect(info.contains(key), "\(key) in bag-info.txt")
        }
        #expect(try String(contentsOfFile: bag + "/bagit.txt", encoding: .utf8) == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        let manifest = try Self.lines(bag + "/manifest-sha512.txt")
        let original = "data/originals/SAMPLE-1/births-2001-p030-031.tif"
        #expect(manifest.contains { $0.hasSuffix("  " + original) && $0.count == 128 + 2 + original.count }, "a SHA-512 line")
        #expect(FileManager.default.fileExists(atPath: bag + "/tagmanifest-sha256.txt"))
        for name in Samples.scans {
            #expect(FileManager.default.contents(atPath: bag + "/data/originals/SAMPLE-1/" + name)
                    == FileManager.default.contents(atPath: Samples.path(name)), "\(name) byte for byte")
        }
        let records = try Self.lines(bag + "/data/records.jsonl")
        #expect(records.count == 4)
        #expect(records[0].contains(#""version":3"#) && records[0].contains("Ҷӯраев"))
        let pages = try Self.lines(bag + "/data/pages.jsonl")
        #expect(pages.count == 10 && pages.allSatisfy { $0.contains(#""operation":"deskew""#) })
        #expect(try Self.lines(bag + "/data/duplicate-decisions.jsonl").count == 1)

        // Never into a folder that holds something; no half bag is left beside it.
        let again = try work.daftar(["bag", bag])
        #expect(again.status == 2 && again.stderr.contains("not empty"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path(".bag.partial")))
    }

    @Test("archive → bag → new archive: every original byte for byte, every record with its versions, audit clean")
    func roundTrip() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        #expect(try work.daftar(["bag", work.path("bag")]).status == 0)
        let copy = work.path("copy.sqlite")
        let restored = try work.daftar(["import-bag", work.path("bag"), "--archive", copy, "--operator", "restorer"], archive: false)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("8 scanned file(s) restored") && restored.stdout.contains("4 record(s) restored"), "\(restored.stdout)")

        func both(_ arguments: [String]) throws -> (String, String) {
            let original = try work.daftar(arguments)
            let restoredCopy = try work.daftar(arguments + ["--archive", copy], archive: false)
            #expect(original.status == 0 && restoredCopy.status == 0, "\(arguments): \(original.stderr) \(restoredCopy.stderr)")
            return (original.stdout, restoredCopy.stdout)
        }
        let records = try both(["export", "records", "--format", "jsonl"])
        #expect(records.0 == records.1, "the same records, versions, operators and times")
        #expect(records.0.split(separator: "\n").count == 4)
        for id in 1...4 {
            let history = try both(["record", "history", String(id)])
            #expect(history.0 == history.1, "record \(id)'s history")
        }
        let pages = try both(["pages", "--json"])
        #expect(pages.0 == pages.1)
        let search = try both(["search", "Джураев"])
        #expect(search.0 == search.1, "the same search results (record 4 stays a duplicate of 1)")

        #expect(try work.daftar(["export", "pages", "--ledger", "SAMPLE-1", "--to", work.path("back"), "--archive", copy], archive: false).status == 0)
        for name in Samples.scans {
            #expect(FileManager.default.contents(atPath: work.path("back/SAMPLE-1/" + name)) == FileManager.default.contents(atPath: Samples.path(name)))
        }
        let verified = try work.daftar(["verify", "--archive", copy], archive: false)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let log = try work.daftar(["log", "--archive", copy], archive: false)
        #expect(log.stdout.contains("restore") && log.stdout.contains("restorer"), "the log says who restored what")

        // Again: nothing added twice.
        let rerun = try work.daftar(["import-bag", work.path("bag"), "--archive", copy, "--json"], archive: false)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains(#""recordsAlreadyThere":4"#) && rerun.stdout.contains(#""sourcesAlreadyThere":8"#), "\(rerun.stdout)")
        #expect(try both(["export", "records", "--format", "jsonl"]).1 == records.1)
    }

    @Test("an existing archive gains only what it lacks: the versions a record got since the last bag")
    func existingArchive() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        #expect(try work.daftar(["bag", work.path("before")]).status == 0)
        let copy = work.path("copy.sqlite")
        #expect(try work.daftar(["import-bag", work.path("before"), "--archive", copy], archive: false).status == 0)
        #expect(try work.daftar(["record", "edit", "3", "--set", "wife.patronymic=Алиевна", "--reason", "keyed later"]).status == 0)
        #expect(try work.daftar(["bag", work.path("after"), "--type", "marriage"]).status == 0)
        #expect(try Self.validate(work, work.path("after")).status == 0)
        #expect(try Self.lines(work.path("after/data/records.jsonl")).count == 1)
        let update = try work.daftar(["import-bag", work.path("after"), "--archive", copy, "--json"], archive: false)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stdout.contains(#""recordsExtended":1"#), "\(update.stdout)")
        let history = try work.daftar(["record", "history", "3", "--archive", copy], archive: false)
        #expect(history.stdout.contains("version 3") && history.stdout.contains("keyed later"), "\(history.stdout)")
        // The original archive takes its own bag back without a change.
        let own = try work.daftar(["import-bag", work.path("before"), "--json"])
        #expect(own.stdout.contains(#""recordsRestored":0"#) && own.stdout.contains(#""sourcesRestored":0"#), "\(own.stdout)")
    }

    @Test("a damaged bag is refused whole, naming the file, and no archive is made; bagit-python agrees")
    func damagedBag() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let bag = work.path("bag")
        #expect(try work.daftar(["bag", bag, "--ledger", "SAMPLE-1"]).status == 0)
        let target = bag + "/data/originals/SAMPLE-1/deaths-1962-p003.jpg"
        var bytes = try #require(FileManager.default.contents(atPath: target))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: target))
        #expect(try Self.validate(work, bag).status != 0)
        let refused = try work.daftar(["import-bag", bag, "--archive", work.path("new.sqlite")], archive: false)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("deaths-1962-p003.jpg") && refused.stderr.contains("checksum"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "one line: \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("new.sqlite")))

        try FileManager.default.removeItem(atPath: target)
        try Data("x".utf8).write(to: URL(fileURLWithPath: bag + "/data/extra.txt"))
        let missing = try work.daftar(["import-bag", bag, "--archive", work.path("new.sqlite")], archive: false)
        #expect(missing.status == 1 && missing.stderr.contains("missing") && missing.stderr.contains("extra.txt"), "\(missing.stderr)")
        #expect(try work.daftar(["import-bag", work.path("nowhere"), "--archive", work.path("new.sqlite")], archive: false).status == 1)
    }

    @Test("import-bag killed at random moments, then run again: the same archive, nothing twice")
    func killed() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        #expect(try work.daftar(["bag", work.path("bag")]).status == 0)
        let expected = try work.daftar(["export", "records", "--format", "jsonl"]).stdout
        let copy = work.path("copy.sqlite")
        var interrupted = 0
        for _ in 0..<6 {
            let process = Process()
            process.executableURL = Binaries.daftar
            process.arguments = ["import-bag", work.path("bag"), "--archive", copy]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The whole import takes about 0.2 s here: most kills land inside it.
            Thread.sleep(forTimeInterval: Double.random(in: 0.03...0.18))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }
        }
        #expect(interrupted >= 1, "at least one run was killed before it finished")
        let finished = try work.daftar(["import-bag", work.path("bag"), "--archive", copy], archive: false)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(try work.daftar(["export", "records", "--format", "jsonl", "--archive", copy], archive: false).stdout == expected)
        #expect(try work.daftar(["verify", "--archive", copy], archive: false).status == 0)
        let pages = try work.daftar(["pages", "--json", "--archive", copy], archive: false)
        #expect(pages.stdout == (try work.daftar(["pages", "--json"])).stdout)
    }
}
