import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Records entered twice and pages scanned twice, and the registrar's decisions on them.",
        subcommands: [DuplicatesList.self, DuplicatesResolve.self, DuplicatesUndo.self],
        defaultSubcommand: DuplicatesList.self
    )
}

struct DuplicatesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Propose duplicates: groups of records the rules take for one act, and pages holding one sheet.",
        discussion: """
            Rules: a birth with a similar child (folded names, typos allowed), birth dates within 3 \
            days and a similar mother; two births to the same mother within 270 days; a death of a \
            similar person within 3 days (born within a year); a marriage or divorce of the same \
            couple. Pairs resolved --not-duplicate and records resolved as duplicates are not \
            proposed again.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only records of this act type (birth, death, marriage, divorce).")
    var type: String?

    @Flag(name: .long, help: "Print {\"records\": [{\"type\", \"records\", \"pairs\": [{\"first\", \"second\", \"rule\"}]}], \"pages\": [{\"kind\", \"first\", \"second\", \"similarity\"}]}.")
    var json = false

    func validate() throws {
        if let type { try ActTypeOption.check([type]) }
    }

    func run() throws {
        let store = try global.openArchive()
        let groups = try ExitStatus.orExit { () throws(ArchiveError) in
            try DuplicateScan(keeping: try RecordKeeping(store: store, offices: nil)).run(type: type)
        }
        let pages = type != nil ? [] : DuplicateFinder.pairs(try ExitStatus.orExit { () throws(ArchiveError) in try store.pages() })
        if json {
            struct Output: Encodable { let records: [DuplicateScan.Group]; let pages: [DuplicatePair] }
            print(try JSONText.encode(Output(records: groups, pages: pages)))
            return
        }
        var lines: [String] = []
        for group in groups {
            lines.append("\(group.type): records \(group.records.map(String.init).joined(separator: ", "))")
            for pair in group.pairs { lines.append("  \(pair.first) ~ \(pair.second): \(pair.rule)") }
        }
        for pair in pages {
            lines.append("pages \(pair.first) ~ \(pair.second): \(pair.kind) (similarity \(pair.similarity))")
        }
        lines.append("\(groups.count) group(s) of records, \(pages.count) pair(s) of pages")
        print(lines.joined(separator: "\n"))
    }
}

struct DuplicatesResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Decide a proposed duplicate: the record is the same act as another, or not.",
        discussion: """
            --same-as OTHER: the record is OTHER entered again; it stays in the archive, drops out \
            of search (unless --include-duplicates) and is not proposed again. --not-duplicate \
            OTHER: the two are different acts; the pair is not proposed again. Each decision is \
            kept with your name, the time and the reason, and logged. Every act keeps one \
            surviving record: --same-as a record that is itself a duplicate means its surviving \
            record; a decision that would make two records duplicates of each other, join two act \
            types, or reverse an earlier decision on the pair without --revise is refused (exit 1).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The record decided on.")
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("The record this one duplicates (the one to keep).", valueName: "id"))
    var sameAs: Int64?

    @Option(name: .long, help: ArgumentHelp("A record this one is not a duplicate of.", valueName: "id"))
    var notDuplicate: Int64?

    @Option(name: .long, help: "Why (kept with the decision).")
    var reason: String

    @Flag(name: .long, help: "Reverse an earlier decision on the pair (same act ↔ different acts); kept with the reason.")
    var revise = false

    func validate() throws {
        guard (sameAs == nil) != (notDuplicate == nil) else { throw ValidationError("give --same-as or --not-duplicate") }
        guard (sameAs ?? notDuplicate) != id else { throw ValidationError("a record is not compared with itself") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let store = try global.openArchive()
        let other = sameAs ?? notDuplicate!
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try store.decideDuplicate(recordId: id, otherId: other, duplicate: sameAs != nil, revise: revise, reason: reason,
                                      operator: global.operator)
        }
        switch outcome {
        case .refused(.noSuchRecord(let missing)):
            try global.notFound("record", missing)
        case .refused(let refusal):
            Terminal.printError(refusal.description)
            throw ExitCode(ExitStatus.someRejected)
        case .alreadySo:
            print(sameAs != nil ? "record \(id): already a duplicate of record \(other); nothing changed"
                  : "records \(id) and \(other): already decided different acts; nothing changed")
        case .decided(_, let survivor, let revised):
            let revision = revised.map { " (reverses decision \($0))" } ?? ""
            if let survivor {
                print("record \(id): duplicate of record \(survivor)"
                      + (survivor == other ? "" : " (record \(other) is itself a duplicate of it)") + revision)
            } else {
                print("records \(id) and \(other): different acts" + revision)
            }
        }
    }
}

struct DuplicatesUndo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back a duplicate decision: the record is a surviving record again (kept and logged).",
        discussion: "The decision stays in the archive's history; an `undone` decision with your name, the time and the reason is added."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The record resolved as a duplicate.")
    var id: Int64

    @Option(name: .long, help: "Why (kept with the decision).")
    var reason: String

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let store = try global.openArchive()
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try store.undoDuplicate(recordId: id, reason: reason, operator: global.operator)
        }
        switch outcome {
        case .refused(.noSuchRecord):
            try global.notFound("record", id)
        case .refused(let refusal):
            Terminal.printError(refusal.description)
            throw ExitCode(ExitStatus.someRejected)
        case .alreadySo, .decided:
            print("record \(id): no longer a duplicate; it is a surviving record again")
        }
    }
}
