import Foundation
import WarRoomCore

/// How one POST of a notice ended, read the way the services document their answers: Slack says `ok` or a word
/// (`invalid_token`, `no_service`, `channel_is_archived`) in plain text; PagerDuty answers JSON with a `message`
/// and, when it refuses an event, its `errors`; a generic webhook whatever it likes, of which the first line is kept.
enum NoticeAnswer {
    /// The most of a service's words kept in a reason, counted in scalars.
    static let wordsLength = 200

    /// `scrub` takes every secret out of a text before it is cut short, so no part of one can survive the cut.
    static func result(of exchange: Result<HTTPResponse, HTTPFailure>, now: Date, scrub: (String) -> String) -> SendResult {
        switch exchange {
        case .failure(let failure):
            switch failure {
            case .cannotConnect, .unknownHost, .tls:
                // Nothing was sent: the connection was never made. Each may pass.
                return .retryable(reason: scrub(failure.description), retryAfter: nil)
            case .timedOut, .connectionLost, .other:
                // The request may have gone out and been taken; only the evaluator, knowing the target, can tell
                // whether another try is safe.
                return .uncertain(reason: scrub(failure.description))
            }
        case .success(let response):
            let words = words(of: response, scrub: scrub)
            let reason = "HTTP \(response.status)" + (words.map { " " + $0 } ?? "")
            let retryAfter = response.headers["retry-after"].flatMap { RetryAfter.seconds($0, now: now) }
            switch response.status {
            case 200...299:
                return .sent(status: response.status, answer: words)
            case 429:
                return .retryable(reason: reason, retryAfter: retryAfter)
            case 408, 425, 500...599:
                // A 503 may say when to come back too (RFC 9110); otherwise the backoff decides.
                return .retryable(reason: reason, retryAfter: retryAfter)
            case 300...399:
                return .refused(reason: reason + ": a redirect, not followed (a notice's URL may be its secret, never "
                    + "carried elsewhere); put the URL it moved to in the plan or the environment")
            default:
                return .refused(reason: reason)
            }
        }
    }

    /// What the service said, in words, on one line; nil when it said nothing.
    static func words(of response: HTTPResponse, scrub: (String) -> String) -> String? {
        let said = JSONValue.parse(Array(response.body)).flatMap(jsonWords) ?? response.firstLine
        let line = InertText.joinedLine(scrub(said)).trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : line.excerpt(wordsLength)
    }

    /// From a JSON answer: PagerDuty's `message` and `errors` (`Event object is invalid: Length of 'routing_key' is
    /// incorrect`), Slack's `error` (`invalid_blocks`), or the like from a webhook; nil when none is there.
    private static func jsonWords(_ value: JSONValue) -> String? {
        guard case .object(let fields) = value else { return nil }
        func text(_ key: String) -> String? {
            guard case .string(let text)? = fields[key], !text.isEmpty else { return nil }
            return text
        }
        var errors: [String] = []
        if case .array(let items)? = fields["errors"] {
            errors = items.compactMap { item in
                guard case .string(let text) = item else { return nil }
                return text
            }
        }
        let head = text("message") ?? text("error") ?? text("status")
        switch (head, errors.isEmpty) {
        case (let head?, true): return head
        case (let head?, false): return head + ": " + errors.joined(separator: "; ")
        case (nil, false): return errors.joined(separator: "; ")
        case (nil, true): return nil
        }
    }
}
