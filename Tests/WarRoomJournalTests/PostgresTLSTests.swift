import Foundation
import PostgresNIO
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomJournal

/// TLS to a real server (swift-nio-ssl): a cluster of the suite's own that takes only TLS connections, whose
/// certificate a private CA issued for `localhost` alone, so that 127.0.0.1, the same server, is a name it does not
/// match. The refusals name the URL without its password and say what to change.
@Suite(.enabled(if: testPostgres != nil, "WARROOM_TEST_POSTGRES is not set (scripts/test starts a cluster)"),
       .timeLimit(.minutes(2)), TLSCluster())
struct PostgresTLSTests {
    var cluster: PrivateCluster { get throws { try #require(TLSCluster.current) } }

    /// The TLS cluster's URL, password included, to `host`, with `query` (sslmode and the like) appended.
    func url(host: String = "127.0.0.1", _ query: String) throws -> String {
        let url = try cluster.url.replacingOccurrences(of: "@127.0.0.1:", with: "@\(host):")
        return "\(url)?\(query)"
    }

    func address(host: String = "127.0.0.1", _ query: String) throws -> PostgresAddress {
        try PostgresAddress(url: try url(host: host, query), environment: [:])
    }

    var password: String { get throws { try #require(try PostgresAddress(url: cluster.url, environment: [:]).password) } }

    /// Opens a journal at `address`, writes an entry and reads it back.
    func roundTrip(_ address: PostgresAddress) throws -> PostgresJournal {
        let journal = try PostgresJournal.open(address, name: TestPostgres.unique("tls"), plan: Fixtures.plan)
        let entry = JournalEntry(time: Fixtures.at(1), actor: "dana", session: "s-dana", event: .note(text: "over TLS"))
        let written = try journal.append([PendingEntry(entry: entry)], lockWait: nil)
        #expect(try journal.entries() == written && written.map(\.seq) == [1])
        return journal
    }

    /// The refusal opening a journal at `address` meets; nil (and an issue) when it opens.
    func refusal(_ address: PostgresAddress) throws -> JournalError? {
        let secret = try password
        do {
            let journal = try PostgresJournal.open(address, name: TestPostgres.unique("tls"), plan: Fixtures.plan)
            journal.close()
            Issue.record("opened \(address.redacted)")
            return nil
        } catch {
            #expect(!error.description.contains(secret), "the password stays out of the message")
            return error
        }
    }

    @Test func requireEncryptsTheJournalsConnection() async throws {
        let journal = try roundTrip(try address("sslmode=require"))
        defer { journal.close() }
        // The server's own view of the session the journal writes on.
        let encrypted = try journal.connection.run(deadline: 10) { session in
            try session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.decode(Bool.self)
        }
        #expect(encrypted == true)
    }

    @Test func verifyFullTrustsTheCAAndTheNameInTheCertificate() async throws {
        let authority = try #require(try cluster.authority)
        let journal = try roundTrip(try address(host: "localhost", "sslmode=verify-full&sslrootcert=\(authority)"))
        journal.close()
    }

    @Test func verifyFullRefusesAHostTheCertificateIsNotFor() async throws {
        let address = try address("sslmode=verify-full&sslrootcert=\(try #require(try cluster.authority))")
        let error = try refusal(address)
        #expect(error == .refused(url: address.redacted, detail: "the server's certificate does not match the host: it is "
            + "not issued for 127.0.0.1, which sslmode=verify-full checks; connect by a name the certificate names, "
            + "or use sslmode=verify-ca to check only who signed it"))
        #expect(error?.description.hasPrefix("postgresql://warroom@127.0.0.1:") == true)
    }

    @Test func verifyCAChecksWhoSignedButNotTheName() async throws {
        let journal = try roundTrip(try address("sslmode=verify-ca&sslrootcert=\(try #require(try cluster.authority))"))
        journal.close()
    }

    @Test(arguments: [("localhost", "verify-full"), ("127.0.0.1", "verify-ca")])
    func aCertificateFromAnotherCAIsNotTrusted(host: String, mode: String) async throws {
        let unrelated = try cluster.unrelatedAuthority()
        let address = try address(host: host, "sslmode=\(mode)&sslrootcert=\(unrelated)")
        #expect(try refusal(address) == .refused(url: address.redacted, detail: "the server's certificate is not trusted: "
            + "it is not signed by a CA in sslrootcert=\(unrelated), or it has expired; pass the CA that signed it in "
            + "sslrootcert, or renew the certificate"))
    }

    @Test func withoutSSLRootCertTheSystemsCAsDecide() async throws {
        let address = try address(host: "localhost", "sslmode=verify-full")
        #expect(try refusal(address) == .refused(url: address.redacted, detail: "the server's certificate is not trusted: "
            + "it is not signed by a CA the system trusts, or it has expired; pass the CA that signed it in sslrootcert, "
            + "or renew the certificate"))
    }

    @Test func aMissingSSLRootCertIsNamed() async throws {
        let missing = "/nonexistent/warroom-ca.pem"
        let address = try address(host: "localhost", "sslmode=verify-full&sslrootcert=\(missing)")
        let error = try refusal(address)
        guard case .refused(let url, let detail)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(url == address.redacted)
        #expect(detail.hasPrefix("sslrootcert=\(missing) is not a readable file of PEM certificates ("))
        #expect(detail.hasSuffix("): name the file of the CA that signed the server's certificate"))
    }

    @Test func requireRefusesAServerWithoutTLS() async throws {
        let plain = try PostgresAddress(url: "\(try #require(testPostgres))?sslmode=require", environment: [:])
        #expect(try refusal(plain) == .refused(url: plain.redacted, detail: "the server does not offer TLS, and the URL's "
            + "sslmode asks for it: enable ssl on the server, or use sslmode=prefer"))
    }

    @Test func disableIsRefusedByAServerThatTakesOnlyTLS() async throws {
        let address = try address("sslmode=disable")
        #expect(try refusal(address) == .refused(url: address.redacted, detail: "the server does not let user \"warroom\" "
            + "in without TLS (no pg_hba.conf entry for host \"127.0.0.1\", user \"warroom\", database \"warroom\", "
            + "no encryption), and the URL's sslmode=disable turns TLS off: use sslmode=require or verify-full if the "
            + "server takes TLS (hostssl); otherwise see its pg_hba.conf"))
    }
}

/// The suite's TLS cluster, started once before its tests and stopped after them: a certificate for `localhost` only.
struct TLSCluster: SuiteTrait, TestScoping {
    @TaskLocal static var current: PrivateCluster?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        // A disabled suite starts no server.
        guard testPostgres != nil else { return try await function() }
        let cluster = try PrivateCluster(tlsNames: ["localhost"])
        try await Self.$current.withValue(cluster) { try await function() }
    }
}
