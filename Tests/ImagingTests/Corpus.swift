import Foundation

/// The shared conformance corpus (`../shared/corpus` beside the repository)
/// and its `expected.tsv`. A missing corpus fails the tests: it is never skipped.
struct CorpusEntry: CustomTestStringConvertible, Sendable {
    let path: String
    let valid: Bool
    let width: Int?
    let height: Int?
    let pages: Int?
    let notes: String

    var testDescription: String { path }

    /// A valid file that many builds cannot decode (12-bit JPEG, WebP-in-TIFF …).
    var mayBeUnsupported: Bool { notes.contains("needs:") }

    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["DAFTAR_CORPUS"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static let all: [CorpusEntry] = {
        let tsv = root.appendingPathComponent("expected.tsv")
        guard let text = try? String(contentsOf: tsv, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 6 else { return nil }
            return CorpusEntry(path: fields[0], valid: fields[1] == "valid",
                               width: Int(fields[2]), height: Int(fields[3]), pages: Int(fields[4]),
                               notes: fields[5])
        }
    }()

    func bytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: CorpusEntry.root.appendingPathComponent(path)))
    }
}

import Testing
