import Archive
import Foundation

/// Writes pages out of the archive into a folder under `ExportNaming`'s names: the
/// scanned originals byte for byte (a multi-page file once), or each page's access
/// JPEG. Never replaces a file: one with the same bytes is left as it is (a re-run),
/// one with other bytes is reported and left, and the rest go on.
public struct PageExport: Sendable {
    public enum Kind: String, Sendable {
        case original, access
    }

    /// What was written, found already there, or could not be written (one line each).
    public struct Summary: Sendable {
        public var written: [String] = []
        public var alreadyThere: [String] = []
        public var failures: [String] = []
    }

    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// Exports the pages with these ids, or every page of `ledger`.
    public func run(pages ids: [Int64], ledger: String?, kind: Kind, into folder: String) throws(ArchiveError) -> Summary {
        var summary = Summary()
        var selected: [PageDetail] = []
        if let ledger {
            for listing in try store.pages(ledger: ledger) {
                if let detail = try store.page(id: listing.id) { selected.append(detail) }
            }
        }
        for id in ids {
            guard let detail = try store.page(id: id) else {
                summary.failures.append("page \(id): no such page in \(store.path)")
                continue
            }
            selected.append(detail)
        }
        let ledgers = Set(selected.map(\.source.ledger))
        let naming = ExportNaming(everySource: try store.allSources().filter { ledgers.contains($0.ledger) })
        var done = Set<String>()
        for detail in selected {
            let name: String, hash: String
            switch kind {
            case .original:
                name = naming.original(detail.source)
                hash = detail.source.sha256
            case .access:
                name = naming.derived(detail.source, pageIndex: detail.page.pageIndex, part: detail.page.part, extension: "jpg")
                hash = detail.page.accessSha256
            }
            guard done.insert(name).inserted else { continue }
            let path = PathBytes.join(folder, name)
            guard let bytes = try store.blob(sha256: hash) else {
                summary.failures.append("\(path): the stored file is missing from the archive (run `daftar verify`)")
                continue
            }
            do {
                switch try ExclusiveFile.write(bytes, to: path) {
                case .written: summary.written.append(path)
                case .alreadyThere: summary.alreadyThere.append(path)
                case .conflict: summary.failures.append("\(path): exists with other content; left as it is")
                }
            } catch {
                summary.failures.append(error.description)
            }
        }
        for subfolder in Set(summary.written.map(DurableMove.parent(of:))) {
            try? DurableMove.syncFolder(subfolder)
        }
        return summary
    }
}
