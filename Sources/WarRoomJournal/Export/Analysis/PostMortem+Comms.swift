import Foundation
import WarRoomCore

/// The communication section's words, shared by the Markdown and the HTML so they cannot disagree; each format
/// escapes them and adds its own emphasis.
extension PostMortem {
    /// `6 notifications: 3 sent, 1 gave up, 1 unknown, 1 not sent, 1 still open; 4 status updates, 1 late`.
    var commsDescription: String {
        guard !comms.isEmpty else { return "no status updates were posted and no notifications were queued" }
        let queued = comms.notices.count, posted = comms.updates.count
        var text = queued == 0 ? "no notifications" : "\(queued) notification\(queued == 1 ? "" : "s")"
        let tally = NoticeEnding.Kind.allCases.compactMap { kind -> String? in
            let count = comms.count(kind)
            return count == 0 ? nil : "\(count) \(kind.words)"
        }
        if !tally.isEmpty { text += ": " + tally.joined(separator: ", ") }
        let late = comms.lateCount
        return text + "; " + (posted == 0 ? "no status updates" : "\(posted) status update\(posted == 1 ? "" : "s")")
            + (late == 0 ? "" : ", \(late) late")
    }

    /// How the updates kept to the plan's cadence, as a sentence; nil when the plan sets none.
    var cadenceDescription: String? {
        guard let cadence = comms.cadence else { return nil }
        let asked = "The plan asks for a status update every \(DurationText.formatPlan(cadence))"
        guard comms.started else { return asked + "; the release never started, so none was due." }
        let judged = comms.judgedCount, late = comms.lateCount
        guard judged > 0 else { return asked + "; none was posted from T0 on." }
        let posted = judged == 1 ? "the one update posted from T0 on" : "the \(judged) updates posted from T0 on"
        let verdict = switch (late, judged) {
        case (0, 1): "\(posted) came on time"
        case (0, _): "none of \(posted) came late"
        case (_, 1): "\(posted) came late"
        default: "\(late) of \(posted) came late"
        }
        return asked + ": " + verdict + " (late: more than \(DurationText.formatPlan(cadence + AppState.updateGrace)) "
            + "after the update before it, or after T0 for the first)."
    }

    /// `27m00s after the update before`.
    func lateWords(_ late: CommsReport.Lateness) -> String {
        let since = switch late.since {
        case .t0: "T0"
        case .previousUpdate: "the update before"
        }
        return "\(DurationText.format(late.gap)) after \(since)"
    }

    /// `release-channel (Slack), trigger firing, queued T+30m01s (10:30:01 UTC)`.
    func heading(of notice: Notice, queuedAt: Date) -> String {
        "\(notice.target)\(service(of: notice.target).map { " (\($0))" } ?? ""), \(notice.event.words), queued \(when(queuedAt))"
    }

    /// The service a target is on (`Slack`); nil for one the plan (as amended by the end) no longer names.
    func service(of target: String) -> String? { plan.notifyTarget(named: target)?.destination.service }

    /// Where a notice ended: a word (`gave up`), then the rest of the phrase (` after 3 attempts`).
    func endingWords(_ queued: CommsReport.Queued) -> (word: String, rest: String) {
        switch queued.ending {
        case .sent(let at, let attempt):
            return ("sent", " at \(when(at))" + (attempt > 1 ? ", on attempt \(attempt)" : ""))
        case .gaveUp(let attempts):
            return ("gave up", " after \(attempts) attempt\(attempts == 1 ? "" : "s")")
        case .unknown:
            return ("unknown", " — check \(queued.outgoing.notice.target)")
        case .notSent(let reason):
            return ("not sent", ": " + reason)
        case .neverAttempted:
            return ("still open", ": never attempted in the journal")
        case .noAnswer(let attempt, let since):
            return ("still open", ": attempt \(attempt), started \(when(since)), has no answer in the journal")
        case .retryDue(let at, let after):
            return ("still open", ": attempt \(after) failed and no retry is in the journal (due at \(UTCFormat.time(at)) UTC)")
        }
    }

    /// `attempt 2 at T+5m09s (10:05:09 UTC)` and how it went, in Core's words; `failed` unless it was sent.
    func attemptWords(_ attempt: CommsState.Outgoing.Attempt) -> (when: String, outcome: String, failed: Bool) {
        ("attempt \(attempt.number) at \(when(attempt.at))", attempt.outcome?.words ?? "no answer in the journal",
         !(attempt.outcome?.isSent ?? false))
    }
}

extension NoticeEnding.Kind {
    /// `gave up`, as the summary counts them.
    var words: String {
        switch self {
        case .sent: "sent"
        case .gaveUp: "gave up"
        case .unknown: "unknown"
        case .notSent: "not sent"
        case .open: "still open"
        }
    }
}
