import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomCore

/// The requests notices make, checked against each service's documented format by decoding them into structs that
/// list every documented field and refusing any other.
@Suite struct NoticePayloadTests {
    static let slack = NotifyTarget.Destination.slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL"))
    static let pagerDuty = NotifyTarget.Destination.pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: nil)
    static let hook = NotifyTarget.Destination.webhook(url: "https://hooks.example.com/warroom", secret: SecretReference(variable: "HOOK_TOKEN"))
    static let environment = ["SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T000/B000/s3cretSlackToken",
                              "PD_ROUTING_KEY": "0123456789abcdef0123456789abcdef", "HOOK_TOKEN": "hook-s3cret"]

    /// The notices the evaluator makes, made by the evaluator's own code from the fixture plan.
    static func notice(_ event: JournalEvent, told: NotifyEvent, actor: String = "warroom") throws -> Notice {
        var plan = try Fixture.plan()
        plan.communication.escalation = ["on-call", "Priya Raman"]
        let target = NotifyTarget(name: "ops", destination: slack)
        plan.notify = [target]
        var state = AppState(plan: plan, session: "s1", now: Fixture.t0.addingTimeInterval(60))
        _ = state.apply(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: "s1", event: .releaseStarted(t0: Fixture.t0))))
        let entry = JournalEntry(seq: 2, time: Fixture.t0.addingTimeInterval(42.25), actor: actor, session: "s1", event: event)
        return state.notice(of: NoticeSource(entry: entry, event: told), for: target)
    }

    static func firing() throws -> Notice {
        try notice(.triggerFiring(trigger: "error_rate > 2% for 5m", value: 3.2), told: .triggerFiring)
    }

    static func resolved() throws -> Notice {
        try notice(.triggerResolved(trigger: "error_rate > 2% for 5m", value: 0.5), told: .triggerResolved)
    }

    static func promoted() throws -> Notice {
        try notice(.stagePromoted(from: 0, to: 1, stage: "Canary 50%"), told: .stagePromoted, actor: "sam")
    }

    /// A notice whose every text is hostile.
    static func hostile(_ text: String) -> Notice {
        Notice(source: "s1/1000/update_posted", target: "ops", event: .updatePosted, at: Fixture.t0,
               summary: "summary " + text, body: "body " + text + "\n<!channel> <@U123> <!here> & done",
               details: [.init("by", text), .init(text, "value")], dedupKey: nil, severity: .info)
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    func revealed(_ payload: NoticePayload, _ environment: [String: String] = Self.environment) throws -> NoticePayload.Revealed {
        try payload.revealed(in: environment).get()
    }

    /// Every string in a decoded JSON value, names and values.
    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let array as [Any]: array.flatMap(strings)
        case let object as [String: Any]: object.flatMap { [$0.key] + strings(in: $0.value) }
        default: []
        }
    }

    func header(_ name: String, _ request: NoticePayload.Revealed) -> String? {
        request.headers.first { $0.name == name }?.value
    }

    // MARK: Slack

    /// Slack's incoming webhook message as we send it: `text` and nothing else.
    struct SlackMessage: Decodable {
        var text: String
        static let fields: Set<String> = ["text", "blocks", "attachments", "thread_ts", "mrkdwn"]
    }

    @Test func aSlackMessageIsTheSummaryInBoldThenTheBodyThenTheDetails() throws {
        let notice = try Self.firing()
        let payload = NoticePayload(notice: notice, destination: Self.slack)
        #expect(payload.kind == .slackMessage)
        #expect(payload.url?.redacted == "${SLACK_WEBHOOK_URL}")
        let request = try revealed(payload)
        #expect(request.url == Self.environment["SLACK_WEBHOOK_URL"])
        #expect(Set(try object(request.body).keys).isSubset(of: SlackMessage.fields))
        let lines = try decode(SlackMessage.self, request.body).text.components(separatedBy: "\n")
        #expect(lines == [
            "*checkout 2.14.0: rollback trigger FIRING: error_rate &gt; 2% for 5m (3.2%)*",
            "Escalate: on-call → Priya Raman",
            "release: checkout 2.14.0 · stage: 1/3 Canary 5% · since T0: T+42s · trigger: error_rate &gt; 2% for 5m · value: 3.2%",
        ])
        #expect(header("Content-Type", request) == "application/json")
        #expect(header("User-Agent", request) == "warroom/\(WarroomVersion.current)")
        #expect(header("Idempotency-Key", request) == nil && header("Authorization", request) == nil)
    }

    @Test func aSlackMessagePingsNobodyAndCarriesNoControl() throws {
        for text in HostileText.corpus + ["<!channel> <@U123> <!subteam^S1> <https://evil.example|click> a&b"] {
            let payload = NoticePayload(notice: Self.hostile(text), destination: Self.slack)
            let body = payload.body.redacted
            #expect(HostileText.rawControls(in: body, allowing: ["\n"]).isEmpty, "the document's bytes: \(text)")
            let message = try decode(SlackMessage.self, body).text
            #expect(HostileText.rawControls(in: message).isEmpty, "the text Slack reads: \(text)")
            #expect(!message.contains("<") && !message.contains(">"), "no mention, no link: \(message)")
            // Every & begins one of the three entities Slack reads, so none is markup.
            var rest = Substring(message)
            while let ampersand = rest.firstIndex(of: "&") {
                let tail = rest[ampersand...]
                #expect(tail.hasPrefix("&amp;") || tail.hasPrefix("&lt;") || tail.hasPrefix("&gt;"), "\(tail.prefix(8))")
                rest = rest[rest.index(after: ampersand)...]
            }
            #expect(message.contains("&lt;!channel&gt; &lt;@U123&gt; &lt;!here&gt; &amp; done"))
        }
    }

    @Test func aLongSlackMessageIsCutToSlacksLimitNeverInsideAnEntity() throws {
        for padding in 0..<5 {
            var notice = Self.hostile("x")
            notice.body = String(repeating: "a", count: 39_990 + padding) + String(repeating: "<", count: 40)
            notice.details = []
            let text = try decode(SlackMessage.self, NoticePayload(notice: notice, destination: Self.slack).body.redacted).text
            #expect(text.utf16.count <= 40_000)
            #expect(text.hasSuffix("…"))
            let beforeEllipsis = text.dropLast()
            #expect(beforeEllipsis.hasSuffix("a") || beforeEllipsis.hasSuffix("&lt;"), "\(beforeEllipsis.suffix(6))")
        }
    }

    // MARK: PagerDuty

    /// Events API v2, an alert event: every documented field; `routing_key` and `event_action` required.
    struct PagerDutyAlert: Decodable {
        struct Payload: Decodable {
            var summary: String
            var source: String
            var severity: Notice.Severity
            var timestamp: String?
            var component: String?
            var group: String?
            var `class`: String?
            var custom_details: [String: String]?
            static let fields: Set<String> = ["summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details"]
        }
        struct Link: Decodable { var href: String; var text: String? }
        struct Image: Decodable { var src: String; var href: String?; var alt: String? }
        enum Action: String, Decodable { case trigger, acknowledge, resolve }
        var routing_key: String
        var event_action: Action
        var dedup_key: String?
        var payload: Payload?
        var images: [Image]?
        var links: [Link]?
        var client: String?
        var client_url: String?
        static let fields: Set<String> = ["routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url"]
    }

    /// Events API v2, a change event.
    struct PagerDutyChange: Decodable {
        struct Payload: Decodable {
            var summary: String
            var timestamp: String?
            var source: String?
            var custom_details: [String: String]?
            static let fields: Set<String> = ["summary", "timestamp", "source", "custom_details"]
        }
        var routing_key: String
        var payload: Payload
        var links: [PagerDutyAlert.Link]?
        static let fields: Set<String> = ["routing_key", "payload", "links"]
    }

    func isoDate(_ text: String?) -> Date? {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return text.flatMap(format.date(from:))
    }

    @Test func aFiringTriggerOpensAPagerDutyAlertByItsDedupKey() throws {
        let notice = try Self.firing()
        let payload = NoticePayload(notice: notice, destination: Self.pagerDuty)
        #expect(payload.kind == .pagerDuty(.trigger))
        #expect(payload.url?.redacted == "https://events.pagerduty.com/v2/enqueue")
        let request = try revealed(payload)
        let document = try object(request.body)
        #expect(Set(document.keys).isSubset(of: PagerDutyAlert.fields), "\(document.keys)")
        #expect(Set(try #require(document["payload"] as? [String: Any]).keys).isSubset(of: PagerDutyAlert.Payload.fields))
        let alert = try decode(PagerDutyAlert.self, request.body)
        #expect(alert.routing_key == Self.environment["PD_ROUTING_KEY"])
        #expect(alert.event_action == .trigger)
        #expect(alert.dedup_key == notice.dedupKey && alert.dedup_key == "warroom/checkout/2.14.0/error_rate > 2% for 5m")
        let body = try #require(alert.payload)
        #expect(body.summary == notice.summary)
        #expect(body.severity == .critical && notice.severity == .critical)
        #expect(body.source == "checkout 2.14.0")
        #expect(isoDate(body.timestamp) == notice.at, "\(body.timestamp ?? "none")")
        #expect(body.component == "error_rate > 2% for 5m" && body.group == "1/3 Canary 5%" && body.class == "trigger firing")
        #expect(body.custom_details?["value"] == "3.2%" && body.custom_details?["body"] == "Escalate: on-call → Priya Raman")
        #expect(alert.client == "warroom")
    }

    @Test func aResolvedTriggerSendsTheDocumentedResolveAlone() throws {
        let notice = try Self.resolved()
        let payload = NoticePayload(notice: notice, destination: Self.pagerDuty)
        #expect(payload.kind == .pagerDuty(.resolve))
        #expect(payload.url?.redacted == "https://events.pagerduty.com/v2/enqueue")
        let request = try revealed(payload)
        #expect(Set(try object(request.body).keys) == ["routing_key", "dedup_key", "event_action"])
        let resolve = try decode(PagerDutyAlert.self, request.body)
        let firing = try Self.firing()
        #expect(resolve.event_action == .resolve && resolve.dedup_key == firing.dedupKey)
        #expect(resolve.routing_key == Self.environment["PD_ROUTING_KEY"])
    }

    @Test func everyOtherEventIsAPagerDutyChangeEvent() throws {
        var unkeyed = try Self.firing()
        unkeyed.dedupKey = nil
        for notice in [try Self.promoted(), unkeyed, Self.hostile("x")] {
            let payload = NoticePayload(notice: notice, destination: Self.pagerDuty)
            #expect(payload.kind == .pagerDuty(.change))
            #expect(payload.url?.redacted == "https://events.pagerduty.com/v2/change/enqueue")
            let body = try revealed(payload).body
            let document = try object(body)
            #expect(Set(document.keys).isSubset(of: PagerDutyChange.fields), "\(document.keys)")
            #expect(Set(try #require(document["payload"] as? [String: Any]).keys).isSubset(of: PagerDutyChange.Payload.fields))
            let change = try decode(PagerDutyChange.self, body)
            #expect(change.payload.summary == notice.summary)
            #expect(isoDate(change.payload.timestamp) == notice.at)
        }
        let promotion = try decode(PagerDutyChange.self, NoticePayload(notice: try Self.promoted(), destination: Self.pagerDuty).body.redacted)
        #expect(promotion.payload.custom_details?["by"] == "sam" && promotion.payload.source == "checkout 2.14.0")
    }

    @Test func pagerDutyDropsARepeatExactlyOfTheEventsItDeduplicates() throws {
        for notice in [try Self.firing(), try Self.resolved(), try Self.promoted(), Self.hostile("x")] {
            #expect(PagerDutyEvent(notice).dropsRepeats == Self.pagerDuty.dropsRepeats(of: notice), "\(notice.event)")
        }
    }

    @Test func aPagerDutySummaryIsCutTo1024Characters() throws {
        for filler in ["a", "é", "👨‍👩‍👧", "\u{1B}"] {
            var notice = try Self.firing()
            notice.summary = String(repeating: filler, count: 3000)
            let alert = try decode(PagerDutyAlert.self, NoticePayload(notice: notice, destination: Self.pagerDuty).body.redacted)
            let summary = try #require(alert.payload?.summary)
            #expect(summary.utf16.count <= 1024 && summary.unicodeScalars.count <= 1024 && summary.count <= 1024)
            #expect(summary.utf16.count > 1000 || filler == "👨‍👩‍👧", "cut near the limit, not far below: \(summary.utf16.count)")
            #expect(summary.hasSuffix("…"))
        }
    }

    @Test func anotherEventsURLReplacesPagerDutysHost() throws {
        let eu = NotifyTarget.Destination.pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"),
                                                     eventsURL: "https://events.eu.pagerduty.com/")
        #expect(NoticePayload(notice: try Self.firing(), destination: eu).url?.redacted == "https://events.eu.pagerduty.com/v2/enqueue")
        let proxied = NotifyTarget.Destination.pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: "${PD_PROXY}")
        let payload = NoticePayload(notice: try Self.promoted(), destination: proxied)
        #expect(payload.url?.redacted == "${PD_PROXY}/v2/change/enqueue")
        var environment = Self.environment
        environment["PD_PROXY"] = "http://proxy.internal:8080/pd"
        #expect(try revealed(payload, environment).url == "http://proxy.internal:8080/pd/v2/change/enqueue")
    }

    // MARK: Generic webhook

    /// The generic webhook's document, version 1, exactly as docs/notifications.md lists it.
    struct WebhookDocument: Decodable {
        var version: Int
        var id: String
        var event: NotifyEvent
        var time: String?
        var target: String
        var summary: String
        var body: String?
        var severity: Notice.Severity
        var dedup_key: String?
        var details: [String: String]
        static let fields: Set<String> = ["version", "id", "event", "time", "target", "summary", "body", "severity", "dedup_key", "details"]
    }

    @Test func aWebhookGetsTheVersionedDocumentWithItsIdempotencyKey() throws {
        let notice = try Self.firing()
        let payload = NoticePayload(notice: notice, destination: Self.hook)
        #expect(payload.kind == .webhook)
        let request = try revealed(payload)
        #expect(request.url == "https://hooks.example.com/warroom")
        #expect(Set(try object(request.body).keys) == WebhookDocument.fields, "every field, null when empty")
        let document = try decode(WebhookDocument.self, request.body)
        #expect(document.version == 1 && document.id == notice.id && document.event == .triggerFiring && document.target == "ops")
        #expect(isoDate(document.time) == notice.at)
        #expect(document.summary == notice.summary && document.body == notice.body && document.severity == .critical)
        #expect(document.dedup_key == notice.dedupKey)
        #expect(document.details == Dictionary(uniqueKeysWithValues: notice.details.map { ($0.name, $0.value) }))
        #expect(header("Content-Type", request) == "application/json")
        #expect(header("User-Agent", request) == "warroom/\(WarroomVersion.current)")
        #expect(header("Authorization", request) == "Bearer hook-s3cret")
        // The id holds spaces and a `%`: percent-encoded, and decoding gives the id back.
        let key = try #require(header("Idempotency-Key", request))
        #expect(key.allSatisfy { $0.isASCII && !$0.isWhitespace } && key.removingPercentEncoding == notice.id, "\(key)")
        #expect(payload.displayed.contains("Authorization: Bearer ${HOOK_TOKEN}"))
    }

    @Test func aWebhookWithoutASecretSendsNoAuthorizationAndNullsWhatItLacks() throws {
        let payload = NoticePayload(notice: try Self.promoted(), destination: .webhook(url: "http://127.0.0.1:9/hook", secret: nil))
        #expect(payload.secrets.isEmpty)
        let request = try revealed(payload, [:])
        #expect(header("Authorization", request) == nil)
        let document = try object(request.body)
        #expect(document["body"] is NSNull && document["dedup_key"] is NSNull)
    }

    @Test func hostileTextLeavesNoControlInAnyDocumentOrHeader() throws {
        for text in HostileText.corpus + ["\r\nX-Injected: 1", "line\u{2028}separator"] {
            var notice = Self.hostile(text)
            notice.id = "s1/1000/update_posted/" + text + ">ops"
            notice.target = text
            notice.dedupKey = text
            for destination in [Self.slack, Self.pagerDuty, Self.hook] {
                let payload = NoticePayload(notice: notice, destination: destination)
                let request = try revealed(payload)
                #expect(HostileText.rawControls(in: request.body, allowing: ["\n"]).isEmpty, "\(destination): \(text)")
                for (name, value) in request.headers {
                    #expect(value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(name): \(value)")
                }
                // What a receiver reads, once decoded, holds no control either (line feeds and tabs of a body aside).
                let decoded = try JSONSerialization.jsonObject(with: Data(request.body.utf8))
                for string in Self.strings(in: decoded) {
                    #expect(HostileText.rawControls(in: string).isEmpty, "\(destination): \(string)")
                }
            }
        }
    }

    // MARK: Secrets

    @Test func theDisplayedRequestNamesEverySecretAndTheSentOneDiffersOnlyByThem() throws {
        for (destination, variables) in [(Self.slack, ["SLACK_WEBHOOK_URL"]), (Self.pagerDuty, ["PD_ROUTING_KEY"]), (Self.hook, ["HOOK_TOKEN"])] {
            let payload = NoticePayload(notice: try Self.firing(), destination: destination)
            #expect(payload.secrets.map(\.reference.variable) == variables)
            for value in Self.environment.values { #expect(!payload.displayed.contains(value)) }
            let request = try revealed(payload)
            let unrevealed = request.secretValues.reduce(request.body) { $0.replacingOccurrences(of: $1.value, with: $1.reference.description) }
            #expect(unrevealed == payload.body.redacted, "the exact body shown is the body sent")
            #expect(!"\(request)".contains("s3cret") && !String(reflecting: request).contains("s3cret"))
        }
        #expect(NoticePayload(notice: try Self.firing(), destination: Self.pagerDuty).body.redacted
            .contains(#""routing_key": "${PD_ROUTING_KEY}""#))
    }

    @Test func aMissingSecretIsRefusedNamingTheVariableAndTheFix() throws {
        let payload = NoticePayload(notice: try Self.firing(), destination: Self.slack)
        for environment in [[:], ["SLACK_WEBHOOK_URL": ""], ["SLACK_WEBHOOK_URL": "  \n"]] {
            #expect(throws: NoticePayload.Problem.unset(SecretReference(variable: "SLACK_WEBHOOK_URL"), role: "the Slack webhook URL")) {
                try payload.revealed(in: environment).get()
            }
        }
        #expect(NoticePayload.Problem.unset(SecretReference(variable: "SLACK_WEBHOOK_URL"), role: "the Slack webhook URL").words
            == "the Slack webhook URL is not set: set SLACK_WEBHOOK_URL in the evaluating war room's environment")
        let pagerDuty = NoticePayload(notice: try Self.firing(), destination: Self.pagerDuty)
        #expect(throws: NoticePayload.Problem.unset(SecretReference(variable: "PD_ROUTING_KEY"), role: "the PagerDuty routing key")) {
            try pagerDuty.revealed(in: ["SLACK_WEBHOOK_URL": "https://hooks.slack.com/x"]).get()
        }
    }

    @Test func aSecretValueIsTrimmedAndOneThatWouldBreakTheRequestIsRefused() throws {
        let payload = NoticePayload(notice: try Self.firing(), destination: Self.hook)
        #expect(header("Authorization", try revealed(payload, ["HOOK_TOKEN": " tok \n"])) == "Bearer tok")
        for bad in ["s3cr3t\r\nX-Injected: 1", "s3cr\u{0}3t", "s3crét"] {
            let problem = NoticePayload.Problem.unusable(SecretReference(variable: "HOOK_TOKEN"), role: "the webhook's bearer token")
            #expect(throws: problem) { try payload.revealed(in: ["HOOK_TOKEN": bad]).get() }
            #expect(!problem.words.contains("s3cr"))
        }
    }

    @Test func aURLThatIsNotHTTPOrMissingIsRefused() throws {
        let ftp = NoticePayload(notice: try Self.firing(), destination: .webhook(url: "ftp://files.example.com/x", secret: nil))
        #expect(throws: NoticePayload.Problem.notHTTP(shown: "the URL ftp://files.example.com/x")) { try ftp.revealed(in: [:]).get() }
        let slack = NoticePayload(notice: try Self.firing(), destination: Self.slack)
        let refused = #expect(throws: NoticePayload.Problem.self) { try slack.revealed(in: ["SLACK_WEBHOOK_URL": "hooks.slack.com/services/s3cret"]).get() }
        #expect(refused == .notHTTP(shown: "the URL in SLACK_WEBHOOK_URL"))
        #expect(refused.map { !$0.words.contains("s3cret") } == true)
        let none = NoticePayload(notice: try Self.firing(), destination: .webhook(url: nil, secret: nil))
        #expect(none.url == nil && none.displayed.hasPrefix("POST (no URL"))
        #expect(throws: NoticePayload.Problem.noURL) { try none.revealed(in: [:]).get() }
    }

    @Test func aWebhookURLNamedByAVariableIsASecret() throws {
        let payload = NoticePayload(notice: try Self.firing(), destination: .webhook(url: "${HOOK_URL}", secret: nil))
        #expect(payload.url?.redacted == "${HOOK_URL}" && payload.secrets.map(\.role) == ["the webhook URL"])
        #expect(try revealed(payload, ["HOOK_URL": "https://in.example.com/h"]).url == "https://in.example.com/h")
    }

    // MARK: The documentation

    /// The JSON examples of docs/notifications.md, in order.
    static func documentedExamples() throws -> [String] {
        let text = try Repository.text("docs/notifications.md")
        return text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    }

    @Test func theDocumentedExamplesAreWhatIsSent() throws {
        let examples = try Self.documentedExamples()
        let made = [NoticePayload(notice: try Self.firing(), destination: Self.slack),
                    NoticePayload(notice: try Self.firing(), destination: Self.pagerDuty),
                    NoticePayload(notice: try Self.resolved(), destination: Self.pagerDuty)].map(\.body.redacted)
        #expect(Array(examples.prefix(3)) == made)
        let webhook = NoticePayload(notice: try Self.firing(), destination: Self.hook).body.redacted
        #expect(examples.contains(webhook), "the generic webhook's example")
    }

    // MARK: The pieces

    @Test func jsonStringsRoundTripAndHoldNoRawControl() throws {
        let everyControl = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }
            + ["\u{7F}", "\u{85}", "\u{202E}", "\u{2028}"]))
        for text in HostileText.corpus + [everyControl, "quote \" backslash \\ slash /", ""] {
            let written = NoticeJSON.members([.init("k", .string(text))]).redacted
            #expect(HostileText.rawControls(in: written, allowing: ["\n"]).isEmpty)
            #expect(!written.contains("\u{2028}") && !written.contains("\u{85}"))
            let read = try #require(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: String])
            #expect(read == ["k": text])
        }
    }

    @Test func anObjectKeepsTheFirstOfARepeatedName() {
        #expect(NoticeJSON.members([.init("a", .int(1)), .init("a", .int(2)), .init("b", .null)])
            == .object([.init("a", .int(1)), .init("b", .null)]))
    }

    @Test func timestampsAreISO8601InUTCToTheMillisecond() {
        #expect(NoticePayload.timestamp(Date(timeIntervalSince1970: 1.25)) == "1970-01-01T00:00:01.250Z")
        #expect(NoticePayload.timestamp(Fixture.t0) == "2026-11-18T11:06:40.000Z")
        #expect(NoticePayload.timestamp(Date(timeIntervalSince1970: 1e15)) == nil)
    }
}
