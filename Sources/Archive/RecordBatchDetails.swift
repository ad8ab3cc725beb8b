import Foundation

/// The details of a `records-add` event (a manifest batch): each record it added and
/// the SHA-256 of that record's first fields. Written by `ArchiveStore.addRecordGroupsOnce`.
public struct RecordBatchDetails: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        public let id: Int64
        public let fieldsSha256: String
    }

    public let records: [Entry]

    /// The batch an event records, or nil when it is not a readable `records-add` event.
    public init?(event: EventRecord) {
        guard event.kind == "records-add",
              let details = try? JSONDecoder().decode(Self.self, from: Data(event.details.utf8)) else { return nil }
        self = details
    }
}
