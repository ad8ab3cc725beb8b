import Foundation
import Testing

/// `daftar stats`: what an office's archive holds, at a glance and for scripts.
@Suite("stats")
struct StatsTests {
    struct Stats: Decodable {
        struct Group: Decodable, Equatable {
            let type: String
            let office: String?
            let year: String?
            let count: Int
        }

        let sources: Int
        let pages: Int
        let archiveBytes: Int64
        let records: Int
        let recordsByStatus: [String: Int]
        let recordGroups: [Group]
        let lastImport: String?
        let lastVerification: String?
    }

    @Test("stats counts files, pages and records by status, type, office and year, with the last import and check")
    func counts() throws {
        let work = try RecordEndToEndTests.workspace()
        let birth = RecordEndToEndTests.birth
        #expect(try work.daftar(["record", "add"] + birth).status == 0)
        #expect(try work.daftar(["record", "add"] + birth.map { $0 == "act.number=112" ? "act.number=113" : $0 }).status == 0)
        let later = birth.map { $0.replacingOccurrences(of: "1957", with: "1958") }
        #expect(try work.daftar(["record", "add"] + later).status == 0)

        let before = try JSONDecoder().decode(Stats.self, from: Data(try work.daftar(["stats", "--json"]).stdout.utf8))
        #expect(before.sources == 1 && before.pages == 1)
        #expect(before.records == 3 && before.recordsByStatus == ["keyed": 3])
        #expect(before.recordGroups == [.init(type: "birth", office: "DSH-03", year: "1957", count: 2),
                                        .init(type: "birth", office: "DSH-03", year: "1958", count: 1)])
        #expect(before.lastImport != nil && before.lastVerification == nil)
        let size = try FileManager.default.attributesOfItem(atPath: work.archive)[.size] as? Int64 ?? 0
        #expect(before.archiveBytes >= size && size > 0)

        #expect(try work.daftar(["verify"]).status == 0)
        let after = try JSONDecoder().decode(Stats.self, from: Data(try work.daftar(["stats", "--json"]).stdout.utf8))
        #expect(after.lastVerification != nil)
        let text = try work.daftar(["stats"]).stdout
        #expect(text.contains("files: 1, pages: 1") && text.contains("acts: 3 (3 keyed)") && text.contains("records: 3"), "\(text)")
        #expect(text.contains("birth  DSH-03  1958  1"), "\(text)")
    }
}
