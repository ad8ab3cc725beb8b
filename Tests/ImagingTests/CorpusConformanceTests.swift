import Foundation
import Testing
@testable import Imaging

/// Every file of the shared corpus: valid ones decode to the expected stored
/// size and page count, corrupt ones are rejected with an error, never a crash.
@Suite("Corpus conformance")
struct CorpusConformanceTests {
    static let limit = 200_000_000

    /// Valid files that Debian 12's libtiff 4.5.0 itself fails to decode
    /// (G3 fax bugs fixed in later libtiff, per the corpus notes): they must be
    /// rejected with a clear error, not crash and not import garbage.
    static let systemLibraryFailures: Set<String> = [
        "tiff/libtiff/testfax3_bug54_1dnoEOL.tif",
        "tiff/libtiff/testfax3_bug_513.tiff",
    ]

    /// What decoding every page of a file gave.
    struct Outcome {
        var pageCount = 0
        var firstStored = ""
        var firstDisplayed = ""
    }

    static func decodeAll(_ bytes: [UInt8]) -> Result<Outcome, ImagingError> {
        do {
            let source = try ImageSource(bytes: bytes, maxPixels: limit)
            var outcome = Outcome(pageCount: source.pageCount)
            for index in 0..<source.pageCount {
                let page = try source.page(index)
                if index == 0 {
                    outcome.firstStored = "\(page.stored.width)x\(page.stored.height)"
                    outcome.firstDisplayed = "\(page.displayedSize.width)x\(page.displayedSize.height)"
                }
            }
            return .success(outcome)
        } catch {
            return .failure(error)
        }
    }

    @Test("the corpus is present and complete")
    func corpusIsPresent() {
        #expect(CorpusEntry.all.count > 500, "corpus missing at \(CorpusEntry.root.path)")
    }

    @Test("valid files decode with the expected size and page count",
          arguments: CorpusEntry.all.filter(\.valid))
    func validFileDecodes(entry: CorpusEntry) throws {
        let expectedSize = "\(entry.width ?? -1)x\(entry.height ?? -1)"
        switch Self.decodeAll(try entry.bytes()) {
        case .success(let outcome):
            #expect(!Self.systemLibraryFailures.contains(entry.path), "now decodes: drop it from the list")
            if let pages = entry.pages { #expect(outcome.pageCount == pages) }
            // expected.tsv gives the displayed size for Pillow's g4_orientation_5…8
            // (tiffinfo reads 88x590 in their headers); one of the two must match.
            #expect(outcome.firstStored == expectedSize
                    || (entry.path.contains("g4_orientation_") && outcome.firstDisplayed == expectedSize))
        case .failure(let error):
            if Self.systemLibraryFailures.contains(entry.path) {
                #expect(!error.description.isEmpty)
            } else if case .unsupported = error, entry.mayBeUnsupported {
                #expect(error.description.contains("unsupported"))
            } else {
                Issue.record("\(entry.path): \(error)")
            }
        }
    }

    @Test("corrupt files are rejected with a message",
          arguments: CorpusEntry.all.filter { !$0.valid })
    func corruptFileIsRejected(entry: CorpusEntry) throws {
        switch Self.decodeAll(try entry.bytes()) {
        case .success(let outcome):
            // "lenient:" files are damaged in ways libjpeg/libtiff only warn about; the corpus
            // allows a decoder to return them, but then with the size the header claims.
            let claimed = entry.notes.range(of: #"header claims \d+x\d+"#, options: .regularExpression)
                .map { String(entry.notes[$0].dropFirst("header claims ".count)) }
            if !(entry.notes.contains("lenient:") && claimed == outcome.firstStored) {
                Issue.record("\(entry.path) was accepted")
            }
        case .failure(let error):
            #expect(!error.description.isEmpty)
        }
    }
}
