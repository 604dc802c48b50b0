import Foundation
import WarRoomCore

/// The release's communication as every export tells it, from the journal alone: each status update posted, judged
/// against the plan's cadence, and each notice queued with its attempts and where it ended.
struct CommsReport {
    /// A status update with who posted it, when, and whether it came late.
    struct Update {
        var update: StatusUpdate
        var by: String
        var at: Date
        /// Nil when on time, or when nothing was due (before T0, or the plan sets no cadence).
        var late: Lateness?
        /// Whether it was judged against the cadence at all (posted from T0 on, with a cadence set).
        var judged: Bool
    }

    /// How long an update came after the moment the cadence counted from.
    struct Lateness: Hashable {
        var gap: TimeInterval
        var since: Since

        enum Since: Hashable {
            case t0
            case previousUpdate
        }
    }

    /// A notice queued, with where it ended.
    struct Queued {
        var outgoing: CommsState.Outgoing
        var ending: NoticeEnding
    }

    /// Oldest first.
    let updates: [Update]
    /// In the order they were queued.
    let notices: [Queued]
    /// The plan's cadence (as amended by the end), nil when it sets none.
    let cadence: TimeInterval?
    /// Whether the release started, so the cadence had something to count from.
    let started: Bool

    /// Updates come from the entries, not the fold, which keeps only the newest ``AppState/updateCapacity``; the
    /// notices come from the fold's outbox, which keeps every one, so both read as the screen's comms view did.
    init(state: AppState, entries: [JournalEntry]) {
        var posted: [(order: Int, update: Update)] = []
        for (order, entry) in entries.enumerated() {
            guard case .updatePosted(let update) = entry.event else { continue }
            posted.append((order, Update(update: update, by: entry.actor, at: entry.time, late: nil, judged: false)))
        }
        // Entries of several war rooms need not be in time order, and the cadence runs on time.
        var updates = posted.sorted { ($0.update.at, $0.order) < ($1.update.at, $1.order) }.map(\.update)
        cadence = state.plan.communication.cadence
        started = state.t0 != nil
        if let cadence, let t0 = state.t0 {
            Self.judge(&updates, cadence: cadence, from: t0)
        }
        self.updates = updates
        notices = state.comms.outbox.map { Queued(outgoing: $0, ending: NoticeEnding($0)) }
    }

    /// As the screen counts an update overdue: late when it came more than the cadence and
    /// ``AppState/updateGrace`` after the update before it, or after T0 for the first; one before T0 is not judged.
    private static func judge(_ updates: inout [Update], cadence: TimeInterval, from t0: Date) {
        var previous: (at: Date, since: Lateness.Since) = (t0, .t0)
        for index in updates.indices where updates[index].at >= t0 {
            let gap = updates[index].at.timeIntervalSince(previous.at)
            updates[index].judged = true
            if gap > cadence + AppState.updateGrace { updates[index].late = Lateness(gap: gap, since: previous.since) }
            previous = (updates[index].at, .previousUpdate)
        }
    }

    var isEmpty: Bool { updates.isEmpty && notices.isEmpty }

    var judgedCount: Int { updates.count(where: \.judged) }

    var lateCount: Int { updates.count(where: { $0.late != nil }) }

    /// How many notices ended each way.
    func count(_ kind: NoticeEnding.Kind) -> Int { notices.count(where: { $0.ending.kind == kind }) }

    /// Whether a notice's body is the whole text of an update listed here, so the exports need not repeat it.
    func bodyIsPostedUpdate(_ notice: Notice) -> Bool {
        guard notice.event == .updatePosted, let body = notice.body else { return false }
        return updates.contains { $0.update.text == body }
    }
}

/// Where a notice ended, as the fold's phase says at the end of the journal.
enum NoticeEnding: Hashable {
    case sent(at: Date, attempt: Int)
    case gaveUp(attempts: Int)
    /// The war room sending it stopped before it said, and the target would not drop a repeat.
    case unknown
    /// Only shown, never sent: why.
    case notSent(String)
    /// Still open when the journal ends: never attempted.
    case neverAttempted
    /// Still open: an attempt started with no answer in the journal.
    case noAnswer(attempt: Int, since: Date)
    /// Still open: an attempt failed, and the retry was due after the journal ends.
    case retryDue(at: Date, after: Int)

    /// The JSON exports' `ended`.
    enum Kind: String, CaseIterable, Codable {
        case sent
        case gaveUp = "gave_up"
        case unknown
        case notSent = "not_sent"
        case open
    }

    init(_ outgoing: CommsState.Outgoing) {
        switch outgoing.phase {
        case .withheld(let reason): self = .notSent(reason)
        case .queued: self = .neverAttempted
        case .sending(let attempt, let since, _): self = .noAnswer(attempt: attempt, since: since)
        case .retrying(let at, let after, _): self = .retryDue(at: at, after: after)
        case .sent(let at, _, _): self = .sent(at: at, attempt: outgoing.attempts.last?.number ?? 1)
        case .gaveUp(_, let attempts): self = .gaveUp(attempts: attempts)
        case .unknown: self = .unknown
        }
    }

    var kind: Kind {
        switch self {
        case .sent: .sent
        case .gaveUp: .gaveUp
        case .unknown: .unknown
        case .notSent: .notSent
        case .neverAttempted, .noAnswer, .retryDue: .open
        }
    }

    /// Whether it failed to reach its target when it was meant to: the exports emphasise it. A notice not sent by
    /// the plan's or the war room's choice did not fail.
    var failed: Bool {
        switch kind {
        case .sent, .notSent: false
        case .gaveUp, .unknown, .open: true
        }
    }
}
