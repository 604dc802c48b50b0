import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One connection to the shared journal's database, for callers that must not wait long: the screen's loop, a note.
///
/// Every request waits at most its deadline on the calling thread, for futures completed by NIO's own threads, so it
/// never needs a thread of Swift's concurrency pool. A connection that fails or does not answer in time is dropped:
/// requests then fail at once while it is made again in the background, with a backoff that grows to five seconds,
/// so an unreachable server never freezes the screen. A new connection listens on the notification channel again.
final class PostgresLink: Sendable {
    let address: PostgresAddress
    /// Told, on a NIO thread, each notification's payload; and `nil` when a connection is made, since entries may
    /// have landed while there was none.
    private let notified: @Sendable (String?) -> Void
    private let state = Mutex(State())
    /// Held while a request runs: requests from several threads take turns, so a transaction's statements never
    /// interleave with another's on the one connection.
    private let turn = NSLock()

    private struct State {
        var connection: PostgresConnection?
        var connecting = false
        /// Since when requests have failed, and why; nil while connected.
        var down: (since: Date, error: JournalError)?
        var failures = 0
        var retryAt = Date.distantPast
    }

    /// How long a connection attempt may take, unless the URL's `connect_timeout` says otherwise.
    static let defaultConnectTimeout: TimeInterval = 10
    /// Short, for a war room: the release does not wait, and one connection attempt a few seconds costs a server nothing.
    static let longestBackoff: TimeInterval = 5

    init(address: PostgresAddress, notified: @escaping @Sendable (String?) -> Void = { _ in }) {
        self.address = address
        self.notified = notified
    }

    /// Connects now, waiting for the answer: a command's first contact, whose failure is the person's to fix.
    func connect() throws(JournalError) {
        let future = makeConnection()
        do {
            adopt(try Self.wait(future, deadline: connectTimeout + 1, address: address))
        } catch {
            future.whenSuccess(Self.closeInBackground)  // made after all, too late to be used
            throw error
        }
    }

    /// Closes the connection, waiting for the server to hear it (never call it on a NIO thread).
    func close() {
        let connection = state.withLock { state in
            defer { state.connection = nil }
            return state.connection
        }
        _ = try? connection?.close().wait()
    }

    /// Without waiting: the last reference may go on a NIO thread (a reconnect's callback), which must not block.
    deinit {
        if let connection = state.withLock({ $0.connection }) { Self.closeInBackground(connection) }
    }

    /// Closes without waiting, holding the connection until it is closed: postgres-nio requires a connection closed
    /// before it goes away, and the close finishes on a NIO thread after the last other reference is gone.
    private static func closeInBackground(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Since when and why the database has not answered; nil while it does.
    var outage: (since: Date, error: JournalError)? { state.withLock { $0.down } }

    /// Runs `body` on the connection, within `deadline` seconds for each query it sends. With no connection, fails at
    /// once with why the last attempt failed, starting another in the background when the backoff allows.
    func run<T>(deadline: TimeInterval, _ body: (Session) throws -> T) throws(JournalError) -> T {
        turn.lock()
        defer { turn.unlock() }
        guard let connection = currentConnection() else {
            reconnectIfDue()
            throw state.withLock { $0.down?.error } ?? .unreachable(url: address.redacted, detail: "connecting")
        }
        do {
            return try body(Session(connection: connection, deadline: deadline, address: address))
        } catch let error as JournalError {
            if error.isConnectionLost { drop(connection, error) }
            throw error
        } catch {
            let failure = PostgresFailure.journalError(error, address: address)
            if failure.isConnectionLost { drop(connection, failure) }
            throw failure
        }
    }

    /// Runs `body` in a transaction; a failure rolls it back (or drops the connection, which the server rolls back).
    func transaction<T>(deadline: TimeInterval, _ body: (Session) throws -> T) throws(JournalError) -> T {
        try run(deadline: deadline) { session in
            try session.execute("BEGIN")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch let error as JournalError where error.isConnectionLost {
                throw error
            } catch {
                try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The connection a request runs on, as a request sees it.
    struct Session {
        let connection: PostgresConnection
        let deadline: TimeInterval
        let address: PostgresAddress

        @discardableResult
        func query(_ query: PostgresQuery) throws -> [PostgresRow] {
            try PostgresLink.wait(connection.query(query, logger: PostgresJournal.logger), deadline: deadline,
                                  address: address).rows
        }

        func execute(_ sql: String) throws {
            try query(PostgresQuery(unsafeSQL: sql))
        }
    }

    // MARK: Connecting

    private var connectTimeout: TimeInterval { address.connectTimeout.map(TimeInterval.init) ?? Self.defaultConnectTimeout }

    /// The open connection; one the server closed (a restart, an idle timeout) is forgotten, and counts as a failure.
    private func currentConnection() -> PostgresConnection? {
        state.withLock { state in
            guard let connection = state.connection, connection.isClosed else { return state.connection }
            state.connection = nil
            failed(&state, .unreachable(url: address.redacted, detail: "the connection closed"))
            return nil
        }
    }

    private func makeConnection() -> EventLoopFuture<PostgresConnection> {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try PostgresJournal.configuration(address)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let notified = self.notified
        return PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: PostgresJournal.logger)
            .flatMap { connection in
                connection.addListener(channel: PostgresSchema.channel) { _, notification in notified(notification.payload) }
                return connection.query("LISTEN \(unescaped: PostgresSchema.channel)", logger: PostgresJournal.logger)
                    .map { _ in connection }
                    .flatMapErrorThrowing { error in
                        Self.closeInBackground(connection)
                        throw error
                    }
            }
    }

    private func adopt(_ connection: PostgresConnection) {
        state.withLock { state in
            state.connection = connection
            state.connecting = false
            state.down = nil
            state.failures = 0
        }
        notified(nil)
    }

    /// Forgets a connection that failed, so the next request starts a new one.
    private func drop(_ connection: PostgresConnection, _ error: JournalError) {
        state.withLock { state in
            guard state.connection === connection else { return }
            state.connection = nil
            failed(&state, error)
        }
        Self.closeInBackground(connection)
    }

    private func failed(_ state: inout State, _ error: JournalError) {
        if state.down == nil { state.down = (Date(), error) } else { state.down?.error = error }
        state.failures += 1
        let backoff = min(Self.longestBackoff, 0.5 * pow(2, Double(min(state.failures - 1, 10))))
        state.retryAt = Date() + backoff * Double.random(in: 0.8...1.2)
    }

    /// Starts a connection in the background when none is being made and the backoff has passed.
    private func reconnectIfDue() {
        let due = state.withLock { state in
            guard state.connection == nil, !state.connecting, Date() >= state.retryAt else { return false }
            state.connecting = true
            return true
        }
        guard due else { return }
        let address = self.address
        makeConnection().whenComplete { [self] result in
            switch result {
            case .success(let connection):
                adopt(connection)
            case .failure(let error):
                state.withLock { state in
                    state.connecting = false
                    failed(&state, PostgresFailure.journalError(error, address: address))
                }
            }
        }
    }

    /// Waits for `future` on this thread for up to `deadline` seconds.
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, deadline: TimeInterval,
                                  address: PostgresAddress) throws(JournalError) -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + deadline) == .success, let result = outcome.withLock({ $0 }) else {
            throw .unreachable(url: address.redacted, detail: "no answer in \(Self.seconds(deadline))")
        }
        do {
            return try result.get()
        } catch {
            throw PostgresFailure.journalError(error, address: address)
        }
    }

    private static func seconds(_ value: TimeInterval) -> String {
        value < 1 ? "\(Int((value * 1000).rounded())) ms" : "\(Int(value.rounded())) s"
    }
}

extension JournalError {
    /// A failure after which the connection cannot be trusted: the server is unreachable, closed it, or did not answer
    /// in time (a statement may still be running on it).
    var isConnectionLost: Bool {
        switch self {
        case .unreachable: true
        default: false
        }
    }
}
