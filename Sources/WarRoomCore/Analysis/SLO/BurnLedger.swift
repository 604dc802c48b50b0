import DequeModule
import Foundation

/// One objective's events for one cohort, as the journal's samples carry them: summed in 10-second buckets of event
/// time for the burn-rate windows, and in total since T0 for the budget this release has used. Folded from samples
/// only, so every war room's ledger is the same.
public struct BurnLedger: Sendable, Hashable, Codable {
    public struct Bucket: Sendable, Hashable, Codable {
        /// Event time's whole seconds since 1970, divided by ``width``.
        public var index: Int64
        /// Good events, or bad ones for a ledger that ``countsBad``.
        public var events: Double = 0
        public var total: Double = 0
        /// Samples of each, so a bucket counts only once both have arrived in pairs: a good count read before its total
        /// would otherwise make every event of the window look good (or, the other way round, bad).
        public var eventSamples = 0
        public var totalSamples = 0

        /// What of this bucket the totals since T0 hold.
        var countedEvents: Double = 0
        var countedTotal: Double = 0

        public var isPaired: Bool { eventSamples > 0 && eventSamples == totalSamples }
    }

    /// The bucket width: fine enough for a 5-minute window to be 30 buckets, coarse enough for 6 hours to be 2,160.
    public static let width: Int64 = 10

    /// Oldest first; none older than ``retention`` before the newest.
    public private(set) var buckets: Deque<Bucket> = []
    /// How much event time is kept: the longest window any trigger reads (at least an hour).
    public private(set) var retention: TimeInterval
    /// True when the objective counts bad events rather than good ones.
    public let countsBad: Bool
    /// Events since T0.
    public private(set) var eventsSinceStart: Double = 0
    public private(set) var totalSinceStart: Double = 0

    /// The series it counts (good or bad, then total), so an amendment that reads others starts afresh.
    public let series: [String]

    public init(retention: TimeInterval, countsBad: Bool, series: [String] = []) {
        self.retention = max(3600, retention)
        self.countsBad = countsBad
        self.series = series
    }

    /// Keeps at least `span` of event time from now on (an amendment added a longer window).
    mutating func retain(_ span: TimeInterval) {
        retention = max(retention, span)
    }

    /// Adds one sample of counted (good or bad) or total events at its time.
    mutating func add(_ value: Double, role: SLOInput.Role, at time: Date, t0: Date?) {
        guard value.isFinite, value >= 0 else { return }
        let index = Int64(Int(saturating: (time.timeIntervalSince1970 / Double(Self.width)).rounded(.down)))
        let slot: Int
        if let last = buckets.last, last.index >= index {
            // A sample for an older bucket than the newest: find it, or drop it when it is older than any kept.
            guard let found = buckets.lastIndex(where: { $0.index <= index }) else { return }
            if buckets[found].index == index { slot = found } else {
                buckets.insert(Bucket(index: index), at: found + 1)
                slot = found + 1
            }
        } else {
            buckets.append(Bucket(index: index))
            slot = buckets.count - 1
        }
        let counted = t0.map { time >= $0 } ?? false
        switch role {
        case .counted:
            buckets[slot].events += value
            buckets[slot].eventSamples += 1
        case .total:
            buckets[slot].total += value
            buckets[slot].totalSamples += 1
        }
        // Since T0, a bucket counts once it is paired, and again only if more pairs arrive in it.
        if counted, buckets[slot].isPaired {
            eventsSinceStart += buckets[slot].events - buckets[slot].countedEvents
            totalSinceStart += buckets[slot].total - buckets[slot].countedTotal
            buckets[slot].countedEvents = buckets[slot].events
            buckets[slot].countedTotal = buckets[slot].total
        }
        let oldest = (buckets.last?.index ?? index) - Int64(retention) / Self.width
        while let first = buckets.first, first.index < oldest { buckets.removeFirst() }
    }

    /// The share of bad events over the trailing `window` ending at `time`, over the share the objective allows:
    /// 1 spends the budget exactly over its period, 14.4 spends a 30-day budget in about two days. Nil without events.
    ///
    /// `spentOverWholeWindow` reads what the window spent, as if the part of it with no events (before the cohort
    /// existed, a feed's gap) had been clean: the rate a trigger compares. Otherwise an hour-long window two minutes
    /// after T0 would be a two-minute one, and the long window of a multiwindow alert would prove nothing.
    public func burnRate(over window: TimeInterval, at time: Date, objective: Double, spentOverWholeWindow: Bool = false) -> Double? {
        let end = Int64(Int(saturating: (time.timeIntervalSince1970 / Double(Self.width)).rounded(.down)))
        let slots = Int64(Int(saturating: (window / Double(Self.width)).rounded(.up)))
        let start = end - slots
        var events = 0.0, total = 0.0, covered: Int64 = 0
        for bucket in buckets.reversed() {
            if bucket.index > end { continue }
            if bucket.index <= start { break }
            guard bucket.isPaired else { continue }
            events += bucket.events
            total += bucket.total
            covered += 1
        }
        guard let rate = burnRate(events: events, total: total, objective: objective) else { return nil }
        return spentOverWholeWindow ? rate * Double(min(covered, slots)) / Double(max(1, slots)) : rate
    }

    /// The burn rate since T0.
    public func burnRateSinceStart(objective: Double) -> Double? {
        burnRate(events: eventsSinceStart, total: totalSinceStart, objective: objective)
    }

    private func burnRate(events: Double, total: Double, objective: Double) -> Double? {
        guard total > 0, objective < 1 else { return nil }
        let bad = min(total, max(0, countsBad ? events : total - events))
        return (bad / total) / (1 - objective)
    }

    /// `14.4×`, `0.3×`.
    public static func formatRate(_ rate: Double) -> String {
        guard rate.isFinite else { return "∞" }
        return rate >= 100 ? "\(Int(saturating: rate.rounded()))×" : String(format: rate >= 10 ? "%.1f×" : "%.2f×", rate)
    }
}

/// Which ledger and which count a sample feeds.
public struct SLOInput: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        /// The good events, or the bad ones for an objective that counts those.
        case counted
        case total
    }

    public var slo: String
    public var cohort: SLOCohort
    public var role: Role
}

/// An objective's state for the screen: the burn rates now, and the budget this release has used.
public struct SLOStanding: Sendable, Hashable {
    public var cohort: SLOCohort
    /// Over the last 5 minutes and the last hour.
    public var shortRate: Double?
    public var hourRate: Double?
    /// The share of the period's budget spent since T0: the burn rate since T0 times the elapsed share of the period.
    public var budgetUsed: Double?
    /// At the last hour's rate, how long until the budget left (what was left at T0 less what this release used)
    /// is gone; nil when nothing burns.
    public var timeToExhaustion: TimeInterval?
}

extension SLOSpec {
    /// The objective's standing for one cohort at `now`.
    public func standing(of ledger: BurnLedger, cohort: SLOCohort, now: Date, t0: Date?) -> SLOStanding {
        let short = ledger.burnRate(over: 300, at: now, objective: objective)
        let hour = ledger.burnRate(over: 3600, at: now, objective: objective)
        var used: Double?
        if let t0, now > t0, let since = ledger.burnRateSinceStart(objective: objective) {
            used = since * now.timeIntervalSince(t0) / period
        }
        var exhaustion: TimeInterval?
        if let hour, hour > 0 {
            let left = max(0, budgetAtStart - (used ?? 0))
            exhaustion = left * period / hour
        }
        return SLOStanding(cohort: cohort, shortRate: short, hourRate: hour, budgetUsed: used, timeToExhaustion: exhaustion)
    }
}
