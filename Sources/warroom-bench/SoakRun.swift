import Foundation
import WarRoomCore
import WarRoomFeeds
import WarRoomJournal

/// The war room's loop as `Runtime` runs it (events into the reducer, records into the journal and back, sample
/// windows into the journal every few seconds) with no terminal, fed a simulated release one second at a time.
///
/// Metrics read from sources get the demo simulator's values on its 10 s grid, health checks pass at their own
/// interval, the log gets `logRate` lines a second (one in 500 an error, half of those upstream timeouts), and its
/// derived metrics come from the real `LogDeriver`.
struct SoakRun {
    private(set) var state: AppState
    private let journal: Journal
    private let simulator: Simulator
    private var deriver: LogDeriver
    private var downsampler = SampleDownsampler()
    private let logName: String
    private let logRate: Int
    private let t0: Date
    private(set) var linesFed = 0
    private(set) var samplesFed = 0
    private(set) var entriesRecorded = 0
    /// The runtime's cadence for writing closed sample windows (`Runtime.sampleFlushInterval`).
    static let sampleFlushEvery = 5

    init(plan: Plan, journal: Journal, t0: Date, logRate: Int) throws {
        self.journal = journal
        self.t0 = t0
        self.logRate = logRate
        state = AppState(plan: plan, session: "soak", now: t0)
        let log = plan.logs.first
        logName = log?.name ?? "app"
        let derived = log.map { plan.derivedMetrics(ofLog: $0.name) } ?? []
        deriver = LogDeriver(metrics: derived)
        // Metrics counted from the log come from the deriver, not the simulator.
        let derivedNames = Set(derived.map(\.name))
        simulator = Simulator(metrics: plan.metrics.filter { !derivedNames.contains($0.name) }, scenario: .healthy, seed: 1, t0: t0)
        state.resume(from: try journal.entries(after: 0))
        try record(.sessionAttached(pid: ProcessInfo.processInfo.processIdentifier))
    }

    /// Everything that happens in second `second` after T0.
    mutating func run(second: Int) throws {
        let now = t0.addingTimeInterval(Double(second))
        try dispatch(.tick(now))
        // The simulator's samples lie on its 10 s grid; its few log lines are dropped for the traffic below.
        if second % Int(Simulator.sampleInterval) == 0 {
            for case .sample(let sample) in simulator.events(from: now.addingTimeInterval(-Simulator.sampleInterval), through: now) {
                try dispatch(.sample(sample))
            }
        }
        for check in state.plan.healthChecks where second % max(Int(check.interval), 1) == 0 {
            try dispatch(.sample(MetricSample(name: check.metricName, value: 1, time: now)))
        }
        for index in 0..<logRate {
            let line = logLine(linesFed, at: now.addingTimeInterval(Double(index) / Double(logRate)))
            for sample in deriver.add(line) { try dispatch(.sample(sample)) }
            try dispatch(.log(line))
        }
        if second % Self.sampleFlushEvery == 0 { try journal.append(samples: downsampler.takeClosed(now: now)) }
    }

    /// A distinct line each time, as a real log has; its text is a fresh heap string like a tailed line's.
    private mutating func logLine(_ number: Int, at time: Date) -> LogLine {
        linesFed += 1
        let id = number &* 2_654_435_761 % 100_000
        guard number % 500 == 499 else {
            return LogLine(time: time, level: .info, text: "GET /api/orders/\(id) 200 \(id % 400 + 5)ms", source: logName)
        }
        let text = number % 1000 == 999 ? "upstream timed out after 800ms (inventory) order \(id)"
                                          : "POST /api/orders 502 \(2000 + id % 500)ms"
        return LogLine(time: time, level: .error, text: text, source: logName)
    }

    /// `Runtime.dispatch` without the screen: samples also go to the downsampler, records to the journal.
    private mutating func dispatch(_ event: Event) throws {
        if case .sample(let sample) = event {
            samplesFed += 1
            if state.series[sample.name] != nil { downsampler.add(sample) }
        }
        for case .record(let entry) in state.apply(event) { try append(entry) }
    }

    private mutating func record(_ event: JournalEvent) throws {
        try append(JournalEntry(time: state.now, actor: "soak", session: state.session, event: event))
    }

    /// Durably appends, then folds in what the journal now holds, as the runtime does.
    private mutating func append(_ entry: JournalEntry) throws {
        try journal.append(entry)
        entriesRecorded += 1
        for stored in try journal.entries(after: state.journalSeq) { _ = state.apply(.recorded(stored)) }
    }
}
