import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// What the PostgreSQL driver throws, worded for the person at the terminal: unreachable (retry, the network) or
/// refused (fix the URL, the password, the database's rights). Never with the password: `url` is redacted.
enum PostgresFailure {
    static func journalError(_ error: any Error, address: PostgresAddress) -> JournalError {
        journalError(error, url: address.redacted, user: address.user, database: address.database)
    }

    static func journalError(_ error: any Error, url: String, user: String?, database: String? = nil) -> JournalError {
        switch error {
        case let error as JournalError:
            return error
        case let error as PostgresTransactionError:
            let inner = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            return inner.map { journalError($0, url: url, user: user, database: database) }
                ?? .database(path: url, detail: "a transaction failed")
        case let error as PSQLError:
            return psql(error, url: url, user: user, database: database)
        default:
            return network(error).map { .unreachable(url: url, detail: $0) } ?? .database(path: url, detail: "\(error)")
        }
    }

    private static func psql(_ error: PSQLError, url: String, user: String?, database: String?) -> JournalError {
        let who = user.map { " \"\($0)\"" } ?? ""
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "the server refused"
            switch state {
            case "28P01":
                return .refused(url: url, detail: "password authentication failed for user\(who): set PGPASSWORD or the URL's password")
            case "28000":
                return .refused(url: url, detail: "the server does not let user\(who) in from here (\(message)); see its pg_hba.conf")
            case "3D000":
                return .refused(url: url, detail: "database \"\(database ?? "?")\" does not exist: create it (createdb) or name another in the URL")
            case "42501":
                return .refused(url: url, detail: "permission denied (\(message)): the role needs to create tables, or a schema made for it")
            case "57P01", "57P02", "57P03", "53300":
                return .unreachable(url: url, detail: message)
            default:
                return .database(path: url, detail: "\(state) \(message)")
            }
        case .sslUnsupported:
            return .refused(url: url, detail: "the server does not offer TLS, and the URL's sslmode asks for it: enable ssl on the server, or use sslmode=prefer")
        case .authMechanismRequiresPassword:
            return .refused(url: url, detail: "the server asks user\(who) for a password: set PGPASSWORD or put it in the URL")
        case .unsupportedAuthMechanism:
            return .refused(url: url, detail: "the server asks for a kind of authentication warroom does not speak (use scram-sha-256 or md5)")
        case .connectionError, .failedToAddSSLHandler:
            return .unreachable(url: url, detail: error.underlying.flatMap(network) ?? "the connection failed")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .unreachable(url: url, detail: "the connection closed")
        default:
            return .database(path: url, detail: error.code.description)
        }
    }

    /// A network or TLS failure in a few words; nil for anything else.
    private static func network(_ error: any Error) -> String? {
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "host not found" }
            return error.connectionErrors.first.flatMap { network($0.error) } ?? "cannot connect"
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "timed out"
            case EHOSTUNREACH, ENETUNREACH: return "no route to the host"
            case ECONNRESET: return "connection reset"
            default: return String(cString: strerror(error.errnoCode))
            }
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error { return "no answer in \(amount.nanoseconds / 1_000_000_000) s" }
            return "\(error)"
        case let error as NIOSSLError:
            return "TLS failed: \(error)"
        case let error as BoringSSLError:
            return "TLS failed: \(error)"
        default:
            return nil
        }
    }
}
