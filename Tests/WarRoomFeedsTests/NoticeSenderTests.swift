import WarRoomTestSupport
import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds
#if canImport(Glibc)
import Glibc
#endif

/// Sending notices over real HTTP to a server on loopback: what each answer becomes, and that no secret is ever in it.
@Suite(.timeLimit(.minutes(1))) struct NoticeSenderTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let slackToken = "T0001/B0002/s3cretSlackToken"
    static let routingKey = "0123456789abcdef0123456789abcdef"
    static let hookToken = "hook-s3cret-token"

    static let notice = Notice(source: "s1/1795000042250/trigger_firing/error_rate > 2% for 5m", target: "ops",
                               event: .triggerFiring, at: now, summary: "checkout 2.14.0: rollback trigger FIRING: error_rate > 2% for 5m (3.2%)",
                               details: [.init("release", "checkout 2.14.0"), .init("trigger", "error_rate > 2% for 5m")],
                               dedupKey: "warroom/checkout/2.14.0/error_rate > 2% for 5m", severity: .critical)

    static let change = Notice(source: "s1/1795000100000/stage_promoted", target: "ops", event: .stagePromoted, at: now,
                               summary: "checkout 2.14.0: promoted to stage 2/3 Canary 50% by sam",
                               details: [.init("release", "checkout 2.14.0"), .init("by", "sam")])

    func sender(_ environment: [String: String], timeout: TimeInterval = 5) -> NoticeSender {
        NoticeSender(environment: environment, timeout: timeout, now: { Self.now })
    }

    func slack(_ server: LocalHTTPServer) -> (NotifyTarget, [String: String]) {
        (NotifyTarget(name: "ops", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL"))),
         ["SLACK_WEBHOOK_URL": server.url + "/services/" + Self.slackToken])
    }

    func pagerDuty(_ server: LocalHTTPServer) -> (NotifyTarget, [String: String]) {
        (NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: server.url)),
         ["PD_ROUTING_KEY": Self.routingKey])
    }

    func hook(_ url: String) -> (NotifyTarget, [String: String]) {
        (NotifyTarget(name: "hook", destination: .webhook(url: url, secret: SecretReference(variable: "HOOK_TOKEN"))),
         ["HOOK_TOKEN": Self.hookToken])
    }

    /// Whether `result` mentions any secret the tests use, in any form.
    func leaks(_ result: SendResult) -> Bool {
        let text = "\(result)"
        return [Self.slackToken, "s3cretSlackToken", Self.routingKey, Self.hookToken].contains { text.contains($0) }
    }

    // MARK: Taken

    @Test func slackTakesAMessageAndAnswersOk() async throws {
        let server = try LocalHTTPServer(status: 200, body: "ok")
        defer { server.stop() }
        let (target, environment) = slack(server)
        let result = await sender(environment).send(Self.notice, to: target)
        #expect(result == .sent(status: 200, answer: "ok"))
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST" && request.path == "/services/" + Self.slackToken)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["user-agent"] == "warroom/\(WarroomVersion.current)")
        // The body posted is the one the comms view shows, byte for byte (a Slack body holds no secret).
        #expect(request.bodyText == NoticePayload(notice: Self.notice, destination: target.destination).body.redacted)
        let text = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])["text"]
        #expect(text?.hasPrefix("*checkout 2.14.0: rollback trigger FIRING: error_rate &gt; 2% for 5m (3.2%)*") == true)
    }

    @Test func pagerDutyAcceptsAnEventWithItsMessage() async throws {
        let server = try LocalHTTPServer { _ in
            .respond(status: 202, body: #"{"status":"success","message":"Event processed","dedup_key":"warroom/checkout"}"#,
                     contentType: "application/json")
        }
        defer { server.stop() }
        let (target, environment) = pagerDuty(server)
        #expect(await sender(environment).send(Self.notice, to: target) == .sent(status: 202, answer: "Event processed"))
        #expect(await sender(environment).send(Self.change, to: target) == .sent(status: 202, answer: "Event processed"))
        #expect(server.requests.map(\.path) == ["/v2/enqueue", "/v2/change/enqueue"])
        let trigger = try #require(try JSONSerialization.jsonObject(with: server.requests[0].body) as? [String: Any])
        #expect(trigger["routing_key"] as? String == Self.routingKey)
        #expect(trigger["event_action"] as? String == "trigger" && trigger["dedup_key"] as? String == Self.notice.dedupKey)
    }

    @Test func aWebhookGetsItsIdempotencyKeyAndBearerToken() async throws {
        let server = try LocalHTTPServer(status: 204, body: "")
        defer { server.stop() }
        let (target, environment) = hook(server.url + "/in?team=ops")
        #expect(await sender(environment).send(Self.notice, to: target) == .sent(status: 204, answer: nil))
        let request = try #require(server.requests.first)
        #expect(request.target == "/in?team=ops")
        #expect(request.headers["authorization"] == "Bearer " + Self.hookToken)
        #expect(request.headers["idempotency-key"]?.removingPercentEncoding == Self.notice.id)
        #expect(request.headers["content-length"] == String(request.body.count) && !request.body.isEmpty)
        let document = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(document["version"] as? Int == 1 && document["id"] as? String == Self.notice.id)
    }

    // MARK: Refused

    @Test func aRefusalCarriesTheServicesWords() async throws {
        let server = try LocalHTTPServer(status: 200, body: "")
        defer { server.stop() }
        let (slackTarget, slackEnvironment) = slack(server)
        for (status, words) in [(400, "invalid_payload"), (403, "invalid_token"), (404, "no_service"), (410, "channel_is_archived")] {
            server.answer { _ in .respond(status: status, body: words) }
            #expect(await sender(slackEnvironment).send(Self.notice, to: slackTarget) == .refused(reason: "HTTP \(status) \(words)"))
        }
        server.answer { _ in
            .respond(status: 400, body: #"{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]}"#,
                     contentType: "application/json")
        }
        let (pagerTarget, pagerEnvironment) = pagerDuty(server)
        #expect(await sender(pagerEnvironment).send(Self.notice, to: pagerTarget) == .refused(
            reason: "HTTP 400 Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)"))
        server.answer { _ in .respond(status: 422, body: "\n  unknown event \u{1B}[31mkind\n<html>") }
        let (hookTarget, hookEnvironment) = hook(server.url + "/in")
        #expect(await sender(hookEnvironment).send(Self.notice, to: hookTarget) == .refused(reason: "HTTP 422 unknown event ␛[31mkind"))
    }

    @Test func aRedirectIsRefusedAndNotFollowed() async throws {
        let server = try LocalHTTPServer { request in
            request.path == "/moved" ? .respond(status: 200, body: "ok") : .respond(status: 301, body: "", headers: ["Location": "/moved"])
        }
        defer { server.stop() }
        let (target, environment) = slack(server)
        let result = await sender(environment).send(Self.notice, to: target)
        guard case .refused(let reason) = result else { Issue.record("\(result)"); return }
        #expect(reason.hasPrefix("HTTP 301: a redirect, not followed"))
        #expect(server.requests.map(\.path) == ["/services/" + Self.slackToken])
    }

    // MARK: Worth another try

    @Test func aRateLimitSaysHowLongToWaitInSecondsOrAsADate() async throws {
        let server = try LocalHTTPServer { _ in .respond(status: 429, body: "rate_limited", headers: ["Retry-After": "30"]) }
        defer { server.stop() }
        let (target, environment) = slack(server)
        #expect(await sender(environment).send(Self.notice, to: target) == .retryable(reason: "HTTP 429 rate_limited", retryAfter: 30))
        server.answer { _ in .respond(status: 429, body: "", headers: ["Retry-After": "Wed, 18 Nov 2026 11:08:10 GMT"]) }
        #expect(await sender(environment).send(Self.notice, to: target) == .retryable(reason: "HTTP 429", retryAfter: 90),
                "90 s after the sender's now, 11:06:40")
        server.answer { _ in .respond(status: 429, body: "", headers: ["Retry-After": "soon"]) }
        #expect(await sender(environment).send(Self.notice, to: target) == .retryable(reason: "HTTP 429", retryAfter: nil))
    }

    @Test func aServerErrorOrATimeoutStatusIsWorthAnotherTry() async throws {
        let server = try LocalHTTPServer(status: 500, body: "")
        defer { server.stop() }
        let (target, environment) = pagerDuty(server)
        for (status, body) in [(500, ""), (502, "bad gateway"), (503, "rollup_error"), (408, ""), (425, "")] {
            server.answer { _ in .respond(status: status, body: body) }
            #expect(await sender(environment).send(Self.notice, to: target)
                == .retryable(reason: "HTTP \(status)" + (body.isEmpty ? "" : " " + body), retryAfter: nil))
        }
        server.answer { _ in .respond(status: 503, body: "", headers: ["Retry-After": "120"]) }
        #expect(await sender(environment).send(Self.notice, to: target) == .retryable(reason: "HTTP 503", retryAfter: 120))
    }

    @Test func aServerThatNeverAnswersTimesOutSoon() async throws {
        let server = try LocalHTTPServer { _ in .silence }
        defer { server.stop() }
        let (target, environment) = slack(server)
        let started = ContinuousClock.now
        let result = await sender(environment, timeout: 0.5).send(Self.notice, to: target)
        let elapsed = ContinuousClock.now - started
        // The request reached the server: it may have been taken, so whether to try again is the evaluator's call.
        #expect(result == .uncertain(reason: "no answer within 0.5s"))
        // Only the timeout can end it; loose, since a loaded machine may hold the async threads for seconds.
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(30), "took \(elapsed)")
        #expect(server.requests.count == 1, "the request reached the server")
    }

    @Test func aRefusedConnectionIsWorthAnotherTryAndNamesOnlyTheHost() async throws {
        let (port, descriptor) = try LocalHTTPServer.refusingPort()
        defer { close(descriptor) }
        let target = NotifyTarget(name: "ops", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL")))
        let result = await sender(["SLACK_WEBHOOK_URL": "http://127.0.0.1:\(port)/services/" + Self.slackToken]).send(Self.notice, to: target)
        #expect(result == .retryable(reason: "could not connect to http://127.0.0.1:\(port) (connection refused, or host unreachable)",
                                     retryAfter: nil))
    }

    @Test func anUnknownHostIsWorthAnotherTry() async throws {
        // `.invalid` never resolves (RFC 6761); without a resolver at hand the timeout ends it instead.
        let (target, environment) = hook("http://warroom-notice-test.invalid/in")
        let result = await sender(environment, timeout: 3).send(Self.notice, to: target)
        guard case .retryable(let reason, nil) = result else { Issue.record("\(result)"); return }
        #expect(reason.contains("warroom-notice-test.invalid") || reason.hasPrefix("no answer within"), "\(reason)")
    }

    // MARK: Never sent, never leaked

    /// Unset here, perhaps set where the next evaluator runs: retried, not given up, and nothing is sent meanwhile.
    @Test func aMissingVariableIsRetriedWithTheFixAndNothingIsSent() async throws {
        let server = try LocalHTTPServer(status: 200, body: "ok")
        defer { server.stop() }
        let (target, _) = slack(server)
        #expect(await sender([:]).send(Self.notice, to: target) == .retryable(
            reason: "the Slack webhook URL is not set: set SLACK_WEBHOOK_URL in the evaluating war room's environment", retryAfter: nil))
        let (pager, _) = pagerDuty(server)
        #expect(await sender(["PD_ROUTING_KEY": ""]).send(Self.notice, to: pager) == .retryable(
            reason: "the PagerDuty routing key is not set: set PD_ROUTING_KEY in the evaluating war room's environment", retryAfter: nil))
        #expect(server.requests.isEmpty)
    }

    @Test func aBadURLIsRefusedWithoutShowingIt() async throws {
        let target = NotifyTarget(name: "ops", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL")))
        for url in ["not a url " + Self.slackToken, "http://", "https:///services/" + Self.slackToken] {
            let result = await sender(["SLACK_WEBHOOK_URL": url]).send(Self.notice, to: target)
            guard case .refused(let reason) = result else { Issue.record("\(url): \(result)"); continue }
            #expect(reason.contains("SLACK_WEBHOOK_URL") && !leaks(result), "\(reason)")
        }
    }

    @Test func noReasonEverHoldsASecretEvenWhenTheServerEchoesTheRequest() async throws {
        // An error page that quotes everything it was sent: the path, every header, the body.
        let server = try LocalHTTPServer { request in
            let echo = "\(request.target) \(request.headers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) "
                + request.bodyText.replacingOccurrences(of: "\n", with: " ")
            return .respond(status: request.path.hasSuffix("/v2/change/enqueue") ? 200 : 400, body: echo)
        }
        defer { server.stop() }
        let cases = [slack(server), pagerDuty(server), hook(server.url + "/in")]
        for (target, environment) in cases {
            for notice in [Self.notice, Self.change] {
                let result = await sender(environment).send(notice, to: target)
                #expect(!leaks(result), "\(target.name): \(result)")
            }
        }
        let (slackTarget, slackEnvironment) = slack(server)
        let refused = await sender(slackEnvironment).send(Self.notice, to: slackTarget)
        #expect("\(refused)".contains("${SLACK_WEBHOOK_URL}"), "the echoed path is named by its variable: \(refused)")
        #expect(server.requests.count == 7)
    }

    // MARK: Retry-After

    @Test func retryAfterReadsSecondsAndEveryHTTPDateForm() {
        let now = Self.now  // Wed, 18 Nov 2026 11:06:40 GMT
        #expect(RetryAfter.seconds("120", now: now) == 120)
        #expect(RetryAfter.seconds(" 0 ", now: now) == 0)
        #expect(RetryAfter.seconds("Wed, 18 Nov 2026 11:07:40 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Wednesday, 18-Nov-26 11:07:40 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Wed Nov 18 11:07:40 2026", now: now) == 60)
        #expect(RetryAfter.seconds("Thu, 01 Mar 2029 00:00:00 GMT", now: now) == 72_017_600, "across a leap day")
        #expect(RetryAfter.seconds("Wed, 18 Nov 2026 11:00:00 GMT", now: now) == 0, "a date already past is no wait")
        for garbage in ["", "-5", "1.5", "soon", "Wed, 18 Nov 2026 11:07:40 PST", "Wed, 32 Nov 2026 11:07:40 GMT",
                        "Wed, 18 Foo 2026 11:07:40 GMT", "Wed, 18 Nov 2026 25:07:40 GMT"] {
            #expect(RetryAfter.seconds(garbage, now: now) == nil, "\(garbage)")
        }
    }
}
