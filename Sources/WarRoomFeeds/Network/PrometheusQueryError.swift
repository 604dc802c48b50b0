import Foundation

/// Why a metric's query gave no sample. Each case says what to do about it; none ever becomes a value of 0. A
/// point that is no sample (NaN, beyond ±1e18, a time outside 1990–2200) is not among them: it is counted as a
/// malformed line (``PrometheusSamples``). What the server wrote is quoted cut short, so no answer can make the
/// report long.
enum PrometheusQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer: timeout, refused connection…
    case transport(HTTPFailure)
    /// A non-2xx answer that is not the API's own JSON error (a proxy, a login page, a wrong path).
    case httpStatus(Int, excerpt: String)
    /// Prometheus answered, and refused the query (`status: error`): bad PromQL, a timeout on its side…
    case prometheus(type: String, message: String)
    /// A 2xx answer that is not the API's JSON.
    case malformed(String)
    case noSeries
    /// The total and up to two label sets, shown so the person sees which label splits them.
    case severalSeries(Int, examples: [String])
    /// An answer that is not one number: a range vector, a string, a native histogram.
    case notASingleNumber(String)
    /// The source's token variable is not set in warroom's environment.
    case tokenMissing(variable: String)
    /// The source's URL cannot be queried at all.
    case invalidURL(String)

    var description: String {
        switch self {
        case .transport(let failure):
            failure.description
        case .httpStatus(let status, let excerpt):
            "HTTP \(status)\(Self.hint(forStatus: status))" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .prometheus(let type, let message):
            "Prometheus refused the query (\(type.excerpt())): \(message.excerpt(200))"
        case .malformed(let detail):
            "the answer is not Prometheus API JSON (\(detail)) — is the source URL the Prometheus server itself?"
        case .noSeries:
            "the query matched no series — check the metric name and labels, and that Prometheus still scrapes the target"
        case .severalSeries(let count, let examples):
            "the query matched \(count) series (\(examples.map { $0.excerpt(80) }.joined(separator: ", "))\(count > examples.count ? ", …" : "")), "
                + "expected one — aggregate them (sum, max, avg) or select one by label"
        case .notASingleNumber(let what):
            "the query returned \(what), expected one number"
        case .tokenMissing(let variable):
            "the token variable \(variable) is not set — export it before starting warroom"
        case .invalidURL(let url):
            "the source URL \"\(url)\" is not an http:// or https:// URL"
        }
    }

    private static func hint(forStatus status: Int) -> String {
        switch status {
        case 401, 403: " (check the source's token)"
        case 404: " (is the URL the Prometheus server, without /api/v1?)"
        default: ""
        }
    }

    /// `{job="api",path="/a"}`, sorted, without `__name__`, which every series of one selector shares.
    static func labelSet(_ labels: [String: String]) -> String {
        let shown = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
        return "{" + shown.joined(separator: ",") + "}"
    }
}
