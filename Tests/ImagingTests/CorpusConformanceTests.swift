import Testing
@testable import Imaging

/// Every file of the shared corpus: valid ones decode to the expected stored
/// size and page count, corrupt ones are rejected with an error, never a crash.
@Suite("Corpus conformance")
struct CorpusConformanceTests {
    static let limit = 200_000_000

    @Test("the corpus is present and complete")
    func corpusIsPresent() {
        #expect(CorpusEntry.all.count > 500, "corpus missing at \(CorpusEntry.root.path)")
    }

    @Test("valid files decode with the expected size and page count",
          arguments: CorpusEntry.all.filter(\.valid))
    func validFileDecodes(entry: CorpusEntry) throws {
        let bytes = try entry.bytes()
        do {
            let source = try ImageSource(bytes: bytes, maxPixels: Self.limit)
            if let pages = entry.pages { #expect(source.pageCount == pages) }
            for index in 0..<source.pageCount {
                let page = try source.page(index)
                if index == 0 {
                    #expect(page.stored.width == entry.width)
                    #expect(page.stored.height == entry.height)
                }
            }
        } catch let error as ImagingError {
            guard entry.mayBeUnsupported, case .unsupported = error else {
                Issue.record("\(entry.path): \(error)")
                return
            }
        }
    }

    @Test("corrupt files are rejected with a message",
          arguments: CorpusEntry.all.filter { !$0.valid })
    func corruptFileIsRejected(entry: CorpusEntry) throws {
        let bytes = try entry.bytes()
        do {
            let source = try ImageSource(bytes: bytes, maxPixels: Self.limit)
            for index in 0..<source.pageCount { _ = try source.page(index) }
            Issue.record("\(entry.path) was accepted")
        } catch let error as ImagingError {
            #expect(!error.description.isEmpty)
        }
    }
}
