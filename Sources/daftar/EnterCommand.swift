import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct EnterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enter",
        abstract: "Key in records page by page in an interactive form.",
        discussion: """
            Walks the pages with no record of this keying yet (your drafts first), shows each page \
            (opened in the desktop's viewer, or DAFTAR_VIEWER; its file path is always printed) and \
            asks field by field, checking each answer as it is given. At a field: Enter skips it, \
            ?? marks it illegible, -- blank in the source, a value ending in " ?" uncertain; < goes \
            back a field, . asks only for what is still required. Every answer is saved as it is \
            given; Ctrl-C stops and keeps the record as a draft, and the next `daftar enter` \
            resumes it where it stopped.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Option(name: .long, help: ArgumentHelp("Only pages of this ledger.", valueName: "code"))
    var ledger: String?

    @Option(name: .long, help: ArgumentHelp("Double keying: key this pass independently of the other (see `daftar reconcile`).",
                                            valueName: "1|2"))
    var pass: Int?

    func validate() throws {
        if let pass, pass != 1 && pass != 2 { throw ValidationError("--pass is 1 or 2") }
    }

    func run() throws {
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive(ledger: ledger)
        let keeping = try ExitStatus.orExit { () throws(ArchiveError) in try RecordKeeping(store: store, offices: offices) }
        let entry = DataEntry(keeping: keeping, ledger: ledger, pass: pass, operator: global.operator)
        let form = EntryForm(entry: entry, input: FormInput(), language: Language.current())
        defer { form.input.restore() }
        try ExitStatus.orExit { () throws(ArchiveError) in try form.run() }
    }
}
