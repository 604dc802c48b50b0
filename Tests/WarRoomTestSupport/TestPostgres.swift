import Foundation

/// The PostgreSQL the shared-journal tests use. `scripts/test` starts one private cluster for the run and names it in
/// `WARROOM_TEST_POSTGRES`; a test that stops its server starts a ``PrivateCluster`` of its own instead, so the other
/// suites on the shared one never see the outage.
public enum TestPostgres {
    /// The run's cluster's URL, password included (a throwaway cluster); nil when the tests run without one.
    public static let url = ProcessInfo.processInfo.environment["WARROOM_TEST_POSTGRES"]

    /// A name no other test uses, for a journal in the shared database.
    public static func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8).lowercased())" }
}

/// A PostgreSQL cluster of one test's own, made by `scripts/postgres` in a temporary directory on a free loopback port,
/// that the test can stop and start again on the same port. Removed when the value goes away.
public final class PrivateCluster: @unchecked Sendable {
    public let url: String
    /// The CA file (PEM) that signed the server's certificate; nil for a cluster without TLS.
    public let authority: String?
    private let directory: TemporaryDirectory
    private var cluster: String { directory.file("cluster") }

    /// `tlsNames`, when not empty, makes a cluster that serves only TLS, with a certificate for those host names and
    /// addresses from a CA of its own (``authority``).
    public init(tlsNames: [String] = []) throws {
        directory = TemporaryDirectory("postgres")
        let tls = tlsNames.isEmpty ? [] : ["--tls=\(tlsNames.joined(separator: ","))"]
        let printed = try Self.script("start", directory.file("cluster"), tls)
        url = printed.split(separator: "\n").last { $0.hasPrefix("postgresql://") }.map(String.init) ?? ""
        authority = tlsNames.isEmpty ? nil : directory.file("cluster/ca.pem")
    }

    deinit { _ = try? Self.script("stop", cluster) }

    /// A CA file of a CA that signed nothing of this cluster's: a server checked against it is not trusted.
    public func unrelatedAuthority() throws -> String {
        // A name of its own: tests running at once each make one.
        let name = "unrelated-ca-\(UUID().uuidString)"
        let file = directory.file("\(name).pem")
        try Spawn.run("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                       "-nodes", "-days", "1", "-subj", "/CN=unrelated test CA",
                                       "-keyout", directory.file("\(name).key"), "-out", file])
        return file
    }

    /// Stops the server at once (as a crash or a pulled cable would look to its clients); its data stays.
    public func pause() throws { _ = try Self.script("pause", cluster) }

    /// Starts the server again on the same port.
    public func resume() throws { _ = try Self.script("resume", cluster) }

    /// `scripts/postgres`, through ``Spawn``: the server it starts would hold a pipe from Foundation's `Process` open.
    private static func script(_ command: String, _ directory: String, _ options: [String] = []) throws -> String {
        try Spawn.run(Repository.path("scripts/postgres"), [command, directory] + options)
    }
}
