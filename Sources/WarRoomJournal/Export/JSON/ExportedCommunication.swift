import Foundation
import WarRoomCore

/// The JSON exports' `communication`: every status update posted, judged against the plan's cadence, and every notice
/// queued with each attempt to send it and where it ended, folded by Core's own rules as the post-mortems tell them,
/// so a tool need not fold the events again.
struct ExportedCommunication: Codable, Hashable {
    struct Update: Codable, Hashable {
        var by: String
        var at: Date
        var text: String
        /// The file the war room also wrote it to.
        var file: String?
        /// Whether it came more than the cadence and five minutes after the update before it, or after T0; absent when
        /// it was not judged (no cadence, or posted before T0).
        var late: Bool?
    }

    struct Notice: Codable, Hashable {
        /// The idempotency key the events name it by.
        var id: String
        var target: String
        var event: NotifyEvent
        var summary: String
        var body: String?
        var queuedAt: Date
        /// Why it was only shown, never sent.
        var withheld: String?
        var attempts: [Attempt]
        var ended: NoticeEnding.Kind
    }

    struct Attempt: Codable, Hashable {
        var number: Int
        var session: String
        var at: Date
        /// Absent while it has no answer in the journal, as are `outcome` and `words`.
        var answeredAt: Date?
        var outcome: Outcome?
        /// How it went, as the post-mortems say it: `failed: HTTP 503; retrying at 10:05:09 UTC`.
        var words: String?
    }

    enum Outcome: String, Codable, Hashable {
        case sent, failed
        case gaveUp = "gave_up"
        case unknown
    }

    /// The plan's cadence in seconds, when it sets one.
    var cadence: TimeInterval?
    /// How many updates came late against the cadence; absent without one, or when the release never started.
    var lateUpdates: Int?
    var updates: [Update]
    var notices: [Notice]

    /// The communication of `stored`, or nil when it holds no update and no notice. Only the entries that concern it
    /// are folded.
    init?(plan: Plan, stored: [StoredEntry]) {
        let entries = stored.compactMap { $0.entry.event.concernsComms ? $0.entry : nil }
        var state = AppState(plan: plan, session: "export", now: Date(timeIntervalSince1970: 0))
        state.resume(from: entries)
        self.init(CommsReport(state: state, entries: entries))
    }

    init?(_ report: CommsReport) {
        guard !report.isEmpty else { return nil }
        cadence = report.cadence
        lateUpdates = report.cadence != nil && report.started ? report.lateCount : nil
        updates = report.updates.map { posted in
            Update(by: posted.by, at: posted.at, text: posted.update.text, file: posted.update.file,
                   late: posted.judged ? posted.late != nil : nil)
        }
        notices = report.notices.map { queued in
            let notice = queued.outgoing.notice
            return Notice(id: notice.id, target: notice.target, event: notice.event, summary: notice.summary, body: notice.body,
                          queuedAt: queued.outgoing.queuedAt, withheld: notice.withheld,
                          attempts: queued.outgoing.attempts.map { attempt in
                              Attempt(number: attempt.number, session: attempt.session, at: attempt.at,
                                      answeredAt: attempt.answeredAt, outcome: attempt.outcome.map(Outcome.init),
                                      words: attempt.outcome?.words)
                          },
                          ended: queued.ending.kind)
        }
    }
}

extension ExportedCommunication.Outcome {
    init(_ outcome: NoticeDelivery.Outcome) {
        switch outcome {
        case .sent: self = .sent
        case .failed: self = .failed
        case .gaveUp: self = .gaveUp
        case .unknown: self = .unknown
        }
    }
}

extension JournalEvent {
    /// Whether folding this event can change what the communication summary says: the updates and notices, T0 (the
    /// cadence counts from it) and the plan (its cadence).
    fileprivate var concernsComms: Bool {
        switch self {
        case .updatePosted, .noticeQueued, .noticeSending, .noticeDelivered, .releaseStarted, .planAmended: true
        case .sessionAttached, .sessionDetached, .sessionGone, .evaluatorChanged, .samplesRecorded, .logLines,
             .sourceReported, .stagePromoted, .rolledBack, .checklistTicked, .checklistUnticked, .decisionRecorded,
             .triggerPending, .triggerFiring, .triggerResolved, .triggerAcknowledged, .note, .sourceFailed,
             .sourceRecovered, .commandStarted, .commandRun, .rollbackStepMarked, .exportMade, .controllerRead,
             .controllerActionRequested, .controllerActionStarted, .controllerActionRun, .controllerChangeObserved, .judged: false
        }
    }
}
