import Foundation

/// The HTTP request a notice makes to its target: where it is posted, its headers and its JSON body, in the format the
/// service documents (docs/notifications.md). Worked out from the notice alone, so the comms view shows exactly what
/// is (or, for a withheld notice, would be) sent, with each secret named rather than revealed; the sender reveals them
/// from the environment (``revealed(in:)``) and posts the same text.
public struct NoticePayload: Sendable, Hashable {
    /// What the request is, so the sender knows how to read the answer.
    public enum Kind: Sendable, Hashable {
        case slackMessage
        case pagerDuty(PagerDutyEvent)
        case webhook
    }

    /// A header; its value may hold a secret (`Authorization: Bearer ${HOOK_TOKEN}`).
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: SecretText

        public init(_ name: String, _ value: SecretText) {
            self.name = name
            self.value = value
        }
    }

    /// A secret the request needs, and what it is in words (`the Slack webhook URL`), for a refusal that names it.
    public struct NeededSecret: Sendable, Hashable {
        public var reference: SecretReference
        public var role: String
    }

    public var kind: Kind
    /// Where it is posted; nil when the target names no URL.
    public var url: SecretText?
    public var headers: [Header]
    public var body: NoticeJSON
    /// Every secret it needs, in the order it uses them.
    public var secrets: [NeededSecret]

    /// Always POST.
    public static let method = "POST"

    public init(notice: Notice, destination: NotifyTarget.Destination) {
        var headers = [Header("Content-Type", SecretText("application/json")),
                       Header("User-Agent", SecretText("warroom/" + WarroomVersion.current))]
        var secrets: [NeededSecret]
        switch destination {
        case .slack(let webhook):
            kind = .slackMessage
            url = SecretText([.secret(webhook)])
            body = Self.slackMessage(notice)
            secrets = [NeededSecret(reference: webhook, role: "the Slack webhook URL")]
        case .pagerDuty(let routingKey, let eventsURL):
            let event = PagerDutyEvent(notice)
            let url = Self.pagerDutyURL(eventsURL, path: event.path)
            kind = .pagerDuty(event)
            self.url = url
            body = Self.pagerDutyBody(notice, event: event, routingKey: routingKey)
            secrets = url.secrets.map { NeededSecret(reference: $0, role: "the PagerDuty events URL") }
                + [NeededSecret(reference: routingKey, role: "the PagerDuty routing key")]
        case .webhook(let written, let secret):
            let url = written.map(SecretText.init(written:))
            kind = .webhook
            self.url = url
            body = Self.webhookDocument(notice)
            headers.append(Header("Idempotency-Key", SecretText(Self.headerSafe(notice.id))))
            secrets = (url?.secrets ?? []).map { NeededSecret(reference: $0, role: "the webhook URL") }
            if let secret {
                headers.append(Header("Authorization", SecretText([.text("Bearer "), .secret(secret)])))
                secrets.append(NeededSecret(reference: secret, role: "the webhook's bearer token"))
            }
        }
        self.headers = headers
        var seen: Set<SecretReference> = []
        self.secrets = secrets.filter { seen.insert($0.reference).inserted }
    }

    /// The whole request as the comms view shows it, every secret named: the request line, the headers, a blank line
    /// and the body, which is byte for byte the body sent but for the secrets.
    public var displayed: String {
        let target = url?.redacted ?? "(no URL: the plan names none for this target)"
        return ([Self.method + " " + target] + headers.map { "\($0.name): \($0.value.redacted)" } + ["", body.redacted])
            .joined(separator: "\n")
    }
}

/// Which of PagerDuty's Events API v2 events a notice is: a trigger's firing opens an alert and its resolve closes it,
/// both by the notice's `dedup_key`; everything else is a change event, which pages nobody.
public enum PagerDutyEvent: String, Sendable, Hashable {
    case trigger
    case resolve
    case change

    public init(_ notice: Notice) {
        switch (notice.event, notice.dedupKey) {
        case (.triggerFiring, _?): self = .trigger
        case (.triggerResolved, _?): self = .resolve
        case (.triggerFiring, nil), (.triggerResolved, nil), (.stagePromoted, _), (.rollback, _), (.decisionRecorded, _),
             (.updatePosted, _), (.releaseStarted, _), (.releaseDone, _):
            self = .change
        }
    }

    /// Where it is posted, after the events URL.
    public var path: String {
        switch self {
        case .trigger, .resolve: "/v2/enqueue"
        case .change: "/v2/change/enqueue"
        }
    }

    /// Whether PagerDuty folds a repeat into the first: an alert event by its `dedup_key`; a change event twice is
    /// two changes.
    public var dropsRepeats: Bool {
        switch self {
        case .trigger, .resolve: true
        case .change: false
        }
    }
}

extension NoticePayload {
    /// PagerDuty's documented host; a target's `eventsURL` replaces it.
    public static let pagerDutyEventsURL = "https://events.pagerduty.com"

    static func pagerDutyURL(_ eventsURL: String?, path: String) -> SecretText {
        let base = SecretText(written: eventsURL ?? pagerDutyEventsURL)
        let parts = base.parts.map { part -> SecretText.Part in
            guard case .text(let text) = part else { return part }
            return .text(String(text.reversed().drop { $0 == "/" }.reversed()))
        }
        return SecretText(parts + [.text(path)])
    }

    /// `2026-03-04T10:15:00.250Z`: ISO 8601 in UTC to the millisecond; nil for a date four digits cannot hold.
    public static func timestamp(_ date: Date) -> String? {
        guard let parts = UTCParts(date) else { return nil }
        var text = ""
        parts.appendDate(to: &text, separator: "T")
        text += "."
        UTCParts.pad(parts.millisecond, 3, &text)
        return text + "Z"
    }

    /// `text` cut at a character so it is at most `limit` UTF-16 code units long (never more characters, scalars or
    /// code units than a service counts), ending in `…` when cut.
    static func cut(_ text: String, toUTF16 limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        var used = 1  // the ellipsis
        for character in text {
            let size = character.utf16.count
            guard used + size <= limit else { break }
            kept.append(character)
            used += size
        }
        return kept + "…"
    }

    /// A header value from outside text: printable ASCII but `%` as it is, every other byte of its UTF-8
    /// percent-encoded, so no line break or control character can reach the request's head.
    static func headerSafe(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "%") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// The detail of that name, if the notice has one.
    static func detail(_ name: String, of notice: Notice) -> String? {
        notice.details.first { $0.name == name }?.value
    }

    /// The notice's details as object members, inert, each name once.
    static func detailMembers(_ notice: Notice) -> [NoticeJSON.Member] {
        notice.details.map { NoticeJSON.Member(InertText.joinedLine($0.name), .string(InertText.joinedLine($0.value))) }
    }
}
