import PostgresNIO

/// The shared journal's tables. Migrations run in order, each once, under an advisory lock so that war rooms starting
/// together do not race; a shipped migration never changes: a new need gets a new one.
enum PostgresSchema {
    /// Where war rooms are told an entry landed: the payload is `<journal id>:<newest seq>`.
    static let channel = "warroom_journal"
    /// Any number the other users of the database are unlikely to lock: "warroom" in ASCII.
    private static let migrationLock: Int64 = 0x77_61_72_72_6f_6f_6d

    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE warroom_journals (
                id         BIGSERIAL PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE,
                plan       TEXT NOT NULL,
                plan_hash  TEXT NOT NULL,
                last_seq   BIGINT NOT NULL DEFAULT 0,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE warroom_entries (
                journal BIGINT NOT NULL REFERENCES warroom_journals (id),
                seq     BIGINT NOT NULL,
                id      UUID NOT NULL,
                time    DOUBLE PRECISION NOT NULL,
                actor   TEXT NOT NULL,
                session TEXT NOT NULL,
                kind    TEXT NOT NULL,
                payload TEXT NOT NULL,
                PRIMARY KEY (journal, seq),
                UNIQUE (journal, id)
            )
            """,
        ]),
    ]

    static var newest: Int { migrations.map(\.version).max() ?? 0 }

    /// Applies the migrations this database lacks; refuses a database a newer warroom has migrated further.
    static func migrate(_ connection: PostgresConnection, url: String) async throws(JournalError) {
        let logger = PostgresJournal.logger
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS warroom_migrations (
                        version    INTEGER PRIMARY KEY,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                var applied: Set<Int> = []
                for try await version in try await connection.query("SELECT version FROM warroom_migrations", logger: logger)
                    .decode(Int.self) { applied.insert(version) }
                if let newer = applied.max(), newer > newest { throw JournalError.newerFormat(path: url) }
                for migration in migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO warroom_migrations (version) VALUES (\(migration.version))", logger: logger)
                }
            }
        } catch {
            throw PostgresFailure.journalError(error, url: url, user: nil)
        }
    }
}
