import Testing
@testable import WarRoomJournal

/// `--journal postgresql://…` as libpq reads it, with the PG* variables filling the gaps, and never a password shown.
@Suite struct PostgresAddressTests {
    func address(_ url: String, _ environment: [String: String] = [:]) throws -> PostgresAddress {
        guard case .postgres(let address) = try JournalAddress.parse(url, environment: environment) else {
            Issue.record("\(url) read as a file")
            throw PostgresAddress.Problem(description: "not postgres")
        }
        return address
    }

    @Test func aWholeURL() throws {
        let parsed = try address("postgresql://dana:s%40cret@db.internal:6432/releases?sslmode=verify-full&connect_timeout=5")
        #expect(parsed == PostgresAddress.make(host: "db.internal", port: 6432, user: "dana", password: "s@cret",
                                               database: "releases", tls: .verifyFull, connectTimeout: 5))
        #expect(parsed.redacted == "postgresql://dana@db.internal:6432/releases?sslmode=verify-full")
        #expect(!JournalAddress.postgres(parsed).description.contains("cret"))
    }

    @Test func theEnvironmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGHOST": "10.0.0.5", "PGPORT": "5433", "PGUSER": "sre", "PGPASSWORD": "from-env",
                           "PGDATABASE": "warroom", "PGSSLMODE": "require", "USER": "login"]
        let parsed = try address("postgres://", environment)
        #expect(parsed.redacted == "postgresql://sre@10.0.0.5:5433/warroom?sslmode=require")
        #expect(parsed.password == "from-env")
        let url = try address("postgres://priya:url-pass@[::1]/ledger", environment)
        #expect(url.host == "::1" && url.port == 5433 && url.user == "priya" && url.password == "url-pass" && url.database == "ledger")
        #expect(url.redacted == "postgresql://priya@[::1]:5433/ledger?sslmode=require")
        let defaults = try address("postgresql://", ["USER": "sam"])
        #expect(defaults.redacted == "postgresql://sam@localhost:5432/sam" && defaults.tls == .prefer)
    }

    @Test func aPathIsAFile() throws {
        #expect(try JournalAddress.parse("warroom-checkout-2.14.0.sqlite", environment: [:]) == .sqlite(path: "warroom-checkout-2.14.0.sqlite"))
        #expect(try JournalAddress.parse("./postgresql:/odd", environment: [:]) == .sqlite(path: "./postgresql:/odd"))
    }

    @Test(arguments: [
        ("postgresql://u@h:99999/db", "port '99999' is not a port number (1 to 65535)"),
        ("postgresql://u@h:port/db", "port 'port' is not a port number (1 to 65535)"),
        ("postgresql://u@h/db?sslmode=sometimes", "sslmode 'sometimes' is not one of disable, prefer, require, verify-ca, verify-full"),
        ("postgresql://u@h/db?journal=x", "unknown parameter 'journal'; known: connect_timeout, dbname, host, password, port, sslmode, sslrootcert, user"),
        ("postgresql://u@h/db?sslmode", "parameter 'sslmode' has no value (write sslmode=…)"),
        ("postgresql://u@[::1/db", "an IPv6 host needs its closing ']'"),
        ("postgresql://u@h1:5432,h2:5432/db", "several hosts are not supported: name one"),
        ("postgresql://u:%zz@h/db", "the password has a broken %-escape"),
    ])
    func aBrokenURLSaysWhatToWrite(url: String, problem: String) {
        #expect(throws: PostgresAddress.Problem(description: problem)) { try JournalAddress.parse(url, environment: [:]) }
    }

    @Test func noProblemRepeatsThePassword() {
        for url in ["postgresql://u:topsecret@h:0/db", "postgresql://u:topsecret@h/db?sslmode=x", "postgresql://u:topsecret@h/db?x=1"] {
            do {
                _ = try JournalAddress.parse(url, environment: [:])
                Issue.record("\(url) parsed")
            } catch {
                #expect(!error.description.contains("topsecret"))
            }
        }
    }
}

extension PostgresAddress {
    static func make(host: String, port: Int, user: String, password: String?, database: String, tls: TLSMode,
                     connectTimeout: Int? = nil) -> PostgresAddress {
        var address = try! PostgresAddress(url: "postgresql://x@y/z", environment: [:])
        address.host = host
        address.port = port
        address.user = user
        address.password = password
        address.database = database
        address.tls = tls
        address.connectTimeout = connectTimeout
        return address
    }
}
