import GRDB

/// One field of a stored record version: its value as text, or a flag, or both
/// (a value marked uncertain). In JSON a plain value is just its string, which
/// keeps a million records' fields a quarter smaller; a flagged field is
/// `{"flag", "value"}`. Versions written before 2026-11-30 hold `{"value"}` objects
/// for plain values too, and read the same.
public struct StoredField: Codable, Sendable, Equatable {
    public var value: String?
    public var flag: String?

    public init(value: String?, flag: String?) {
        self.value = value
        self.flag = flag
    }

    enum CodingKeys: String, CodingKey { case flag, value }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.init(value: text, flag: nil)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(value: try container.decodeIfPresent(String.self, forKey: .value),
                  flag: try container.decodeIfPresent(String.self, forKey: .flag))
    }

    public func encode(to encoder: Encoder) throws {
        if flag == nil, let value {
            var single = encoder.singleValueContainer()
            try single.encode(value)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(flag, forKey: .flag)
        try container.encodeIfPresent(value, forKey: .value)
    }
}

/// A row of `record`: the act type and who created it.
public struct RecordRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "record"
    public var id: Int64?
    public var type: String
    public var createdAt: String
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, type
        case createdAt = "created_at"
        case createdBy = "created_by"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `record_version`: what was keyed at one time, by whom and why.
public struct RecordVersionRow: Sendable, Equatable {
    public var recordId: Int64
    public var version: Int
    public var status: String
    public var pass: Int?
    public var fields: [String: StoredField]
    /// SHA-256 of the fields' text as stored (what record events carry).
    public var fieldsSha256: String
    public var `operator`: String
    public var time: String
    public var reason: String?
}

/// A version to add: the fields, the record's status after it, and why. A class:
/// a load hands a million of them from the checking threads to the writer, and a
/// copy is then one retain.
public final class NewRecordVersion: Sendable, Equatable {
    public let fields: [String: StoredField]
    /// The fields as stored (`CanonicalJSON.fields`) and that text's SHA-256, made once
    /// where the version is made: a long import makes them on every core.
    public let fieldsJSON: String
    public let fieldsSha256: String
    public let status: String
    public let pass: Int?
    public let reason: String?
    /// The name words the search index keeps for this version, by role.
    public let names: [IndexedName]
    /// What the duplicate rules compare, folded (`DuplicateCandidate.encoded`); nil when
    /// the act type has nothing for them.
    public let duplicateKey: String?
    /// The act's number, date and office, as the search index and the act-number check
    /// read them.
    public let actNumber: String?, actDate: String?, actOffice: String?

    public init(fields: [String: StoredField], status: String, pass: Int? = nil, reason: String? = nil,
                names: [IndexedName] = [], duplicateKey: String? = nil) {
        self.fields = fields
        let json = CanonicalJSON.fieldsBytes(fields)
        fieldsJSON = String(decoding: json, as: UTF8.self)
        fieldsSha256 = ContentHash.sha256(json)
        self.status = status
        self.pass = pass
        self.reason = reason
        self.names = names
        self.duplicateKey = duplicateKey
        actNumber = fields["act.number"]?.value
        actDate = fields["act.date"]?.value
        actOffice = fields["act.office"]?.value
    }

    public static func == (lhs: NewRecordVersion, rhs: NewRecordVersion) -> Bool {
        lhs.fields == rhs.fields && lhs.status == rhs.status && lhs.pass == rhs.pass && lhs.reason == rhs.reason
            && lhs.names == rhs.names && lhs.duplicateKey == rhs.duplicateKey
    }
}

/// One word of a person's name in a record: the person's role, the word folded
/// (`juraev`), and as written, lower case (`ҷӯраев`) — so search can tell an exact
/// spelling from a folded match without reading the record.
public struct IndexedName: Sendable, Hashable {
    public var role: String
    public var folded: String
    /// The word as written, as the key the writer looks its ids up by (bytes held in the
    /// name itself: made where the version is made, off the writer's thread, and read
    /// there without following a pointer).
    public var writtenKey: UTF8Key
    /// The word as written, lower case.
    public var written: String { String(decoding: writtenKey.bytes, as: UTF8.self) }

    public init(role: String, folded: String, written: String) {
        self.init(role: role, folded: folded, writtenKey: UTF8Key(written))
    }

    public init(role: String, folded: String, writtenKey: UTF8Key) {
        self.role = role
        self.folded = folded
        self.writtenKey = writtenKey
    }
}

/// A line of `daftar records`: a record as it stands, with its act number and date.
public struct RecordListing: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var status: String
    public var version: Int
    /// The double-keying pass the record was keyed in (1 or 2), nil when keyed once.
    public var pass: Int?
    public var actNumber: String?
    public var actDate: String?
    public var pages: [Int64]
    /// Some version of it was verified (a keyed record with this is "changed after verification").
    public var verifiedBefore: Bool
    /// The record it was resolved as a duplicate of, if any.
    public var duplicateOf: Int64?
}
