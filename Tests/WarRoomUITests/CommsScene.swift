import Foundation
@testable import WarRoomCore
import WarRoomUI

/// Releases with the plan's communication filled in: notify targets, a cadence, an escalation path; and a comms
/// history with a notice in every phase.
enum CommsScene {
    static let targets = [
        NotifyTarget(name: "releases-slack", destination: .slack(webhook: SecretReference(variable: "SLACK_RELEASES_WEBHOOK"))),
        NotifyTarget(name: "pagerduty", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: nil)),
        NotifyTarget(name: "audit-hook", destination: .webhook(url: "https://audit.example.com/warroom", secret: nil)),
    ]

    static func plan(send: Bool = false, cadence: TimeInterval? = 1800) throws -> Plan {
        var plan = try Scene.plan()
        plan.notify = targets
        plan.communication.sendNotifications = send
        plan.communication.cadence = cadence
        return plan
    }

    /// Scene's release at T+22m, with notify targets; its notices so far were shown only. `notify`: this war room now
    /// runs with `--notify`, so what it queues from now on is sent.
    static func midRelease(notify: Bool = false, cadence: TimeInterval? = 1800) throws -> AppState {
        var state = try Scene.midRelease(with: try plan(cadence: cadence))
        if notify { state.notifyPolicy = .always }
        return state
    }

    /// Scene's release run on to T+28m, error_rate past 2% for over five minutes: its trigger fires.
    static func firing() throws -> AppState {
        var state = try midRelease()
        var events: [Event] = []
        for step in 1...36 {
            let time = Scene.at(22).addingTimeInterval(Double(step) * 10)
            events += [.tick(time), .sample(MetricSample(name: "error_rate", value: 2.6 + Double(step) * 0.02, time: time)),
                       .sample(MetricSample(name: "p99_latency", value: 220, time: time)),
                       .sample(MetricSample(name: "throughput", value: 1190, time: time))]
        }
        Scene.run(&state, events)
        return state
    }

    /// A comms history folded from the journal as a viewer sees it: dana's war room evaluated first without
    /// `--notify` (its notices shown only), then ops's took over with it; notices sent, given up, left unknown,
    /// retrying, being sent and queued; two updates posted. Now is 14:27:05 UTC, T+27m05s.
    static func history() throws -> AppState {
        var state = AppState(plan: try plan(), session: "sam-1", now: Scene.t0)
        var seq: Int64 = 0
        func fold(_ seconds: TimeInterval, _ actor: String, _ session: String, _ event: JournalEvent) {
            seq += 1
            let time = Scene.t0.addingTimeInterval(seconds)
            if time > state.now { _ = state.apply(.tick(time)) }
            _ = state.apply(.recorded(JournalEntry(seq: seq, time: time, actor: actor, session: session, event: event)))
        }
        let name = "checkout-service 2.14.0: "
        let withheld = "the plan does not send notifications (communication: send_notifications: true) and the "
            + "evaluating war room runs without --notify"
        /// Queues one notice per target of what happened `at` seconds after T0.
        func queue(_ at: TimeInterval, _ event: NotifyEvent, _ summary: String, to targets: [String], withheld: String? = nil,
                   by session: String = "ops-2") -> [String] {
            targets.map { target in
                let notice = Notice(source: "\(session)/\(Int(at))/\(event.rawValue)", target: target, event: event,
                                    at: Scene.t0.addingTimeInterval(at), summary: name + summary, withheld: withheld)
                fold(at + 0.5, "warroom", session, .noticeQueued(notice))
                return notice.id
            }
        }
        func attempt(_ at: TimeInterval, _ id: String, _ number: Int, _ outcome: NoticeDelivery.Outcome?, by session: String = "ops-2") {
            fold(at, "warroom", session, .noticeSending(notice: id, attempt: number))
            guard let outcome else { return }
            fold(at + 0.8, "warroom", session, .noticeDelivered(NoticeDelivery(notice: id, attempt: number, outcome: outcome)))
        }
        let all = ["releases-slack", "pagerduty", "audit-hook"]

        fold(0, "dana", "dana-1", .evaluatorChanged(host: "laptop-dana", previous: nil, reason: "the first war room on the journal"))
        fold(0, "sam", "sam-1", .releaseStarted(t0: Scene.t0))
        _ = queue(0, .releaseStarted, "release started, T0 14:00:00 UTC", to: all, withheld: withheld, by: "dana-1")
        fold(300, "ops", "ops-1", .evaluatorChanged(host: "ops-1", previous: "dana-1", reason: "dana's war room quit"))

        fold(660, "sam", "sam-1", .stagePromoted(from: 0, to: 1, stage: "Canary 25%"))
        let promoted = queue(660, .stagePromoted, "promoted to stage 2/4 Canary 25% by sam", to: all, by: "ops-1")
        attempt(661, promoted[0], 1, .sent(status: 200, answer: "ok"), by: "ops-1")
        attempt(661, promoted[1], 1, .gaveUp(reason: "HTTP 400 Invalid routing key"), by: "ops-1")
        attempt(661, promoted[2], 1, .sent(status: 202, answer: nil), by: "ops-1")

        fold(723, "dana", "dana-2", .updatePosted(StatusUpdate(text: """
            checkout-service 2.14.0: HEALTHY, stage 2/4 Canary 25% (25% traffic)
            14:12:03 UTC · T+12m03s
            No rollback trigger firing or pending.
            Metrics:
            • error_rate 0.38% OK (ok < 1%, alert > 2%)
              (down from 0.41% at T+5m)
            Next decision: T+15m Initial health check in 2m57s (14:15:00 UTC)
            """, file: "checkout-service-2.14.0-updates.md")))
        let danasUpdate = queue(723, .updatePosted, "status update from dana", to: ["releases-slack", "audit-hook"], by: "ops-1")
        attempt(724, danasUpdate[1], 1, .sent(status: 202, answer: nil), by: "ops-1")
        // ops's war room restarts while Slack is being sent to: the new one cannot know whether Slack took it.
        fold(724, "warroom", "ops-1", .noticeSending(notice: danasUpdate[0], attempt: 1))
        fold(780, "ops", "ops-2", .evaluatorChanged(host: "ops-1", previous: "ops-1", reason: "ops's war room restarted"))
        fold(781, "warroom", "ops-2", .noticeDelivered(NoticeDelivery(notice: danasUpdate[0], attempt: 1, outcome: .unknown(reason:
            "ops's war room stopped before it said whether Slack took it; not sent again, so it is never doubled: check releases-slack"))))

        fold(960, "dana", "dana-2", .decisionRecorded(DecisionRecord(point: "T+15m", verdict: .go, note: "clean canary",
                                                                      evidence: state.evidence())))
        let decided = queue(960, .decisionRecorded, "decision at Initial health check: GO by dana", to: ["releases-slack", "audit-hook"])
        attempt(961, decided[0], 1, .sent(status: 200, answer: "ok"))
        attempt(961, decided[1], 1, .sent(status: 202, answer: nil))

        let fired = queue(1590, .triggerFiring, "rollback trigger FIRING: error_rate > 2% for 5m (2.64%)", to: all)
        attempt(1591, fired[0], 1, .failed(reason: "HTTP 503", retryAt: Scene.t0.addingTimeInterval(1596)))
        attempt(1596, fired[0], 2, .failed(reason: "HTTP 503", retryAt: Scene.t0.addingTimeInterval(1630)))
        attempt(1591, fired[1], 1, nil)
        attempt(1591, fired[2], 1, .sent(status: 202, answer: nil))

        fold(1620, "sam", "sam-1", .updatePosted(StatusUpdate(text: "checkout-service 2.14.0: ROLLBACK RECOMMENDED, stage 2/4 Canary 25% (25% traffic)\nerror_rate 2.64%, rolling back now.")))
        let samsUpdate = queue(1620, .updatePosted, "status update from sam", to: ["releases-slack", "audit-hook"])
        attempt(1621, samsUpdate[1], 1, nil)
        _ = state.apply(.tick(Scene.t0.addingTimeInterval(1625)))
        return state
    }
}
