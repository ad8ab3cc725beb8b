import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare the two keyings of double-keyed acts and settle them into verified records.",
        discussion: """
            Without an id: lists each pair of keyings (pass 1 and pass 2 of the same act type, pages \
            and act number) with the fields they disagree on, and keyings still waiting for their \
            partner. With an id (either keying): settles that pair — every disagreement needs \
            --pick key=1|2 or a typed --set/--flag — into a verified record; the pass-2 record is \
            marked merged. --agreed verifies every pair that agrees on every field.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: "A record of the pair to settle.")
    var id: Int64?

    @Option(name: .long, help: ArgumentHelp("Take this field from pass 1 or pass 2 (repeatable).", valueName: "key=1|2"))
    var pick: [String] = []

    @Option(name: .long, help: ArgumentHelp("Type a field's value yourself (repeatable).", valueName: "key=value"))
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("A field's flag: illegible, uncertain or blank-in-source (repeatable).",
                                            valueName: "key=flag"))
    var flag: [String] = []

    @Flag(name: .long, help: "Verify every pair whose keyings agree on every field.")
    var agreed = false

    @Option(name: .long, help: "A note kept with the verified version.")
    var reason: String?

    @Flag(name: .long, help: "Settle despite plausibility warnings.")
    var confirm = false

    @Flag(name: .long, help: "Print the pairs (or what was settled) as JSON.")
    var json = false

    func validate() throws {
        if id == nil && (!pick.isEmpty || !set.isEmpty || !flag.isEmpty) {
            throw ValidationError("--pick, --set and --flag settle one pair: name a record of it")
        }
        if id != nil && agreed { throw ValidationError("--agreed settles every agreeing pair: give no record id") }
    }

    func run() throws {
        let language = Language.current()
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let keeping = try ExitStatus.orExit { () throws(ArchiveError) in try RecordKeeping(store: store, offices: offices) }
        let reconciliation = Reconciliation(keeping: keeping)
        if let id {
            try settle(id, reconciliation, language: language)
        } else if agreed {
            try settleAgreed(reconciliation, language: language)
        } else {
            try list(reconciliation, language: language)
        }
    }

    private func list(_ reconciliation: Reconciliation, language: Language) throws {
        let report = try ExitStatus.orExit { () throws(ArchiveError) in try reconciliation.report(language: language) }
        if json {
            print(try JSONText.encode(report))
            return
        }
        var lines: [String] = []
        for pair in report.pairs {
            let pages = pair.pages.map(String.init).joined(separator: ",")
            lines.append("records \(pair.first) (pass 1, \(pair.firstOperator)) and \(pair.second) (pass 2, \(pair.secondOperator)):"
                         + " \(pair.type), page \(pages.isEmpty ? "-" : pages): "
                         + (pair.disagreements.isEmpty ? "agree" : "\(pair.disagreements.count) disagreement(s)")
                         + (pair.sameOperator ? " [both passes keyed by one operator]" : ""))
            for disagreement in pair.disagreements {
                lines.append("  \(disagreement.key): 1 = \(disagreement.first ?? "-") | 2 = \(disagreement.second ?? "-")"
                             + "  (\(disagreement.label))")
            }
        }
        for keying in report.unpaired {
            lines.append("record \(keying.id) (pass \(keying.pass)): \(keying.type), act \(keying.actNumber ?? "-"),"
                         + " page \(keying.pages.map(String.init).joined(separator: ",")): no pass-\(3 - keying.pass) keying matches")
        }
        let agreeing = report.pairs.filter(\.disagreements.isEmpty).count
        lines.append("\(report.pairs.count) pair(s): \(agreeing) agree, \(report.pairs.count - agreeing) disagree;"
                     + " \(report.unpaired.count) keying(s) without a partner")
        print(lines.joined(separator: "\n"))
    }

    private func settle(_ id: Int64, _ reconciliation: Reconciliation, language: Language) throws {
        var picks: [String: Int] = [:]
        for (key, text) in try RecordAdd.pairs(pick, option: "--pick") {
            guard let pass = Int(text) else { throw ValidationError("--pick \(key)=\(text): pick pass 1 or 2") }
            picks[key] = pass
        }
        let values = try RecordAdd.pairs(set, option: "--set")
        let flags = try RecordAdd.flags(flag)
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try reconciliation.settle(id: id, picks: picks, values: values, flags: flags, reason: reason,
                                      confirmed: confirm, language: language, operator: global.operator)
        }
        switch outcome {
        case .notPaired:
            Terminal.printError("record \(id): not a keying waiting for reconciliation (see `daftar reconcile`)")
            throw ExitCode(ExitStatus.someRejected)
        case .badPick(let key):
            Terminal.printError("--pick \(key): pick 1 or 2 for a field the keyings disagree on")
            throw ExitCode(ExitStatus.usage)
        case .unresolved(let keys):
            for key in keys { Terminal.printError("\(key): the keyings disagree; --pick \(key)=1|2 or --set \(key)=…") }
            throw ExitCode(ExitStatus.someRejected)
        case .refused(let refusal):
            try RecordAdd.refuse(refusal, in: language)
        case .verified(let verified, let version, let warnings):
            for warning in warnings { Terminal.printWarning(warning.message(in: language)) }
            if json {
                struct Settled: Encodable { let id: Int64; let version: Int; let status: String }
                print(try JSONText.encode(Settled(id: verified, version: version, status: RecordStatus.verified)))
            } else {
                print("record \(verified): verified (version \(version))")
            }
        }
    }

    private func settleAgreed(_ reconciliation: Reconciliation, language: Language) throws {
        let report = try ExitStatus.orExit { () throws(ArchiveError) in try reconciliation.report(language: language) }
        var verified: [Int64] = [], refused = 0
        for pair in report.pairs where pair.disagreements.isEmpty {
            let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
                try reconciliation.settle(pair, picks: [:], values: [:], flags: [:], reason: reason,
                                          confirmed: confirm, operator: global.operator)
            }
            switch outcome {
            case .verified(let id, _, _): verified.append(id)
            case .refused(let refusal):
                refused += 1
                for line in refusal.messages(in: language) { Terminal.printError("record \(pair.first): \(line)") }
            default:
                refused += 1
            }
        }
        if json {
            struct Summary: Encodable { let verified: [Int64]; let refused: Int }
            print(try JSONText.encode(Summary(verified: verified, refused: refused)))
        } else {
            print("verified \(verified.count) record(s)" + (refused > 0 ? ", \(refused) refused" : ""))
        }
        if refused > 0 { throw ExitCode(ExitStatus.someRejected) }
    }
}
