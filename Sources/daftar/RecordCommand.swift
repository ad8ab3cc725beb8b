import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Key in and look at civil-registry act records.",
        subcommands: [RecordAdd.self, RecordShow.self, RecordEdit.self, RecordVerify.self, RecordHistory.self]
    )
}

/// Options naming the offices list that `act.office` codes are checked against.
struct OfficesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Offices list (CSV code,name; env DAFTAR_OFFICES; default: offices.csv beside the archive, else codes are not checked).",
        valueName: "file"))
    var offices: String?

    /// The file given, or the environment's.
    var file: String? { offices ?? ProcessInfo.processInfo.environment["DAFTAR_OFFICES"] }
}

struct RecordAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a keyed record; prints its id.",
        discussion: """
            Keys are role.field or section.field (README, "Act records"). Dates: 1957, 1957-03, \
            1957-03-12 or 12.03.1957. An invalid record is refused with one line per field and \
            exit 1; implausible dates need --confirm.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Option(name: .long, help: "Act type: birth, death, marriage, divorce, paternity, name-change, adoption.")
    var type: String

    @Option(name: .long, help: ArgumentHelp("Page the record is keyed from (repeatable).", valueName: "id"))
    var page: [Int64] = []

    @Option(name: .long, help: ArgumentHelp("A field's value (repeatable).", valueName: "key=value"))
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("A field's flag: illegible, uncertain or blank-in-source (repeatable).",
                                            valueName: "key=flag"))
    var flag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Double keying: this is the act's first or second independent keying (see `daftar reconcile`).",
                                            valueName: "1|2"))
    var pass: Int?

    @Flag(name: .long, help: "Save despite plausibility warnings (dates out of order, very young spouses).")
    var confirm = false

    @Flag(name: .long, help: "Print {\"id\": …} (and warnings) as JSON.")
    var json = false

    func validate() throws {
        if let pass, pass != 1 && pass != 2 { throw ValidationError("--pass is 1 or 2") }
    }

    func run() throws {
        let language = Language.current()
        let values = try Self.pairs(set, option: "--set")
        let flags = try Self.flags(flag)
        let offices = try Self.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let keeping = try ExitStatus.orExit { () throws(ArchiveError) in try RecordKeeping(store: store, offices: offices) }
        let outcome: RecordKeeping.AddOutcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try keeping.add(type: type, pages: page, values: values, flags: flags, confirmed: confirm,
                            pass: pass, operator: global.operator)
        }
        switch outcome {
        case .refused(let refusal):
            try Self.refuse(refusal, in: language)
        case .added(let id, let warnings):
            for warning in warnings { Terminal.printWarning(warning.message(in: language)) }
            if json {
                struct Added: Encodable { let id: Int64; let warnings: [String] }
                print(try JSONText.encode(Added(id: id, warnings: warnings.map { $0.message(in: language) })))
            } else {
                print(id)
            }
        }
    }

    /// Prints why nothing was stored, one line per problem, and ends with exit 1.
    static func refuse(_ refusal: RecordKeeping.Refusal, in language: Language) throws -> Never {
        for line in refusal.messages(in: language) { Terminal.printError(line) }
        throw ExitCode(ExitStatus.someRejected)
    }

    /// The `--flag key=flag` arguments, checked.
    static func flags(_ arguments: [String]) throws -> [String: FieldFlag] {
        var flags: [String: FieldFlag] = [:]
        for (key, text) in try pairs(arguments, option: "--flag") {
            guard let value = FieldFlag(rawValue: text) else {
                throw ValidationError("--flag \(key)=\(text): the flags are illegible, uncertain and blank-in-source")
            }
            flags[key] = value
        }
        return flags
    }

    /// The offices list, or exit 2 naming the file.
    static func offices(_ option: OfficesOption, archive: String) throws -> OfficeList? {
        do {
            return try RecordKeeping.offices(file: option.file, archive: archive)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// `key=value` arguments as a dictionary; a repeated key or a missing `=` is a usage error.
    static func pairs(_ arguments: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw ValidationError("\(option) \(argument): expected key=value")
            }
            let key = String(argument[..<equals])
            guard result[key] == nil else { throw ValidationError("\(option) \(key) is given twice") }
            result[key] = String(argument[argument.index(after: equals)...])
        }
        return result
    }
}

struct RecordShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a record as it stands: type, status, pages and every entered field."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Record id (from `daftar record add`).")
    var id: Int64

    @Flag(name: .long, help: "Print the record as JSON.")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        let found: RecordKeeping.View? = try ExitStatus.orExit { () throws(ArchiveError) in
            try RecordKeeping(store: store, offices: nil).view(id: id, language: Language.current())
        }
        guard let view = found else { try global.notFound("record", id) }
        if json {
            print(try JSONText.encode(view))
            return
        }
        var lines = [
            "record \(view.id): \(view.typeLabel) (\(view.type)), \(view.state), version \(view.version)",
            "  pages:   \(view.pages.isEmpty ? "-" : view.pages.map(String.init).joined(separator: ", "))",
            "  created: \(view.createdAt) by \(view.createdBy)",
        ]
        if let verifiedBy = view.verifiedBy, let verifiedAt = view.verifiedAt {
            lines.append("  verified: \(verifiedAt) by \(verifiedBy)"
                         + (view.changedAfterVerification ? " — changed after verification: verify it again (`daftar record verify \(view.id)`)" : ""))
        }
        if let mergedInto = view.mergedInto {
            lines.append("  merged into record \(mergedInto) by reconciliation (correct and certify that record)")
        }
        if let duplicateOf = view.duplicateOf, let survivor = view.survivor {
            lines.append("  duplicate of record \(duplicateOf)" + (survivor == duplicateOf ? "" : "; surviving record \(survivor)")
                         + " (undo: `daftar duplicates undo \(view.id) --reason …`)")
        }
        let shown = view.fields.map(\.shown)
        let keyWidth = view.fields.map(\.key.count).max() ?? 0, valueWidth = shown.map(\.count).max() ?? 0
        for (field, value) in zip(view.fields, shown) {
            lines.append("  \(field.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0))  "
                         + "\(value.padding(toLength: valueWidth, withPad: " ", startingAt: 0))  \(field.label)")
        }
        print(lines.joined(separator: "\n"))
    }
}

struct RecordEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Correct a record: adds a version with your name, the time and the reason; nothing is overwritten."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: "Record id.")
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("A field's new value (repeatable).", valueName: "key=value"))
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("A field's flag: illegible, uncertain or blank-in-source (repeatable).",
                                            valueName: "key=flag"))
    var flag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Remove a field's entry (repeatable).", valueName: "key"))
    var clear: [String] = []

    @Option(name: .long, help: "Why the record is corrected (kept with the version).")
    var reason: String

    @Flag(name: .long, help: "Save despite plausibility warnings.")
    var confirm = false

    @Flag(name: .long, help: "Print {\"version\": …} (and warnings) as JSON.")
    var json = false

    func run() throws {
        let language = Language.current()
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        guard !set.isEmpty || !flag.isEmpty || !clear.isEmpty else { throw ValidationError("nothing to change: give --set, --flag or --clear") }
        let values = try RecordAdd.pairs(set, option: "--set")
        let flags = try RecordAdd.flags(flag)
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let outcome: RecordKeeping.EditOutcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try RecordKeeping(store: store, offices: offices).edit(
                id: id, values: values, flags: flags, cleared: clear, reason: reason, confirmed: confirm,
                operator: global.operator)
        }
        switch outcome {
        case .noSuchRecord:
            try global.notFound("record", id)
        case .merged:
            Terminal.printError("record \(id): this keying was reconciled into another record (see `daftar record history \(id)`); correct that one")
            throw ExitCode(ExitStatus.someRejected)
        case .unchanged:
            Terminal.printError("record \(id): the edit changes nothing; no version added")
            throw ExitCode(ExitStatus.someRejected)
        case .refused(let refusal):
            try RecordAdd.refuse(refusal, in: language)
        case .edited(let version, let warnings, let wasVerified):
            for warning in warnings { Terminal.printWarning(warning.message(in: language)) }
            if json {
                struct Edited: Encodable {
                    let id: Int64, version: Int, warnings: [String], status: String, changedAfterVerification: Bool
                }
                print(try JSONText.encode(Edited(id: id, version: version, warnings: warnings.map { $0.message(in: language) },
                                                 status: RecordStatus.keyed, changedAfterVerification: wasVerified)))
            } else {
                print("record \(id): version \(version)"
                      + (wasVerified ? " — changed after verification: keyed until verified again (`daftar record verify \(id)`)" : ""))
            }
        }
    }
}

struct RecordHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every version of a record: who, when, why, and what changed."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Record id.")
    var id: Int64

    @Flag(name: .long, help: "Print the versions as JSON.")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        let found: [RecordKeeping.VersionChange]? = try ExitStatus.orExit { () throws(ArchiveError) in
            try RecordKeeping(store: store, offices: nil).history(id: id)
        }
        guard let versions = found else { try global.notFound("record", id) }
        if json {
            print(try JSONText.encode(versions))
            return
        }
        var lines: [String] = []
        for version in versions {
            let heading = version.kind == "record-version" ? "version \(version.version)" : version.kind
            lines.append("\(heading)  \(version.time)  \(version.operator)  \(version.status)"
                         + (version.reason.map { "  reason: \($0)" } ?? ""))
            for change in version.changes {
                lines.append("  \(change.key): \(change.before ?? "-") -> \(change.after ?? "-")")
            }
        }
        print(lines.joined(separator: "\n"))
    }
}

struct RecordVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a record: a second person has checked its keying against the page image.",
        discussion: """
            Adds a version with status verified, your name, the time and the reason. Whoever keyed \
            the record (or edited it since its last verification) cannot verify it. Drafts, merged \
            second keyings, duplicates and keyings of a double-keyed act still waiting for \
            `daftar reconcile` are refused (exit 1).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Record id.")
    var id: Int64

    @Option(name: .long, help: "What was checked (kept with the version).")
    var reason: String?

    @Flag(name: .long, help: "Print {\"id\", \"version\", \"status\"} as JSON.")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try RecordKeeping(store: store, offices: nil).verify(id: id, reason: reason, operator: global.operator)
        }
        struct Verified: Encodable { let id: Int64, version: Int, status: String, added: Bool }
        switch outcome {
        case .noSuchRecord:
            try global.notFound("record", id)
        case .verified(let version):
            print(json ? try JSONText.encode(Verified(id: id, version: version, status: RecordStatus.verified, added: true))
                  : "record \(id): verified (version \(version))")
        case .alreadyVerified(let version, let by, let at):
            print(json ? try JSONText.encode(Verified(id: id, version: version, status: RecordStatus.verified, added: false))
                  : "record \(id): already verified (version \(version) by \(by) at \(at)); no version added")
        case .ownKeying(let name):
            Terminal.printError("record \(id): \(name) keyed this record (or edited it since its verification); "
                                + "another person verifies it")
            throw ExitCode(ExitStatus.someRejected)
        case .notVerifiable(let lifecycle):
            Terminal.printError("record \(id): " + Self.why(lifecycle, id: id))
            throw ExitCode(ExitStatus.someRejected)
        }
    }

    /// Why a record in this state is not verified alone.
    static func why(_ lifecycle: Lifecycle, id: Int64) -> String {
        switch lifecycle.state {
        case RecordStatus.draft: "a draft; finish it with `daftar enter` first"
        case RecordStatus.merged: "a second keying merged into its reconciled record (see `daftar record history \(id)`); verify that record"
        case "duplicate": "a duplicate of record \(lifecycle.duplicateOf ?? 0); the act's surviving record is \(lifecycle.survivor)"
        default: "keying \(lifecycle.pass ?? 0) of a double-keyed act: it is verified by reconciling it with its partner (`daftar reconcile`)"
        }
    }
}
