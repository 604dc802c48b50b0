import Foundation

/// Where the next status update stands on the plan's cadence.
public enum UpdateCadence: Sendable, Hashable {
    /// The plan sets no cadence.
    case none
    case notStarted
    case dueIn(TimeInterval)
    case due(since: TimeInterval)
    /// Due for longer than ``AppState/updateGrace``.
    case overdue(by: TimeInterval)
}

/// Whether this war room, when it evaluates, sends the notices it queues.
public enum NotifyPolicy: Sendable, Hashable {
    /// When the plan says `communication: send_notifications: true`.
    case asPlanSays
    /// `run --notify`.
    case always
    /// Never, with why (a demo).
    case never(String)
}

extension AppState {
    public static let updateCapacity = 50
    /// How long an update may be due before it counts as overdue.
    public static let updateGrace: TimeInterval = 5 * 60
    /// Attempts at one notice before it is given up.
    public static let noticeAttempts = 8
    /// How long one attempt may take: connecting, sending, reading the answer.
    public static let noticeTimeout: TimeInterval = 10
    /// A notice of something older than this when it is queued (nobody was evaluating) is shown, not sent: it is no
    /// longer news, and a burst of old alarms would bury the current one.
    public static let noticeFreshness: TimeInterval = 30 * 60
    /// How long an attempt may go unanswered before the evaluator counts it lost: its start may reach the journal
    /// late (``lateStartLimit``), then the send itself, then its answer's way back.
    public static let noticeAnswerWindow: TimeInterval = lateStartLimit + noticeTimeout + 15
    /// The longest `Retry-After` waited for; a service asking for more is given up on.
    public static let longestRetryAfter: TimeInterval = 60 * 60

    /// Seconds before attempt `attempt + 1`: 5, 10, 20, … at most 5 minutes.
    public static func noticeBackoff(after attempt: Int) -> TimeInterval {
        min(300, 5 * pow(2, Double(max(0, min(attempt, 16) - 1))))
    }

    public var updateCadence: UpdateCadence {
        guard let cadence = plan.communication.cadence else { return .none }
        guard let t0 = self.t0 else { return .notStarted }
        // The newest by time: an update that waited in a spool may reach the journal after a newer one.
        let last = max(t0, self.comms.updates.map(\.at).max() ?? t0)
        let sinceDue = now.timeIntervalSince(last) - cadence
        if sinceDue < 0 { return .dueIn(-sinceDue) }
        return sinceDue > Self.updateGrace ? .overdue(by: sinceDue) : .due(since: sinceDue)
    }

    /// Where `u` appends a posted update when asked: the plan's `updates_file` (the plan reader resolves it against
    /// the plan's directory), else a file named after the release in the directory warroom runs in.
    public var updatesFile: String {
        if let file = plan.communication.updatesFile { return file }
        let name = "\(plan.release.name)-\(plan.release.version)-updates.md"
        return String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "-" })
    }

    /// Whether the notices this war room queues are sent, and if not, why.
    public var noticesWithheld: String? {
        switch notifyPolicy {
        case .always: nil
        case .never(let reason): reason
        case .asPlanSays:
            plan.communication.sendNotifications ? nil
                : "the plan does not send notifications (communication: send_notifications: true) and the "
                    + "evaluating war room runs without --notify"
        }
    }

    // MARK: The evaluator's part

    /// The notices for every entry some target wants to hear of and nobody has queued: one per target, as
    /// `notice_queued` entries for the evaluator's turn.
    func noticesToQueue() -> [JournalEvent] {
        self.comms.unqueued.flatMap { source in
            plan.notify.filter { $0.wants(source.event) }.map { target in .noticeQueued(notice(of: source, for: target)) }
        }
    }

    /// What the evaluator's turn journals to move each target's outbox on: the oldest unsettled notice of each target
    /// goes first (a resolve never overtakes its trigger), started when it is queued or its retry is due. An attempt
    /// a war room started and never answered (it stopped, or lost the evaluator) is sent again only where the target
    /// drops repeats; elsewhere it is answered "unknown", so nothing is ever sent twice.
    func noticeAttemptsDue() -> [JournalEvent] {
        var events: [JournalEvent] = []
        var seen: Set<String> = []
        for item in self.comms.outbox where !item.isSettled && seen.insert(item.notice.target).inserted {
            let id = item.id
            switch item.phase {
            case .queued:
                events.append(.noticeSending(notice: id, attempt: 1))
            case .retrying(let at, let after, _):
                if now >= at { events.append(.noticeSending(notice: id, attempt: after + 1)) }
            case .sending(let attempt, let since, let session):
                // Lost when its war room is known gone, or once it has had all the time a send can take: a war room that
                // only lost the lease for a moment may still be sending, and its answer will come.
                let ours = session == self.session
                let gone = !ours && departures[session] != nil
                guard gone || now.timeIntervalSince(since) > Self.noticeAnswerWindow else { continue }
                let who = ours ? "this war room" : "\(attendees[session]?.actor ?? departures[session]?.actor ?? session)'s war room"
                // A target the plan no longer names cannot drop a repeat; the runtime refuses to send to it anyway.
                let target = plan.notifyTarget(named: item.notice.target)
                let service = target?.destination.service ?? item.notice.target
                if attempt >= Self.noticeAttempts {
                    events.append(.noticeDelivered(.init(notice: id, attempt: attempt, outcome: .gaveUp(reason:
                        "\(who) stopped before it said how attempt \(attempt) went, the last one warroom makes: check \(item.notice.target)"))))
                } else if let target, target.destination.dropsRepeats(of: item.notice) {
                    events.append(.noticeDelivered(.init(notice: id, attempt: attempt, outcome: .failed(
                        reason: "\(who) stopped before it said how the attempt went; sent again, since \(service) drops a repeat",
                        retryAt: now))))
                    events.append(.noticeSending(notice: id, attempt: attempt + 1))
                } else {
                    events.append(.noticeDelivered(.init(notice: id, attempt: attempt, outcome: .unknown(reason:
                        "\(who) stopped before it said whether \(service) took it; not sent again, so it "
                            + "is never doubled: check \(item.notice.target)"))))
                }
            case .withheld, .sent, .gaveUp, .unknown:
                continue
            }
        }
        return events
    }

    /// An attempt this session journaled is sent when the journal holds it as that attempt's start; one that reached
    /// the journal too late is answered "failed" and retried on the next turn, since nobody sent it.
    func deliverIfOurs(_ entry: JournalEntry) -> [Effect] {
        guard case .noticeSending(let id, let number) = entry.event, entry.session == session, isEvaluator,
              let item = self.comms.outbox.first(where: { $0.id == id }), let attempt = item.attempts.last,
              attempt.number == number, attempt.session == session, attempt.outcome == nil else { return [] }
        let waited = now.timeIntervalSince(entry.time)
        guard waited <= Self.lateStartLimit else {
            return [.record(self.entry(.noticeDelivered(.init(notice: id, attempt: number, outcome: .failed(
                reason: "its start reached the journal too late (\(Int(saturating: waited.rounded())) s); not sent", retryAt: now)))))]
        }
        return [.deliver(NoticeRequest(notice: item.notice, attempt: number))]
    }

    /// How an attempt ended, with the retry policy applied: another try after a backoff (or as long as the service
    /// asked, on a 429), until ``noticeAttempts``; a refusal is final.
    func delivery(of request: NoticeRequest, _ result: SendResult) -> NoticeDelivery {
        let outcome: NoticeDelivery.Outcome
        switch result {
        case .sent(let status, let answer):
            outcome = .sent(status: status, answer: answer)
        case .refused(let reason):
            outcome = .gaveUp(reason: reason)
        case .uncertain(let reason):
            let target = plan.notifyTarget(named: request.notice.target)
            if let target, target.destination.dropsRepeats(of: request.notice) {
                return delivery(of: request, .retryable(reason: reason, retryAfter: nil))
            }
            outcome = .unknown(reason: "\(reason), and the request may have reached \(target?.destination.service ?? request.notice.target); "
                + "not sent again, so it is never doubled: check \(request.notice.target)")
        case .retryable(let reason, let retryAfter):
            if let retryAfter, retryAfter > Self.longestRetryAfter {
                outcome = .gaveUp(reason: "\(reason); the service asked to wait \(DurationText.format(retryAfter)), longer than warroom waits")
            } else if request.attempt >= Self.noticeAttempts {
                outcome = .gaveUp(reason: "\(reason); gave up after \(request.attempt) attempts")
            } else {
                let wait = max(Self.noticeBackoff(after: request.attempt), retryAfter ?? 0)
                outcome = .failed(reason: reason, retryAt: now.addingTimeInterval(wait))
            }
        }
        return NoticeDelivery(notice: request.notice.id, attempt: request.attempt, outcome: outcome)
    }
}
