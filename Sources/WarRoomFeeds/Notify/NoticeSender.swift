import Foundation
import WarRoomCore

/// Sends one notice to one target and says how it went. The runtime calls it off the loop, as the evaluator.
public protocol NoticeSending: Sendable {
    func send(_ notice: Notice, to target: NotifyTarget) async -> SendResult
}

/// Posts notices to Slack incoming webhooks, PagerDuty's Events API v2 and generic JSON webhooks over HTTP, secrets
/// read from `environment`. The request is Core's ``NoticePayload``, the one the comms view shows; what comes back is
/// read the way each service documents it (``NoticeAnswer``). No reason it gives holds a secret: a URL is named by
/// its scheme and host alone, and any secret's value a server echoes back is replaced by its `${NAME}`.
public struct NoticeSender: NoticeSending {
    let environment: [String: String]
    let timeout: TimeInterval
    /// For a `Retry-After` given as a date.
    let now: @Sendable () -> Date

    public init(environment: [String: String], timeout: TimeInterval = AppState.noticeTimeout,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.timeout = timeout
        self.now = now
    }

    public func send(_ notice: Notice, to target: NotifyTarget) async -> SendResult {
        let payload = NoticePayload(notice: notice, destination: target.destination)
        let request: NoticePayload.Revealed
        switch payload.revealed(in: environment) {
        case .success(let revealed): request = revealed
        case .failure(.unset(let reference, let role)):
            // This war room's environment lacks it; the evaluator after it may not. Tried again (nothing was sent), so a
            // takeover by a war room that has it still delivers, and the comms view says what to set meanwhile.
            return .retryable(reason: NoticePayload.Problem.unset(reference, role: role).words, retryAfter: nil)
        case .failure(let problem): return .refused(reason: problem.words)
        }
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host(percentEncoded: false), !host.isEmpty else {
            let named = payload.url?.secrets.first.map { "the URL in \($0.variable)" } ?? "the URL \(request.url)"
            return .refused(reason: "\(named) is not a URL warroom can post to")
        }
        let exchange = await HTTPClient(timeout: timeout)
            .post(url, headers: request.headers, body: Data(request.body.utf8), host: url.origin)
        return NoticeAnswer.result(of: exchange, now: now(), scrub: Self.scrubber(for: request))
    }

    /// What replaces every secret's value, and a secret URL's path, by its `${NAME}` in a text: a server may echo a
    /// request back in an error page, and a client library may name the URL it failed on.
    static func scrubber(for request: NoticePayload.Revealed) -> @Sendable (String) -> String {
        var replacements = request.secretValues.map { ($0.value, $0.reference.description) }
        // Of a URL that is a secret whole, its path and query are the token; the host is not.
        if let secret = request.secretValues.first(where: { $0.value == request.url })?.reference,
           let authority = request.url.range(of: "://")?.upperBound,
           let pathStart = request.url[authority...].firstIndex(where: { "/?#".contains($0) }),
           request.url.distance(from: pathStart, to: request.url.endIndex) >= 8 {
            replacements.append((String(request.url[pathStart...]), secret.description))
        }
        // Longest first, so a value that holds another is replaced whole.
        let ordered = replacements.sorted { $0.0.count > $1.0.count }
        return { text in ordered.reduce(text) { text, pair in text.replacingOccurrences(of: pair.0, with: pair.1) } }
    }
}
