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
    private let directory: TemporaryDirectory
    private var cluster: String { directory.file("cluster") }

    public init() throws {
        directory = TemporaryDirectory("postgres")
        let printed = try Self.script("start", directory.file("cluster"))
        url = printed.split(separator: "\n").last { $0.hasPrefix("postgresql://") }.map(String.init) ?? ""
    }

    deinit { _ = try? Self.script("stop", cluster) }

    /// Stops the server at once (as a crash or a pulled cable would look to its clients); its data stays.
    public func pause() throws { _ = try Self.script("pause", cluster) }

    /// Starts the server again on the same port.
    public func resume() throws { _ = try Self.script("resume", cluster) }

    /// `scripts/postgres`, through ``Spawn``: the server it starts would hold a pipe from Foundation's `Process` open.
    private static func script(_ command: String, _ directory: String) throws -> String {
        try Spawn.run(Repository.path("scripts/postgres"), [command, directory])
    }
}
