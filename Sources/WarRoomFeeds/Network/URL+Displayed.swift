import Foundation

extension URL {
    /// Scheme, host, port and path only: user info and query strings can hold credentials, and reports are
    /// shown on screen and kept in the journal.
    var displayed: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "(unprintable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unprintable URL)"
    }
}

extension URL {
    /// Scheme, host and port alone (`https://hooks.slack.com`): all that may be shown of a URL that is itself a secret,
    /// as a Slack webhook's is, whose path is its token.
    var origin: String {
        guard let scheme = scheme, let host = host(percentEncoded: false), !host.isEmpty else { return "(a URL without a host)" }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port.map { ":\($0)" } ?? "")
    }
}
