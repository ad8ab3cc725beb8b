import GRDB

/// The archive's schema as named migrations. A shipped migration is never
/// edited: changes come as new migrations appended at the end.
enum ArchiveSchema {
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
        return migrator
    }
}
