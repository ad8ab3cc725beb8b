import Foundation
import Testing

/// Two independent keyings of the same acts, reconciled into verified records.
@Suite("double keying end to end", .serialized)
struct DoubleKeyingTests {
    struct Report: Decodable {
        struct Disagreement: Decodable { let key: String; let first: String?; let second: String? }
        struct Pair: Decodable {
            let first: Int64
            let second: Int64
            let sameOperator: Bool
            let disagreements: [Disagreement]
        }
        struct Unpaired: Decodable { let id: Int64; let pass: Int }
        let pairs: [Pair]
        let unpaired: [Unpaired]
    }
    struct Listed: Decodable { let id: Int64; let status: String; let pass: Int? }

    func add(_ work: Workspace, operator name: String, pass: Int, _ changes: [String: String] = [:]) throws -> CommandResult {
        var arguments = RecordEndToEndTests.birth
        for (key, value) in changes {
            if let index = arguments.firstIndex(where: { $0.hasPrefix("\(key)=") }) { arguments[index] = "\(key)=\(value)" }
            else { arguments += ["--set", "\(key)=\(value)"] }
        }
        return try work.run(Binaries.daftar, ["record", "add", "--pass", "\(pass)", "--operator", name,
                                              "--archive", work.archive] + arguments)
    }

    @Test("disagreements are listed field by field; the reviewer's picks and typed values make one verified record")
    func reconcileDisagreements() throws {
        let work = try RecordEndToEndTests.workspace()
        #expect(try add(work, operator: "ana", pass: 1).status == 0)                               // record 1
        #expect(try add(work, operator: "bob", pass: 2, ["child.surname": "Ҷураев",
                                                        "birth.date": "13.03.1957"]).status == 0)  // record 2
        // A second act on the same page, keyed the same way twice, and one keyed once only.
        #expect(try add(work, operator: "ana", pass: 1, ["act.number": "113"]).status == 0)       // record 3
        #expect(try add(work, operator: "bob", pass: 2, ["act.number": "113"]).status == 0)       // record 4
        #expect(try add(work, operator: "ana", pass: 1, ["act.number": "114"]).status == 0)       // record 5

        let listed = try work.daftar(["reconcile", "--json"])
        #expect(listed.status == 0)
        let report = try JSONDecoder().decode(Report.self, from: Data(listed.stdout.utf8))
        #expect(report.pairs.map { [$0.first, $0.second] } == [[1, 2], [3, 4]], "paired by act number on the page")
        let first = report.pairs[0]
        #expect(first.disagreements.map(\.key) == ["child.surname", "birth.date"])
        #expect(first.disagreements.first?.first == "Ҷӯраев" && first.disagreements.first?.second == "Ҷураев")
        #expect(report.pairs[1].disagreements.isEmpty && !report.pairs[1].sameOperator)
        #expect(report.unpaired.map(\.id) == [5], "record 5 waits for its second keying")
        let text = try work.daftar(["reconcile"])
        #expect(text.stdout.contains("child.surname: 1 = Ҷӯраев | 2 = Ҷураев"))

        // Settling needs a value for every disagreement.
        let partial = try work.daftar(["reconcile", "1", "--pick", "child.surname=1"])
        #expect(partial.status == 1 && partial.stderr.contains("birth.date: the keyings disagree"))
        let settled = try work.daftar(["reconcile", "2", "--pick", "child.surname=1", "--set", "birth.date=12.03.1957",
                                       "--reason", "checked against the ledger"])
        #expect(settled.status == 0, "\(settled.stderr)")
        #expect(settled.stdout.contains("record 1: verified"))
        let agreed = try work.daftar(["reconcile", "--agreed"])
        #expect(agreed.stdout.contains("verified 1 record(s)"))

        let records = try JSONDecoder().decode([Listed].self, from: Data(try work.daftar(["records", "--json"]).stdout.utf8))
        #expect(records.map(\.status) == ["verified", "merged", "verified", "merged", "keyed"])
        #expect(records.map(\.pass) == [1, 2, 1, 2, 1])
        let shown = try work.daftar(["record", "show", "1"])
        #expect(shown.stdout.contains("verified") && shown.stdout.contains("1957-03-12") && shown.stdout.contains("Ҷӯраев"))
        let history = try work.daftar(["record", "history", "2"])
        #expect(history.stdout.contains("merged  reason: reconciled into record 1: checked against the ledger"))
        // The merged keying is not corrected on its own; nothing waits for review any more.
        #expect(try work.daftar(["record", "edit", "2", "--set", "child.surname=X", "--reason", "typo"]).status == 1)
        let after = try JSONDecoder().decode(Report.self, from: Data(try work.daftar(["reconcile", "--json"]).stdout.utf8))
        #expect(after.pairs.isEmpty && after.unpaired.map(\.id) == [5])
        #expect(try work.daftar(["verify", "--audit"]).status == 0)
    }
}
