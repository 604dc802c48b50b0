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
        (2, [
            // Times a war room's clock gives are kept as given; the `_at` columns are the server's clock, which every
            // machine shares: a lease lapses, and a heartbeat goes silent, by the server's time, not a laptop's.
            """
            CREATE TABLE warroom_leases (
                journal    BIGINT PRIMARY KEY REFERENCES warroom_journals (id),
                session    TEXT NOT NULL,
                actor      TEXT NOT NULL,
                host       TEXT,
                pid        INTEGER NOT NULL,
                acquired   DOUBLE PRECISION NOT NULL,
                renewed    DOUBLE PRECISION NOT NULL,
                renewed_at TIMESTAMPTZ NOT NULL,
                released   BOOLEAN NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE warroom_presence (
                journal BIGINT NOT NULL REFERENCES warroom_journals (id),
                session TEXT NOT NULL,
                actor   TEXT NOT NULL,
                host    TEXT,
                pid     INTEGER NOT NULL,
                seen_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (journal, session)
            )
            """,
            """
            CREATE TABLE warroom_samples (
                journal BIGINT NOT NULL REFERENCES warroom_journals (id),
                metric  TEXT NOT NULL,
                start   DOUBLE PRECISION NOT NULL,
                width   DOUBLE PRECISION NOT NULL,
                count   INTEGER NOT NULL,
                min     DOUBLE PRECISION NOT NULL,
                max     DOUBLE PRECISION NOT NULL,
                sum     DOUBLE PRECISION NOT NULL,
                last    DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (journal, metric, start)
            )
            """,
            """
            CREATE TABLE warroom_checkpoints (
                journal    BIGINT NOT NULL REFERENCES warroom_journals (id),
                seq        BIGINT NOT NULL,
                entries    BIGINT NOT NULL,
                format     INTEGER NOT NULL,
                plan_hash  TEXT NOT NULL,
                state      TEXT NOT NULL,
                written_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX warroom_checkpoints_newest ON warroom_checkpoints (journal, format, plan_hash, seq DESC)",
        ]),
    ]

    static var newest: Int { migrations.map(\.version).max() ?? 0 }

    /// Applies the migrations this database lacks; refuses a database a newer warroom has migrated further.
    /// A schema already up to date is only read, so a role that may read and write the tables but not create any (a
    /// schema an administrator made) can use it.
    static func migrate(_ link: PostgresLink) throws(JournalError) {
        let applied = try link.run(deadline: 10) { session -> Int? in
            guard try session.query("SELECT to_regclass('warroom_migrations') IS NOT NULL").first?.decode(Bool.self) == true
            else { return nil }
            return try session.query("SELECT coalesce(max(version), 0) FROM warroom_migrations").first?.decode(Int.self)
        }
        if let applied, applied > newest { throw .newerFormat(path: link.address.redacted) }
        if applied == newest { return }
        try link.transaction(deadline: 60) { session in
            try session.query("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try session.execute("""
                CREATE TABLE IF NOT EXISTS warroom_migrations (
                    version    INTEGER PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try session.query("SELECT version FROM warroom_migrations").map { try $0.decode(Int.self) })
            if let newer = applied.max(), newer > newest { throw JournalError.newerFormat(path: link.address.redacted) }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try session.execute(statement) }
                try session.query("INSERT INTO warroom_migrations (version) VALUES (\(migration.version))")
            }
        }
    }
}
