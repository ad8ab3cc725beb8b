import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Key in and look at civil-registry act records.",
        subcommands: [RecordAdd.self, RecordShow.self]
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

    @Flag(name: .long, help: "Save despite plausibility warnings (dates out of order, very young spouses).")
    var confirm = false

    @Flag(name: .long, help: "Print {\"id\": …} (and warnings) as JSON.")
    var json = false

    func run() throws {
        let language = Language.current()
        let values = try Self.pairs(set, option: "--set")
        var flags: [String: FieldFlag] = [:]
        for (key, text) in try Self.pairs(flag, option: "--flag") {
            guard let value = FieldFlag(rawValue: text) else {
                throw ValidationError("--flag \(key)=\(text): the flags are illegible, uncertain and blank-in-source")
            }
            flags[key] = value
        }
        let offices: OfficeList?
        do {
            offices = try RecordKeeping.offices(file: officesOption.file, archive: global.archive)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(ExitStatus.usage)
        }
        let store = try global.openArchive()
        let keeping = RecordKeeping(store: store, offices: offices)
        let outcome: RecordKeeping.AddOutcome
        do {
            outcome = try keeping.add(type: type, pages: page, values: values, flags: flags, confirmed: confirm,
                                      operator: global.operator)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        switch outcome {
        case .invalid(let problems):
            for line in problems.messages(in: language) { Terminal.printError(line) }
            throw ExitCode(ExitStatus.someRejected)
        case .needsConfirmation(let warnings):
            for warning in warnings { Terminal.printError(warning.message(in: language) + " (confirm with --confirm)") }
            throw ExitCode(ExitStatus.someRejected)
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
        let found: RecordKeeping.View?
        do {
            found = try RecordKeeping(store: store, offices: nil).view(id: id, language: Language.current())
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        guard let view = found else {
            Terminal.printError("record \(id): no such record in \(global.archive)")
            throw ExitCode(ExitStatus.usage)
        }
        if json {
            print(try JSONText.encode(view))
            return
        }
        var lines = [
            "record \(view.id): \(view.typeLabel) (\(view.type)), \(view.status), version \(view.version)",
            "  pages:   \(view.pages.isEmpty ? "-" : view.pages.map(String.init).joined(separator: ", "))",
            "  created: \(view.createdAt) by \(view.createdBy)",
        ]
        let shown = view.fields.map { field in
            [field.value, field.flag.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
        }
        let keyWidth = view.fields.map(\.key.count).max() ?? 0, valueWidth = shown.map(\.count).max() ?? 0
        for (field, value) in zip(view.fields, shown) {
            lines.append("  \(field.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0))  "
                         + "\(value.padding(toLength: valueWidth, withPad: " ", startingAt: 0))  \(field.label)")
        }
        print(lines.joined(separator: "\n"))
    }
}
