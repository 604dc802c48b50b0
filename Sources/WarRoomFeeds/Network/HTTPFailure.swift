import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a GET got no HTTP answer at all, in words that point at the fix.
enum HTTPFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case timedOut(after: TimeInterval)
    /// Nothing accepted the connection: refused (no process listening) or the host is unreachable.
    case cannotConnect(String)
    case unknownHost(String)
    /// The server closed the connection before a complete answer.
    case connectionLost
    case tls(String)
    case other(String)

    /// Maps URLSession's errors onto the few a person can act on differently.
    init(_ error: any Error, host: String, timeout: TimeInterval) {
        guard let urlError = error as? URLError else {
            self = .other(String(describing: error))
            return
        }
        switch urlError.code {
        case .timedOut: self = .timedOut(after: timeout)
        case .cannotConnectToHost, .notConnectedToInternet: self = .cannotConnect(host)
        case .cannotFindHost, .dnsLookupFailed: self = .unknownHost(host)
        case .networkConnectionLost, .badServerResponse, .zeroByteResource: self = .connectionLost
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            self = .tls(urlError.localizedDescription)
        default: self = .other(urlError.localizedDescription)
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
