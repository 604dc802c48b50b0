import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// What the PostgreSQL driver throws, worded for the person at the terminal: unreachable (retry, the network) or
/// refused (fix the URL, the password, the database's rights). Never with the password: `url` is redacted.
enum PostgresFailure {
    static func journalError(_ error: any Error, address: PostgresAddress) -> JournalError {
        let url = address.redacted
        switch error {
        case let error as JournalError:
            return error
        case let error as PostgresTransactionError:
            let inner = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            return inner.map { journalError($0, address: address) } ?? .database(path: url, detail: "a transaction failed")
        case let error as PSQLError:
            return psql(error, address: address)
        default:
            return certificate(error, address: address)
                ?? network(error).map { .unreachable(url: url, detail: $0) } ?? .database(path: url, detail: "\(error)")
        }
    }

    private static func psql(_ error: PSQLError, address: PostgresAddress) -> JournalError {
        let url = address.redacted
        let who = " \"\(address.user)\""
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "the server refused"
            switch state {
            case "28P01":
                return .refused(url: url, detail: "password authentication failed for user\(who): set PGPASSWORD or the URL's password")
            case "28000" where address.tls == .disable:
                // The server says "no encryption" whether pg_hba.conf has a hostssl line for the user or none at all.
                return .refused(url: url, detail: "the server does not let user\(who) in without TLS (\(message)), and the URL's "
                    + "sslmode=disable turns TLS off: use sslmode=require or verify-full if the server takes TLS (hostssl); "
                    + "otherwise see its pg_hba.conf")
            case "28000":
                return .refused(url: url, detail: "the server does not let user\(who) in from here (\(message)); see its pg_hba.conf")
            case "3D000":
                return .refused(url: url, detail: "database \"\(address.database)\" does not exist: create it (createdb) or name another in the URL")
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
            if let underlying = error.underlying, let refusal = certificate(underlying, address: address) { return refusal }
            return .unreachable(url: url, detail: error.underlying.flatMap(network) ?? "the connection failed")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .unreachable(url: url, detail: "the connection closed")
        default:
            return .database(path: url, detail: error.code.description)
        }
    }

    /// A server certificate that verify-ca or verify-full rejected: not a passing outage but a setting to fix, so refused,
    /// saying which check failed and what to change. Nil for any other error.
    private static func certificate(_ error: any Error, address: PostgresAddress) -> JournalError? {
        switch address.tls {
        case .disable, .prefer, .require:
            // Nothing is verified in these modes.
            return nil
        case .verifyCA, .verifyFull:
            break
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return .refused(url: address.redacted, detail: "the server's certificate does not match the host: it is not "
                + "issued for \(address.host), which sslmode=verify-full checks; connect by a name the certificate names, "
                + "or use sslmode=verify-ca to check only who signed it")
        }
        // BoringSSL says only that verification failed: without a trusted issuer, or past its dates.
        guard case .handshakeFailed(.sslError(let messages))? = error as? NIOSSLError,
              messages.contains(where: { "\($0)".contains("CERTIFICATE_VERIFY_FAILED") }) else { return nil }
        let authorities = address.rootCertificate.map { "a CA in sslrootcert=\($0)" } ?? "a CA the system trusts"
        return .refused(url: address.redacted, detail: "the server's certificate is not trusted: it is not signed by "
            + "\(authorities), or it has expired; pass the CA that signed it in sslrootcert, or renew the certificate")
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
