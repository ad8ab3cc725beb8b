import GRDB

/// The archive's schema as named migrations. A shipped migration is never
/// edited: changes come as new migrations appended at the end.
enum ArchiveSchema {
    /// Bytes of new name-index keys held in memory before they are written out (see v7).
    static let nameIndexHashSize = 16 << 20

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: blobs, sources, pages, events") { db in
            try db.execute(sql: """
                CREATE TABLE blob (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                );
                CREATE TABLE source (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE REFERENCES blob(sha256),
                    path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    page_count INTEGER NOT NULL,
                    ledger TEXT,
                    operator TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE INDEX source_ledger ON source(ledger);
                CREATE TABLE page (
                    id INTEGER PRIMARY KEY,
                    source_id INTEGER NOT NULL REFERENCES source(id),
                    page_index INTEGER NOT NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    dpi REAL,
                    access_sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    access_width INTEGER NOT NULL,
                    access_height INTEGER NOT NULL,
                    thumbnail_sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    skew_degrees REAL NOT NULL DEFAULT 0,
                    normalization TEXT NOT NULL,
                    UNIQUE (source_id, page_index)
                );
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    time TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    subject TEXT,
                    details TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE
                );
                CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                """)
        }
        // Spreads give two pages per scanned page (part 1 left, 2 right; 0 a whole scan),
        // so the page key gains the part; pages also gain a bilevel image, a perceptual
        // hash and the scan-quality measurements. SQLite cannot change a UNIQUE
        // constraint in place: the table is rebuilt, ids kept.
        migrator.registerMigration("v2: spread parts, bitonal images, perceptual hashes, scan quality") { db in
            try db.execute(sql: """
                CREATE TABLE page_v2 (
                    id INTEGER PRIMARY KEY,
                    source_id INTEGER NOT NULL REFERENCES source(id),
                    page_index INTEGER NOT NULL,
                    part INTEGER NOT NULL DEFAULT 0,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    dpi REAL,
                    access_sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    access_width INTEGER NOT NULL,
                    access_height INTEGER NOT NULL,
                    thumbnail_sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    bitonal_sha256 TEXT REFERENCES blob(sha256),
                    skew_degrees REAL NOT NULL DEFAULT 0,
                    normalization TEXT NOT NULL,
                    perceptual_hash TEXT,
                    quality TEXT,
                    quality_problems TEXT NOT NULL DEFAULT '[]',
                    UNIQUE (source_id, page_index, part)
                );
                INSERT INTO page_v2 (id, source_id, page_index, width, height, dpi, access_sha256, access_width,
                                     access_height, thumbnail_sha256, skew_degrees, normalization)
                    SELECT id, source_id, page_index, width, height, dpi, access_sha256, access_width,
                           access_height, thumbnail_sha256, skew_degrees, normalization FROM page;
                DROP TABLE page;
                ALTER TABLE page_v2 RENAME TO page;
                CREATE INDEX page_access ON page(access_sha256);
                """)
        }
        // Civil-registry records: a record is its act type and pages; what was keyed lives
        // in versions, one per entry or edit, never changed or removed (triggers), with the
        // operator, time, reason, double-keying pass and status of each.
        migrator.registerMigration("v3: records and their versions") { db in
            try db.execute(sql: """
                CREATE TABLE record (
                    id INTEGER PRIMARY KEY,
                    type TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE TABLE record_page (
                    record_id INTEGER NOT NULL REFERENCES record(id),
                    page_id INTEGER NOT NULL REFERENCES page(id),
                    PRIMARY KEY (record_id, page_id)
                );
                CREATE INDEX record_page_page ON record_page(page_id);
                CREATE TABLE record_version (
                    record_id INTEGER NOT NULL REFERENCES record(id),
                    version INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    pass INTEGER,
                    fields TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    time TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (record_id, version)
                );
                CREATE TRIGGER record_is_append_only_update BEFORE UPDATE ON record
                BEGIN SELECT RAISE(ABORT, 'records are never changed: add a version'); END;
                CREATE TRIGGER record_is_append_only_delete BEFORE DELETE ON record
                BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;
                CREATE TRIGGER record_version_is_append_only_update BEFORE UPDATE ON record_version
                BEGIN SELECT RAISE(ABORT, 'record versions are never changed: add a version'); END;
                CREATE TRIGGER record_version_is_append_only_delete BEFORE DELETE ON record_version
                BEGIN SELECT RAISE(ABORT, 'record versions are never deleted'); END;
                """)
        }
        // The interactive form's working copy of a draft record, rewritten after every
        // answered field so that a killed terminal loses at most the line being typed
        // (scratch, not history: it is replaced, and removed once a version holds it);
        // and the offices' schema extensions, each a new version, never changed.
        migrator.registerMigration("v4: entry drafts and schema extensions") { db in
            try db.execute(sql: """
                CREATE TABLE entry_draft (
                    record_id INTEGER PRIMARY KEY REFERENCES record(id),
                    fields TEXT NOT NULL,
                    pending_key TEXT,
                    pending_text TEXT,
                    time TEXT NOT NULL
                );
                CREATE TABLE schema_extension (
                    version INTEGER PRIMARY KEY,
                    content TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    time TEXT NOT NULL
                );
                CREATE TRIGGER schema_extension_is_append_only_update BEFORE UPDATE ON schema_extension
                BEGIN SELECT RAISE(ABORT, 'schema extensions are never changed: add a version'); END;
                CREATE TRIGGER schema_extension_is_append_only_delete BEFORE DELETE ON schema_extension
                BEGIN SELECT RAISE(ABORT, 'schema extensions are never deleted'); END;
                """)
        }
        // Search: every folded name word once (`name_term`, with a trigram index of it
        // padded as ^word$ for typo-tolerant lookups), which records and roles hold it
        // (`record_name`, one b-tree keyed by term), and each record's latest state for
        // filters (`record_search`, with the terms it holds, to re-index it on an edit, and
        // the record it was found to duplicate); registrars' duplicate decisions, kept.
        migrator.registerMigration("v5: search index and duplicate decisions") { db in
            try db.execute(sql: """
                CREATE TABLE name_term (
                    id INTEGER PRIMARY KEY,
                    folded TEXT NOT NULL UNIQUE
                );
                CREATE VIRTUAL TABLE name_term_trigram USING fts5(padded, tokenize = 'trigram', detail = 'none');
                CREATE TABLE record_name (
                    term_id INTEGER NOT NULL,
                    record_id INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (term_id, record_id, role)
                ) WITHOUT ROWID;
                CREATE TABLE record_search (
                    record_id INTEGER PRIMARY KEY REFERENCES record(id),
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    act_number TEXT,
                    act_date TEXT,
                    office TEXT,
                    term_ids TEXT,
                    duplicate_of INTEGER
                );
                CREATE INDEX record_search_act_number ON record_search(act_number, office, act_date);
                CREATE INDEX record_search_names_pending ON record_search(record_id) WHERE term_ids IS NULL;
                CREATE TABLE duplicate_decision (
                    id INTEGER PRIMARY KEY,
                    record_id INTEGER NOT NULL REFERENCES record(id),
                    other_id INTEGER NOT NULL REFERENCES record(id),
                    decision TEXT NOT NULL CHECK (decision IN ('duplicate', 'distinct')),
                    reason TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    time TEXT NOT NULL
                );
                CREATE TRIGGER duplicate_decision_is_append_only_update BEFORE UPDATE ON duplicate_decision
                BEGIN SELECT RAISE(ABORT, 'duplicate decisions are never changed'); END;
                CREATE TRIGGER duplicate_decision_is_append_only_delete BEFORE DELETE ON duplicate_decision
                BEGIN SELECT RAISE(ABORT, 'duplicate decisions are never deleted'); END;
                """)
            // Records keyed before the index existed: their act number, date and office now;
            // their names (term_ids NULL) when daftar next searches (the folding is not SQL).
            try db.execute(sql: """
                INSERT INTO record_search (record_id, type, status, act_number, act_date, office, term_ids)
                SELECT r.id, r.type, v.status, json_extract(v.fields, '$."act.number".value'),
                       json_extract(v.fields, '$."act.date".value'), json_extract(v.fields, '$."act.office".value'), NULL
                FROM record r JOIN record_version v ON v.record_id = r.id
                    AND v.version = (SELECT MAX(version) FROM record_version WHERE record_id = r.id)
                """)
        }
        // Search by person: the name words of each record as keys of a contentless
        // full-text index (written words, and pairs of one person's folded words;
        // see `SearchIndex`), in place of v5's table of (word, record, role) rows, which
        // grew by 120 bytes a record and answered a three-word query by intersecting
        // posting lists of tens of thousands; and the duplicate rules' folded key of each
        // record, so a duplicate scan reads this table alone. The folded words' trigram
        // index keeps positions now, so a typo search asks for a few pieces of a word
        // (`RecordSearch.segments`) instead of any of its trigrams. Records are indexed again
        // (names NULL) the next time daftar searches or scans.
        migrator.registerMigration("v6: search index by person") { db in
            try db.execute(sql: """
                DROP TABLE record_name;
                DROP TABLE name_term_trigram;
                CREATE VIRTUAL TABLE name_term_trigram USING fts5(padded, tokenize = 'trigram');
                INSERT INTO name_term_trigram (rowid, padded) SELECT id, '^' || folded || '$' FROM name_term;
                CREATE TABLE name_form (
                    id INTEGER PRIMARY KEY,
                    written TEXT NOT NULL UNIQUE,
                    term_id INTEGER NOT NULL REFERENCES name_term(id)
                );
                CREATE INDEX name_form_term ON name_form(term_id);
                CREATE VIRTUAL TABLE name_index USING fts5(keys, content = '', detail = 'none', columnsize = 0,
                                                           tokenize = 'ascii');
                CREATE TABLE record_search_v6 (
                    record_id INTEGER PRIMARY KEY REFERENCES record(id),
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    act_number TEXT,
                    act_date TEXT,
                    office TEXT,
                    duplicate_of INTEGER,
                    names TEXT,
                    duplicate_key TEXT
                );
                INSERT INTO record_search_v6 (record_id, type, status, act_number, act_date, office, duplicate_of)
                SELECT record_id, type, status, act_number, act_date, office, duplicate_of FROM record_search;
                DROP TABLE record_search;
                ALTER TABLE record_search_v6 RENAME TO record_search;
                CREATE INDEX record_search_act_number ON record_search(act_number, office, act_date);
                CREATE INDEX record_search_names_pending ON record_search(record_id) WHERE names IS NULL;
                """)
        }
        // The name index gathers new keys in memory and writes them out as a segment each
        // time they pass `hashsize`; each segment is merged with others later. At 1 MiB
        // (SQLite's default) a load of a million records wrote hundreds of segments; at
        // 16 MiB the load took 3 s (5 %) less. A setting of the index, stored in it.
        migrator.registerMigration("v7: name index written out in larger segments") { db in
            try db.execute(sql: "INSERT INTO name_index (name_index, rank) VALUES ('hashsize', \(nameIndexHashSize))")
        }
        // When each stored blob's SHA-256 was last recomputed, and whether it held
        // (`daftar verify`): a verify of the blobs not checked for N days reads this.
        migrator.registerMigration("v8: blob fixity checks") { db in
            try db.execute(sql: """
                CREATE TABLE blob_fixity (
                    sha256 TEXT PRIMARY KEY NOT NULL REFERENCES blob(sha256),
                    checked_at TEXT NOT NULL,
                    intact INTEGER NOT NULL
                );
                """)
        }
        // Archival extracts issued: each verification code printed on a PDF, the record
        // version it was made from and that version's fields hash, so a code read off
        // paper leads back to what was certified (`daftar extract check`). Never changed.
        migrator.registerMigration("v9: issued extracts") { db in
            try db.execute(sql: """
                CREATE TABLE extract (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL,
                    record_id INTEGER NOT NULL REFERENCES record(id),
                    version INTEGER NOT NULL,
                    fields_sha256 TEXT NOT NULL,
                    language TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    issued_at TEXT NOT NULL
                );
                CREATE INDEX extract_code ON extract(code);
                CREATE TRIGGER extract_is_append_only_update BEFORE UPDATE ON extract
                BEGIN SELECT RAISE(ABORT, 'issued extracts are never changed'); END;
                CREATE TRIGGER extract_is_append_only_delete BEFORE DELETE ON extract
                BEGIN SELECT RAISE(ABORT, 'issued extracts are never removed'); END;
                """)
        }
        // A file name that is not UTF-8 (CP1251 from a Windows scanner, say) is kept as
        // its exact bytes here; `name` and `path` hold its escaped form (`\xNN`). NULL
        // when the name is UTF-8, and `name` is then exact.
        migrator.registerMigration("v10: source name bytes") { db in
            try db.execute(sql: "ALTER TABLE source ADD COLUMN name_bytes BLOB")
        }
        // The record lifecycle: a duplicate decision can be undone or revise an earlier one
        // (`undone`, `revises`); an extract says whether it was issued from an unverified
        // record; a source keeps the normalization options it was last built with, so a
        // later `renormalize` reuses them. The decision table is rebuilt (its CHECK cannot
        // change in place); ids and rows are kept.
        migrator.registerMigration("v11: duplicate undo and revisions, unverified extracts, source options") { db in
            try db.execute(sql: """
                CREATE TABLE duplicate_decision_v10 (
                    id INTEGER PRIMARY KEY,
                    record_id INTEGER NOT NULL REFERENCES record(id),
                    other_id INTEGER NOT NULL REFERENCES record(id),
                    decision TEXT NOT NULL CHECK (decision IN ('duplicate', 'distinct', 'undone')),
                    reason TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    time TEXT NOT NULL,
                    revises INTEGER REFERENCES duplicate_decision_v10(id)
                );
                INSERT INTO duplicate_decision_v10 (id, record_id, other_id, decision, reason, operator, time)
                    SELECT id, record_id, other_id, decision, reason, operator, time FROM duplicate_decision;
                DROP TABLE duplicate_decision;
                ALTER TABLE duplicate_decision_v10 RENAME TO duplicate_decision;
                CREATE INDEX duplicate_decision_pair ON duplicate_decision(record_id, other_id);
                CREATE TRIGGER duplicate_decision_is_append_only_update BEFORE UPDATE ON duplicate_decision
                BEGIN SELECT RAISE(ABORT, 'duplicate decisions are never changed'); END;
                CREATE TRIGGER duplicate_decision_is_append_only_delete BEFORE DELETE ON duplicate_decision
                BEGIN SELECT RAISE(ABORT, 'duplicate decisions are never deleted'); END;
                ALTER TABLE extract ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN normalization_options TEXT;
                CREATE INDEX record_search_duplicate_of ON record_search(duplicate_of) WHERE duplicate_of IS NOT NULL;
                """)
        }
        return migrator
    }
}
