import Foundation
import WarRoomCore
import WarRoomTestSupport

/// The fixture session with its communication: four status updates (one before T0, one late against the plan's 15m
/// cadence, one made of the hostile-text corpus) and a notice in every phase: sent at once, retried then sent, given
/// up, left unknown, withheld, and still open when the journal ends.
enum CommsFixtures {
    static var plan: Plan {
        var plan = Fixtures.plan
        plan.communication = Communication(channel: "#release", cadence: 900, escalation: ["on-call", "Priya Raman"])
        plan.notify = [
            NotifyTarget(name: "release-channel", destination: .slack(webhook: SecretReference(variable: "SLACK_RELEASE_WEBHOOK"))),
            NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: nil)),
            NotifyTarget(name: "audit-hook", destination: .webhook(url: "https://audit.example/hooks/release", secret: nil),
                         events: [.rollback, .decisionRecorded]),
        ]
        return plan
    }

    /// Every line of the hostile-text corpus, as one update: script tags, escape sequences, Markdown break-outs.
    static let hostileUpdate = HostileText.corpus.joined(separator: "\n")

    static let firstUpdate = """
        Canary at 5% since 10:00 UTC.
        Error rate 0.5%, p99 210 ms: all within the plan.

        Next update by 10:20 UTC.
        """

    static let firing = "error_rate > 2% for 5m"

    /// `s-1/<ms>/<event>[/<trigger or point>]`: the entry a notice tells of, as Core names it.
    static func source(_ offset: TimeInterval, _ event: NotifyEvent, _ subject: String? = nil) -> String {
        let millis = Int((Fixtures.at(offset).timeIntervalSince1970 * 1000).rounded())
        return ["s-1", String(millis), event.rawValue, subject].compactMap(\.self).joined(separator: "/")
    }

    /// The notice's id, its idempotency key: the source, `>`, the target.
    static func id(_ offset: TimeInterval, _ event: NotifyEvent, _ subject: String? = nil, to target: String) -> String {
        source(offset, event, subject) + ">" + target
    }

    static func notice(_ offset: TimeInterval, _ event: NotifyEvent, _ subject: String? = nil, to target: String,
                       summary: String, body: String? = nil, severity: Notice.Severity = .info,
                       withheld: String? = nil) -> Notice {
        Notice(source: source(offset, event, subject), target: target, event: event, at: Fixtures.at(offset),
               summary: "checkout-service 2.14.0: " + summary, body: body,
               details: [.init("release", "checkout-service 2.14.0")], severity: severity, withheld: withheld)
    }

    static func delivered(_ id: String, _ attempt: Int, _ outcome: NoticeDelivery.Outcome) -> JournalEvent {
        .noticeDelivered(NoticeDelivery(notice: id, attempt: attempt, outcome: outcome))
    }

    /// The communication entries alone, by time, with who wrote them.
    static var comms: [(TimeInterval, String, String, JournalEvent)] {
        let started = id(0, .releaseStarted, to: "release-channel")
        let update = id(300, .updatePosted, to: "release-channel")
        let paged = id(1800, .triggerFiring, firing, to: "pager")
        let told = id(1800, .triggerFiring, firing, to: "release-channel")
        let hostile = id(1920, .updatePosted, to: "release-channel")
        let resolved = id(2100, .triggerResolved, firing, to: "pager")
        return [
            (-300, "dana", "s-1", .updatePosted(StatusUpdate(text: "Starting checkout-service 2.14.0 at 10:00 UTC."))),
            (1, "warroom", "s-1", .noticeQueued(notice(0, .releaseStarted, to: "release-channel",
                                                       summary: "release started, T0 10:00:00 UTC"))),
            (2, "warroom", "s-1", .noticeSending(notice: started, attempt: 1)),
            (3, "warroom", "s-1", delivered(started, 1, .sent(status: 200, answer: "ok"))),
            (300, "dana", "s-1", .updatePosted(StatusUpdate(text: firstUpdate, file: "checkout-service-2.14.0-updates.md"))),
            (301, "warroom", "s-1", .noticeQueued(notice(300, .updatePosted, to: "release-channel",
                                                         summary: "status update from dana", body: firstUpdate))),
            (302, "warroom", "s-1", .noticeSending(notice: update, attempt: 1)),
            (304, "warroom", "s-1", delivered(update, 1, .failed(reason: "HTTP 503 Service Unavailable", retryAt: Fixtures.at(309)))),
            (309, "warroom", "s-1", .noticeSending(notice: update, attempt: 2)),
            (310, "warroom", "s-1", delivered(update, 2, .sent(status: 200, answer: "ok"))),
            (1801, "warroom", "s-1", .noticeQueued(notice(1800, .triggerFiring, firing, to: "pager",
                                                          summary: "rollback trigger FIRING: \(firing) (3.1%)",
                                                          body: "Escalate: on-call → Priya Raman", severity: .critical))),
            (1801, "warroom", "s-1", .noticeQueued(notice(1800, .triggerFiring, firing, to: "release-channel",
                                                          summary: "rollback trigger FIRING: \(firing) (3.1%)",
                                                          body: "Escalate: on-call → Priya Raman", severity: .critical))),
            (1802, "warroom", "s-1", .noticeSending(notice: paged, attempt: 1)),
            (1802, "warroom", "s-1", .noticeSending(notice: told, attempt: 1)),
            (1803, "warroom", "s-1", delivered(paged, 1, .gaveUp(reason: "HTTP 400 Bad Request: Invalid routing key"))),
            (1835, "warroom", "s-1", delivered(told, 1, .unknown(reason:
                "this war room stopped before it said whether Slack took it; not sent again, so it is never doubled: "
                    + "check release-channel"))),
            (1920, "sam", "s-1", .updatePosted(StatusUpdate(text: hostileUpdate, file: "updates/<img src=x onerror=alert(1)>.md"))),
            (1921, "warroom", "s-1", .noticeQueued(notice(1920, .updatePosted, to: "release-channel",
                                                          summary: "status update from sam", body: hostileUpdate))),
            (1922, "warroom", "s-1", .noticeSending(notice: hostile, attempt: 1)),
            (1923, "warroom", "s-1", delivered(hostile, 1, .sent(status: 200, answer: nil))),
            (2101, "warroom", "s-1", .noticeQueued(notice(2100, .triggerResolved, firing, to: "pager",
                                                          summary: "trigger resolved: \(firing) (now 0.5%)"))),
            (2102, "warroom", "s-1", .noticeSending(notice: resolved, attempt: 1)),
            (2104, "warroom", "s-1", delivered(resolved, 1, .failed(reason: "HTTP 429 Too Many Requests", retryAt: Fixtures.at(2404)))),
            (2340, "dana", "s-1", .updatePosted(StatusUpdate(text: "Rolled back to 2.13.4; error rate back at 0.5%.\n"
                + "Incident INC-42 stays open for the post-mortem."))),
            (3790, "dana", "s-2", .sessionAttached(pid: 5151)),
            (3800, "warroom", "s-2", .noticeQueued(notice(1900, .rollback, to: "audit-hook",
                                                          summary: "ROLLED BACK from Canary 25% by dana: error rate above 2%",
                                                          severity: .error,
                                                          withheld: "it told of 10:31:40 UTC and was queued 31m40s later, "
                                                              + "when it was no longer news (nobody was evaluating)"))),
        ]
    }

    /// The fixture session with the communication entries among its own, in time order.
    static var entries: [JournalEntry] {
        var entries = Fixtures.session
        for (offset, actor, session, event) in comms {
            let entry = JournalEntry(time: Fixtures.at(offset), actor: actor, session: session, event: event)
            entries.insert(entry, at: entries.firstIndex { $0.time > entry.time } ?? entries.count)
        }
        return entries.enumerated().map { index, entry in
            var entry = entry
            entry.seq = Int64(index + 1)
            return entry
        }
    }
}
