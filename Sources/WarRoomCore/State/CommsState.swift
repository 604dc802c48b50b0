import Foundation

/// The release's communication as the journal tells it: the status updates people posted, the entries the plan's
/// targets want to hear of and the evaluator has not queued yet, and every notice queued with each attempt to send it.
public struct CommsState: Sendable, Hashable, Codable {
    /// Status updates, oldest first; the newest ``AppState/updateCapacity``.
    public internal(set) var updates: [PostedUpdate] = []
    /// Entries some target wants to hear of, not yet queued: the evaluator queues them on its next turn.
    public internal(set) var unqueued: [NoticeSource] = []
    /// Every notice queued, oldest first.
    public internal(set) var outbox: [Outgoing] = []
    /// The sources already queued, so an entry is queued once however many war rooms fold it.
    public internal(set) var queuedSources: Set<String> = []

    public init() {}

    /// A status update with who posted it and when.
    public struct PostedUpdate: Sendable, Hashable, Codable {
        public var update: StatusUpdate
        public var by: String
        public var at: Date
    }

    /// One queued notice and its attempts.
    public struct Outgoing: Sendable, Hashable, Codable, Identifiable {
        public var notice: Notice
        public var queuedAt: Date
        public var attempts: [Attempt] = []

        public var id: String { notice.id }

        /// One attempt to send: who started it, when, and how it ended.
        public struct Attempt: Sendable, Hashable, Codable {
            public var number: Int
            public var session: String
            public var at: Date
            public var outcome: NoticeDelivery.Outcome?
            public var answeredAt: Date?
            /// The session whose entry gave the outcome: the sender's own, or an evaluator's that found it left open.
            public var answeredBy: String?
        }

        /// Where it stands, newest attempt first.
        public var phase: Phase {
            if let reason = notice.withheld { return .withheld(reason) }
            // Any attempt the service took means it was delivered, whatever a repeat of it was answered.
            if let taken = attempts.first(where: { $0.outcome?.isSent == true }), case .sent(let status, let answer)? = taken.outcome {
                return .sent(at: taken.answeredAt ?? taken.at, status: status, answer: answer)
            }
            guard let last = attempts.last else { return .queued }
            guard let outcome = last.outcome else { return .sending(attempt: last.number, since: last.at, session: last.session) }
            switch outcome {
            case .sent(let status, let answer): return .sent(at: last.answeredAt ?? last.at, status: status, answer: answer)
            case .failed(let reason, let retryAt): return .retrying(at: retryAt, after: last.number, reason: reason)
            case .gaveUp(let reason): return .gaveUp(reason, attempts: last.number)
            case .unknown(let reason): return .unknown(reason)
            }
        }

        /// Nothing more will be done with it: sent, given up, never to be sent, or left unknown.
        public var isSettled: Bool {
            switch phase {
            case .sent, .gaveUp, .unknown, .withheld: true
            case .queued, .sending, .retrying: false
            }
        }

        public enum Phase: Sendable, Hashable {
            case withheld(String)
            case queued
            case sending(attempt: Int, since: Date, session: String)
            case retrying(at: Date, after: Int, reason: String)
            case sent(at: Date, status: Int, answer: String?)
            case gaveUp(String, attempts: Int)
            case unknown(String)
        }
    }

    /// An amended plan may drop a target or an event: what no target wants any more is not waiting to be queued.
    mutating func forgetUnwanted(by plan: Plan) {
        unqueued.removeAll { source in !plan.notify.contains { $0.wants(source.event) } }
    }

    mutating func fold(_ entry: JournalEntry, plan: Plan) {
        switch entry.event {
        case .updatePosted(let update):
            if updates.count == AppState.updateCapacity { updates.removeFirst() }
            updates.append(PostedUpdate(update: update, by: entry.actor, at: entry.time))
        case .noticeQueued(let notice):
            unqueued.removeAll { $0.key == notice.source }
            queuedSources.insert(notice.source)
            guard !outbox.contains(where: { $0.id == notice.id }) else { return }
            outbox.append(Outgoing(notice: notice, queuedAt: entry.time))
        case .noticeSending(let id, let number):
            // The first start of an attempt stands; one that races it from another session is ignored, and never sent.
            guard let index = outbox.firstIndex(where: { $0.id == id }), !outbox[index].isSettled,
                  number == outbox[index].attempts.count + 1,
                  outbox[index].attempts.last.map({ $0.outcome != nil }) ?? true else { return }
            outbox[index].attempts.append(.init(number: number, session: entry.session, at: entry.time))
        case .noticeDelivered(let delivery):
            guard let index = outbox.firstIndex(where: { $0.id == delivery.notice }),
                  let attempt = outbox[index].attempts.firstIndex(where: { $0.number == delivery.attempt }) else { return }
            // The first answer stands, except that the sender's own account replaces what another war room said of an
            // attempt it found left open ("unknown", or "failed" and sent again).
            let current = outbox[index].attempts[attempt]
            let sendersOwn = entry.session == current.session && current.answeredBy != current.session
            guard current.outcome == nil || sendersOwn else { return }
            outbox[index].attempts[attempt].outcome = delivery.outcome
            outbox[index].attempts[attempt].answeredAt = entry.time
            outbox[index].attempts[attempt].answeredBy = entry.session
        default:
            break
        }
        for event in NotifyEvent.told(by: entry.event, plan: plan) where plan.notify.contains(where: { $0.wants(event) }) {
            let source = NoticeSource(entry: entry, event: event)
            guard !queuedSources.contains(source.key), !unqueued.contains(where: { $0.key == source.key }) else { continue }
            unqueued.append(source)
        }
    }
}

/// An entry a target wants to hear of, and which of its events it tells.
public struct NoticeSource: Sendable, Hashable, Codable {
    public var entry: JournalEntry
    public var event: NotifyEvent

    /// Names the entry in any copy of the journal (a copy renumbers entries, so not by its seq): who wrote it, when
    /// to the millisecond, what it tells, and of which trigger, stage, decision point or text. Spelled out from the
    /// entry's fields, never from a description a newer build could word differently: a war room of another version
    /// must find the same key, or it would queue the entry again.
    public var key: String {
        let millis = Int(saturating: (entry.time.timeIntervalSince1970 * 1000).rounded())
        let subject: String? = switch entry.event {
        case .triggerFiring(let trigger, _), .triggerResolved(let trigger, _): trigger
        case .decisionRecorded(let record): record.point
        case .stagePromoted(_, let to, _, _): "stage\(to)"
        case .updatePosted(let update): Self.fingerprint(update.text)
        default: nil
        }
        return [entry.session, String(millis), event.rawValue, subject].compactMap(\.self).joined(separator: "/")
    }

    /// The text's stable hash in hex: the same in every build and on every machine.
    static func fingerprint(_ text: String) -> String { String(StableHash.fnv1a(text), radix: 16) }
}

extension NotifyEvent {
    /// What an entry tells, in the terms targets ask for: a promotion to the final stage is also the release done.
    static func told(by event: JournalEvent, plan: Plan) -> [NotifyEvent] {
        switch event {
        case .triggerFiring: [.triggerFiring]
        case .triggerResolved: [.triggerResolved]
        case .stagePromoted(_, let to, _, _): to >= plan.stages.count - 1 ? [.stagePromoted, .releaseDone] : [.stagePromoted]
        case .rolledBack: [.rollback]
        case .decisionRecorded: [.decisionRecorded]
        case .updatePosted: [.updatePosted]
        case .releaseStarted: [.releaseStarted]
        case .sessionAttached, .sessionDetached, .sessionGone, .evaluatorChanged, .samplesRecorded, .logLines,
             .sourceReported, .planAmended, .checklistTicked, .checklistUnticked, .triggerPending, .triggerAcknowledged,
             .note, .sourceFailed, .sourceRecovered, .commandStarted, .commandRun, .rollbackStepMarked, .exportMade,
             .controllerRead, .controllerActionRequested, .controllerActionStarted, .controllerActionRun,
             .controllerChangeObserved, .noticeQueued, .noticeSending, .noticeDelivered, .judged: []
        }
    }
}
