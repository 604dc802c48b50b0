import Foundation

/// One notification for one target, as the evaluator queued it in the journal: what it says, worked out once, so
/// every war room's comms view, a replay and the post-mortem show the words that were sent. Secrets are not in it;
/// the sender adds them from the environment.
public struct Notice: Sendable, Codable, Hashable, Identifiable {
    /// The idempotency key: the entry it tells of and the target, the same in every war room that folds it. A
    /// webhook receives it as `Idempotency-Key`.
    public var id: String
    /// The entry it tells of, as a key (``NoticeSource/key``): every target's notice of one entry shares it.
    public var source: String
    public var target: String
    public var event: NotifyEvent
    /// When what it tells of happened.
    public var at: Date
    /// One line: `error_rate > 2% for 5m FIRING at 3.2%`. Slack's first line, PagerDuty's summary.
    public var summary: String
    /// Text after the summary: a status update's whole text, a decision's note.
    public var body: String?
    /// Facts as name and value, in order (release, stage, by…): PagerDuty's custom details, a webhook's `details`.
    public var details: [Detail]
    /// For PagerDuty, the alert a trigger's firing opens and its resolve closes: one per trigger of the release.
    public var dedupKey: String?
    public var severity: Severity
    /// Why it is only shown and never sent (the plan does not send and `--notify` was not given, a demo, too old to
    /// be news); nil for a notice that is sent.
    public var withheld: String?

    public var isSent: Bool { withheld == nil }

    public struct Detail: Sendable, Codable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// PagerDuty's severities, which the other services are told too.
    public enum Severity: String, Sendable, Codable, Hashable {
        case critical, error, warning, info
    }

    public init(source: String, target: String, event: NotifyEvent, at: Date, summary: String, body: String? = nil,
                details: [Detail] = [], dedupKey: String? = nil, severity: Severity = .info, withheld: String? = nil) {
        self.id = "\(source)>\(target)"
        self.source = source
        self.target = target
        self.event = event
        self.at = at
        self.summary = summary
        self.body = body
        self.details = details
        self.dedupKey = dedupKey
        self.severity = severity
        self.withheld = withheld
    }
}

/// How one attempt to send a notice ended, as the evaluator journals it.
public struct NoticeDelivery: Sendable, Codable, Hashable {
    public enum Outcome: Sendable, Codable, Hashable {
        /// The service took it: its status and, in words, what it answered.
        case sent(status: Int, answer: String?)
        /// Not taken this time; tried again at `retryAt`.
        case failed(reason: String, retryAt: Date)
        /// Not taken, and not tried again: the service refused it for good, or every attempt failed.
        case gaveUp(reason: String)
        /// The war room that was sending stopped before it could say how it went, and the target would not drop a
        /// repeat: not sent again, so it is never doubled. People check the channel.
        case unknown(reason: String)
    }

    public var notice: String
    public var attempt: Int
    public var outcome: Outcome

    public init(notice: String, attempt: Int, outcome: Outcome) {
        self.notice = notice
        self.attempt = attempt
        self.outcome = outcome
    }
}

/// What the sender reports of one attempt, before the evaluator applies its retry policy.
public enum SendResult: Sendable, Hashable {
    case sent(status: Int, answer: String?)
    /// Worth another try: a timeout, a refused connection, a 5xx, a 429 (with the wait it asked for, if any).
    case retryable(reason: String, retryAfter: TimeInterval?)
    /// Another try would be refused the same way: a 4xx, a secret missing from the environment.
    case refused(reason: String)
    /// No answer, but the request may have reached the service (a timeout, a connection lost mid-exchange): another
    /// try is safe only where the receiver drops a repeat.
    case uncertain(reason: String)
}

/// A notice for the runtime to send, and which attempt this is.
public struct NoticeRequest: Sendable, Hashable {
    public var notice: Notice
    public var attempt: Int

    public init(notice: Notice, attempt: Int) {
        self.notice = notice
        self.attempt = attempt
    }
}

/// A status update a person posted: the text as they edited it.
public struct StatusUpdate: Sendable, Codable, Hashable {
    public var text: String
    /// The file this war room also wrote it to, when the person asked.
    public var file: String?

    public init(text: String, file: String? = nil) {
        self.text = text
        self.file = file
    }
}

extension NoticeDelivery.Outcome {
    /// In words: `sent (HTTP 202)`, `failed: HTTP 503; retrying at 14:02:10 UTC`, `gave up: HTTP 404 no_service`.
    public var words: String {
        switch self {
        case .sent(let status, let answer): "sent (HTTP \(status)\(answer.map { " " + $0 } ?? ""))"
        case .failed(let reason, let retryAt): "failed: \(reason); retrying at \(UTCParts.clock(retryAt) ?? "?") UTC"
        case .gaveUp(let reason): "gave up: \(reason)"
        case .unknown(let reason): "unknown: \(reason)"
        }
    }

    public var isSent: Bool {
        switch self {
        case .sent: true
        case .failed, .gaveUp, .unknown: false
        }
    }
}

extension StatusUpdate {
    /// The first line that says something, for lists and timelines.
    public var headline: String {
        text.split(whereSeparator: \.isNewline).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }
}
