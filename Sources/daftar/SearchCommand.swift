import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find acts by the names in them (any script, typos allowed) and by act number.",
        discussion: """
            QUERY is one or more name words of one person in the act — child, mother, deceased, \
            spouse … in any order — and/or an act number. Names are folded: Ҷӯраева, Джураева and \
            Juraeva are one name; a word of 4-6 letters may carry one typo, of 7 or more two. \
            Results are ranked exact over folded over fuzzy matches. Drafts, merged second \
            keyings and records resolved as duplicates are left out.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: ArgumentHelp("Name words and/or an act number.", valueName: "query"))
    var query: [String]

    @Option(name: .long, help: "Only this act type.")
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only acts of this registry office.", valueName: "code"))
    var office: String?

    @Option(name: .long, help: ArgumentHelp("Acts dated from (1957, 1957-03, 1957-03-12 or 12.03.1957).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Acts dated until.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Only this act number.", valueName: "number"))
    var actNumber: String?

    @Option(name: .long, help: ArgumentHelp("Names of people in this role only (child, mother, deceased …).", valueName: "role"))
    var role: String?

    @Flag(name: .long, help: "Also records resolved as duplicates of another.")
    var includeDuplicates = false

    @Option(name: .long, help: "At most this many results.")
    var limit = 20

    @Flag(name: .long, help: "Print [{\"recordId\", \"score\", \"type\", \"actNumber\", \"actDate\", \"office\", \"matched\": {\"role\", \"name\"}, \"pages\", \"why\"}].")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if let type { try ActTypeOption.check([type]) }
        try FilterOptions.checkRole(role)
        try FilterOptions.checkRange(from: try DateOption.parse(from, option: "--from"), to: try DateOption.parse(to, option: "--to"))
    }

    func run() throws {
        var words: [String] = [], number = actNumber
        for word in query.flatMap({ $0.split(whereSeparator: \.isWhitespace).map(String.init) }) {
            if number == nil, word.contains(where: \.isNumber) { number = word } else { words.append(word) }
        }
        guard !words.isEmpty || number != nil else { throw ValidationError("give a name or an act number to search for") }
        let search = RecordSearch.Query(words: words, actNumber: number, type: type, office: office,
                                        from: try Self.date(from, option: "--from"), to: try Self.date(to, option: "--to"),
                                        role: role, limit: limit, includeDuplicates: includeDuplicates)
        try FilterOptions.checkOffice(office, in: try RecordAdd.offices(officesOption, archive: global.archive))
        let store = try global.openArchive()
        let hits = try ExitStatus.orExit { () throws(ArchiveError) in
            try RecordSearch(keeping: try RecordKeeping(store: store, offices: nil)).run(search)
        }
        if json {
            print(try JSONText.encode(hits))
            return
        }
        let rows: [[String]] = hits.map { hit -> [String] in
            let matched: String = hit.matched.map { $0.role + ": " + $0.name } ?? "-"
            let pages: String = hit.pages.map { String($0) }.joined(separator: ",")
            return [String(format: "%.2f", hit.score), String(hit.recordId), hit.type, hit.actNumber ?? "-", hit.actDate ?? "-",
                    hit.office ?? "-", matched, pages, hit.why.joined(separator: "; ")]
        }
        print(TextTable.render(header: ["SCORE", "ID", "TYPE", "ACT", "DATE", "OFFICE", "MATCHED", "PAGES", "WHY"], rows: rows))
        print("\(hits.count) record(s)")
    }

    /// A filter date as entered, in its ISO form.
    static func date(_ text: String?, option: String) throws -> String? {
        try DateOption.parse(text, option: option)?.description
    }
}
