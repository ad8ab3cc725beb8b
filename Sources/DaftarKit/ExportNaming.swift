import Archive
import Foundation

/// Readable, stable names for archived files outside the archive (page exports and
/// bags): `<ledger>/<source-name>` for an original, `<ledger>/<source-stem>-p<page>[-left|-right].jpg`
/// for a page's access image (always with the page number, so that it never takes the
/// name of an original that was a JPEG). Every part is
/// made safe (`SafeFileName`). Two sources of one ledger with the same file name are
/// told apart by the first 8 digits of their SHA-256 on every source after the first
/// (in archive order), so a name never depends on what else is exported with it.
public struct ExportNaming: Sendable {
    /// The folder of sources without a ledger.
    public static let noLedger = "no-ledger"

    /// Each source's file name, by source id.
    private let names: [Int64: (folder: String, file: String)]

    /// Names for these sources; `everySource` are all the archive's sources of the same
    /// ledgers, which decide who keeps the plain name.
    public init(everySource: [SourceRecord]) {
        var names: [Int64: (folder: String, file: String)] = [:]
        var taken: [String: Int64] = [:]
        for source in everySource.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            let folder = SafeFileName.make(source.ledger ?? Self.noLedger)
            var file = SafeFileName.make(source.name)
            let key = folder + "/" + file.lowercased()
            if taken[key] != nil {
                let stem = (file as NSString).deletingPathExtension, suffix = (file as NSString).pathExtension
                file = SafeFileName.make(stem + "-" + source.sha256.prefix(8) + (suffix.isEmpty ? "" : "." + suffix))
            } else {
                taken[key] = source.id
            }
            names[source.id ?? 0] = (folder, file)
        }
        self.names = names
    }

    /// `<ledger>/<file>` for the source's original.
    public func original(_ source: SourceRecord) -> String {
        guard let name = names[source.id ?? 0] else { return SafeFileName.make(source.ledger ?? Self.noLedger) + "/" + SafeFileName.make(source.name) }
        return name.folder + "/" + name.file
    }

    /// `<ledger>/<stem>-p<page>[-left|-right].<ext>` for an image made from one page of the source.
    public func derived(_ source: SourceRecord, pageIndex: Int, part: Int, suffix: String = "", extension ext: String) -> String {
        let original = self.original(source)
        let folder = (original as NSString).deletingLastPathComponent
        var stem = ((original as NSString).lastPathComponent as NSString).deletingPathExtension
        stem += "-p\(pageIndex + 1)"
        if let half = PageName.half(part) { stem += "-" + half }
        return folder + "/" + SafeFileName.make(stem + suffix + "." + ext)
    }
}
