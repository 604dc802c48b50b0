import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a request got no HTTP answer at all, in words that point at the fix.
enum HTTPFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case timedOut(after: TimeInterval)
    /// Nothing accepted the connection: refused (no process listening) or the host is unreachable.
    case cannotConnect(String)
    case unknownHost(String)
    /// The server closed the connection before a complete answer.
    case connectionLost
    case tls(String)
    case other(String)

    /// Maps the client's errors (AsyncHTTPClient's, SwiftNIO's and the TLS library's) onto the few a person can act
    /// on differently.
    init(_ error: any Error, host: String, timeout: TimeInterval) {
        switch error {
        case let connection as NIOConnectionError:
            // Every address failed: none resolved, or none accepted.
            self = connection.connectionErrors.isEmpty && (connection.dnsAError != nil || connection.dnsAAAAError != nil)
                ? .unknownHost(host) : .cannotConnect(host)
        case let failure as HTTPClientError:
            switch failure {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .tlsHandshakeTimeout,
                 .getConnectionFromPoolTimeout:
                self = .timedOut(after: timeout)
            case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch, .contentLengthMissing:
                self = .connectionLost
            default:
                self = .other(String(describing: failure))
            }
        case let failure as IOError where [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ECONNRESET].contains(failure.errnoCode):
            self = failure.errnoCode == ECONNRESET ? .connectionLost : .cannotConnect(host)
        case is ChannelError:
            self = .connectionLost
        case let failure as NIOSSLError:
            self = .tls(String(describing: failure))
        case let failure as BoringSSLError:
            self = .tls(String(describing: failure))
        case let failure as NIOSSLExtraError:
            self = .tls(String(describing: failure))
        default:
            self = .other(String(describing: error))
        }
    }

    var description: String {
        switch self {
        case .timedOut(let seconds): "no answer within \(String(format: "%g", seconds))s"
        case .cannotConnect(let host): "could not connect to \(host) (connection refused, or host unreachable)"
        case .unknownHost(let host): "cannot resolve the host name of \(host)"
        case .connectionLost: "the connection closed before a complete answer"
        case .tls(let message): "TLS failed: \(message)"
        case .other(let message): message
        }
    }
}
