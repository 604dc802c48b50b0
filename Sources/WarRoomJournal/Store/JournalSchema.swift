import GRDB

/// The journal's migrations. Shipped migrations never change: a new need gets a new migration.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key   TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE events (
                    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
                    time    REAL NOT NULL,
                    actor   TEXT NOT NULL,
                    session TEXT NOT NULL,
                    kind    TEXT NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE INDEX events_kind ON events(kind);
                CREATE VIEW timeline AS
                    SELECT seq, strftime('%Y-%m-%dT%H:%M:%fZ', time, 'unixepoch') AS utc,
                           actor, session, kind, payload
                    FROM events;
                INSERT INTO meta (key, value) VALUES ('format', 'warroom-journal');
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE samples (
                    metric TEXT NOT NULL,
                    start  REAL NOT NULL,
                    width  REAL NOT NULL,
                    count  INTEGER NOT NULL,
                    min    REAL NOT NULL,
                    max    REAL NOT NULL,
                    sum    REAL NOT NULL,
                    last   REAL NOT NULL,
                    PRIMARY KEY (metric, start)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE checkpoints (
                    seq        INTEGER NOT NULL,
                    entries    INTEGER NOT NULL,
                    format     INTEGER NOT NULL,
                    plan_hash  TEXT NOT NULL,
                    state      TEXT NOT NULL,
                    written_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE presence (
                    session TEXT PRIMARY KEY NOT NULL,
                    actor   TEXT NOT NULL,
                    host    TEXT,
                    pid     INTEGER NOT NULL,
                    seen    REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE lease (
                    id       INTEGER PRIMARY KEY CHECK (id = 1),
                    session  TEXT NOT NULL,
                    actor    TEXT NOT NULL,
                    host     TEXT,
                    pid      INTEGER NOT NULL,
                    acquired REAL NOT NULL,
                    renewed  REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5") { db in
            // Entry ids make a retried write harmless (a lost answer, a spool replayed, `journal copy` run twice);
            // entries journaled before v5 have none.
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN id TEXT;
                CREATE UNIQUE INDEX events_id ON events(id);
                """)
        }
        return migrator
    }

    /// Keys of the `meta` table.
    enum Key {
        static let format = "format"
        static let plan = "plan"
        static let planHash = "plan_hash"
        static let createdAt = "created_at"
    }

    /// The value of `meta.format` that marks a file as ours; v1 writes it, so the mark and the
    /// tables appear in the same transaction.
    static let format = "warroom-journal"
}
