import Foundation
import Testing

/// The repository's Samples folder.
enum Samples {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The scanned files at the top of Samples (the exercises' pages are below it), sorted.
    static var scans: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { ["tif", "jpg", "png"].contains(($0 as NSString).pathExtension) }.sorted()
    }
}

extension Workspace {
    /// Imports the Samples' scans (not their manifest) into the workspace archive as ledger
    /// SAMPLE-1 and keys four acts on its first four pages: a Tajik birth act (a flagged and an uncertain field, a place with
    /// a comma), a Russian-spelled death act, and a marriage act dated by year only;
    /// then corrects the birth act (version 2), marks a second keying of it a duplicate, and
    /// has `registrar` verify the three acts (version 3 of the birth act, 2 of the others).
    func makeSampleArchive() throws {
        #expect(try daftar(["init"]).status == 0)
        #expect(Samples.scans.count == 8)
        let imported = try daftar(["import"] + Samples.scans.map(Samples.path) + ["--ledger", "SAMPLE-1", "--policy", Samples.path("policy.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        try FileManager.default.copyItem(atPath: Samples.path("offices.csv"), toPath: path("offices.csv"))
        let acts: [[String]] = [
            ["--type", "birth", "--page", "1", "--set", "act.number=123", "--set", "act.date=1957-03-12",
             "--set", "act.office=DSH-01", "--set", "child.surname=Ҷӯраев", "--set", "child.givenName=Ғайратҷон",
             "--set", "child.sex=male", "--set", "mother.surname=Ҷӯраева", "--set", "mother.givenName=Қумрӣ",
             "--set", "birth.date=1957-03-01", "--set", "birth.place=ш. Душанбе, маҳаллаи Шоҳмансур",
             "--flag", "father.surname=illegible", "--set", "mother.patronymic=Раҳимовна", "--flag", "mother.patronymic=uncertain"],
            ["--type", "death", "--page", "2", "--set", "act.number=45", "--set", "act.date=1958-11-02",
             "--set", "act.office=DSH-02", "--set", "deceased.surname=Каримов", "--set", "deceased.givenName=Абдулло",
             "--set", "deceased.sex=male", "--set", "death.date=1958-10-30"],
            ["--type", "marriage", "--page", "3", "--set", "act.number=7", "--set", "act.date=1957",
             "--set", "act.office=DSH-01", "--set", "husband.surname=Саидов", "--set", "husband.givenName=Фаррух",
             "--set", "wife.surname=Назарова", "--set", "wife.givenName=Мадина"],
            ["--type", "birth", "--page", "4", "--set", "act.number=124", "--set", "act.date=1957-03-12",
             "--set", "act.office=DSH-01", "--set", "child.surname=Джураев", "--set", "child.givenName=Гайратджон",
             "--set", "child.sex=male", "--set", "mother.surname=Джураева", "--set", "mother.givenName=Кумри",
             "--set", "birth.date=1957-03-01", "--confirm"],
        ]
        for act in acts {
            let added = try daftar(["record", "add"] + act)
            #expect(added.status == 0, "\(act): \(added.stderr)")
        }
        let edited = try daftar(["record", "edit", "1", "--set", "act.remarks=Исправлено по заявлению", "--reason", "margin note keyed"])
        #expect(edited.status == 0, "\(edited.stderr)")
        let resolved = try daftar(["duplicates", "resolve", "4", "--same-as", "1", "--reason", "same act keyed twice"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        // A second person checks the three acts against their pages: extracts are issued from verified records.
        for id in ["1", "2", "3"] {
            let verified = try run(Binaries.daftar, ["record", "verify", id, "--operator", "registrar", "--archive", archive])
            #expect(verified.status == 0, "\(verified.stderr)")
        }
    }

    /// Runs a program found on PATH (a real reader: pdftotext, zbarimg, python3 …).
    func tool(_ name: String, _ arguments: [String]) throws -> CommandResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
    }
}
