import Foundation

/// The query URLs of a Prometheus server's HTTP API, built on the source's URL (which may carry a path prefix,
/// as behind a reverse proxy).
struct PrometheusAPI: Sendable, Hashable {
    let base: URL

    /// nil unless `url` is an absolute http or https URL with a host.
    init?(url: String) {
        guard let base = URL(string: url), let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = base.host, !host.isEmpty else { return nil }
        self.base = base
    }

    /// `GET /api/v1/query`: the expression evaluated at `time`.
    func instantQuery(_ promql: String, at time: Date) -> URL {
        url(path: "api/v1/query", parameters: [("query", promql), ("time", Self.timestamp(time))])
    }

    /// `GET /api/v1/query_range`: the expression evaluated every `step` seconds from `start` to `end`.
    func rangeQuery(_ promql: String, from start: Date, to end: Date, step: TimeInterval) -> URL {
        url(path: "api/v1/query_range", parameters: [
            ("query", promql), ("start", Self.timestamp(start)), ("end", Self.timestamp(end)),
            ("step", String(format: "%.3f", step)),
        ])
    }

    private func url(path: String, parameters: [(String, String)]) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        let prefix = components.percentEncodedPath.hasSuffix("/") ? components.percentEncodedPath : components.percentEncodedPath + "/"
        components.percentEncodedPath = prefix + path
        components.percentEncodedQuery = parameters.map { "\($0)=\(Self.encode($1))" }.joined(separator: "&")
        return components.url!
    }

    /// Unix seconds with milliseconds, the API's own output format.
    static func timestamp(_ date: Date) -> String { String(format: "%.3f", date.timeIntervalSince1970) }

    /// Everything but unreserved characters is escaped. URLComponents would leave `+` alone, and the server
    /// decodes a bare `+` as a space, turning `a + b` into `a   b`.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
