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
            resumes it where it stopped. When the final check refuses the record (an error, or a \
            warning not confirmed), the form lists the fields by number: give a number or a key to \
            fix that field (the record is checked again), or Enter to keep it as a draft and stop. \
            Page images go to a private folder under TMPDIR (mode 0700), removed when the form ends.
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
        let images: PrivateFolder
        do {
            images = try PrivateFolder(prefix: "daftar-enter-")
        } catch {
            Terminal.printError("\(FileManager.default.temporaryDirectory.path): cannot make a private folder for page images: "
                                + "\(error.localizedDescription)")
            throw ExitCode(ExitStatus.usage)
        }
        let form = EntryForm(entry: entry, input: FormInput(), language: Language.current(), images: images)
        // Killed or hung up on: the page images (people's data) go, and the terminal is put back.
        let settings = form.input.savedSettings
        let signals = TerminationSignals {
            if let settings { FormInput.restore(settings) }
            FormInput.write("\n")
            images.remove()
        }
        defer {
            form.input.restore()
            images.remove()
            signals.cancel()
        }
        try ExitStatus.orExit { () throws(ArchiveError) in try form.run() }
    }
}
