import Archive
import Foundation

/// Checks that the archive's history is what daftar wrote: the event chain links
/// and hashes hold, and every record version matches the event that recorded it.
/// Finds changes made behind daftar's back (with sqlite3, say).
public struct Audit: Sendable {
    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// What was checked and what was found wrong (one line each; empty when all holds).
    public struct Report: Sendable, Equatable {
        public let events: Int
        public let recordVersions: Int
        public let findings: [String]
    }

    public func run() throws(ArchiveError) -> Report {
        let events = try store.events()
        var findings: [String] = []
        if let broken = EventChain.firstBrokenEvent(in: events), let event = events.first(where: { $0.id == broken }) {
            findings.append("event \(broken) (\(event.kind), \(event.time)): its hash does not match its content"
                            + " or the event before it; the log was changed outside daftar")
        }
        // What each record event says it stored, by record and version: the fields
        // themselves (events written before 2026-11-30) or the SHA-256 of their text.
        struct Details: Decodable {
            let fields: [String: StoredField]?
            let fieldsSha256: String?
            let version: Int?
        }
        enum Recorded { case fields([String: StoredField]), hash(String) }
        var recorded: [String: (event: Int64, content: Recorded)] = [:]
        for event in events {
            switch event.kind {
            case "record-add", "record-edit":
                guard let subject = event.subject,
                      let details = try? JSONDecoder().decode(Details.self, from: Data(event.details.utf8)) else { continue }
                if let hash = details.fieldsSha256 {
                    recorded["\(subject)#\(details.version ?? 1)"] = (event.id ?? 0, .hash(hash))
                } else if let fields = details.fields {
                    recorded["\(subject)#\(details.version ?? 1)"] = (event.id ?? 0, .fields(fields))
                }
            case "records-add":
                guard let batch = RecordBatchDetails(event: event) else { continue }
                for entry in batch.records { recorded["record:\(entry.id)#1"] = (event.id ?? 0, .hash(entry.fieldsSha256)) }
            default:
                continue
            }
        }
        var versions = 0
        for record in try store.records() {
            for version in try store.recordVersions(id: record.id) {
                versions += 1
                guard let entry = recorded["record:\(record.id)#\(version.version)"] else {
                    findings.append("record \(record.id) version \(version.version): no event records it")
                    continue
                }
                let matches: Bool
                switch entry.content {
                case .fields(let fields): matches = fields == version.fields
                case .hash(let hash): matches = hash == version.fieldsSha256
                }
                if !matches {
                    findings.append("record \(record.id) version \(version.version): its fields differ from event"
                                    + " \(entry.event) that recorded them")
                }
            }
        }
        // Each office schema extension as the event that stored it says (its hash).
        struct SchemaDetails: Decodable { let version: Int; let sha256: String }
        var schemaHashes: [Int: String] = [:]
        for event in events where event.kind == "schema-extend" {
            if let details = try? JSONDecoder().decode(SchemaDetails.self, from: Data(event.details.utf8)) {
                schemaHashes[details.version] = details.sha256
            }
        }
        for stored in try store.schemaExtensions() {
            guard let recorded = schemaHashes[stored.version] else {
                findings.append("schema extension version \(stored.version): no event records it")
                continue
            }
            if recorded != stored.sha256 || ContentHash.sha256(Array(stored.content.utf8)) != recorded {
                findings.append("schema extension version \(stored.version): its content differs from the event that recorded it")
            }
        }
        return Report(events: events.count, recordVersions: versions, findings: findings)
    }
}
