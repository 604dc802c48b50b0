import Foundation
import WarRoomCore

/// Runs a shell command every interval and turns what it prints into `.sample` events, plus a `.source` report
/// whenever its health changes.
///
/// A run that outlives its timeout, exits non-zero, is killed, or prints nothing readable is a failure in the
/// report, never a sample: a broken probe must make its metrics stale, not zero. The next good run clears it.
/// Each run's output is a document of its own (a CSV header is expected in every run).
public struct CommandFeed: Sendable {
    /// What reports call the source: the plan's source name.
    public let name: String
    public let command: ShellCommand
    public let format: MetricFormat
    private let renames: [String: String]
    private var health: FeedHealth

    /// - Parameter renames: `[series: metric]`, so a plan metric reading `series:` gets samples under its own
    ///   name; other names pass unchanged.
    public init(name: String, command: ShellCommand, format: MetricFormat, renames: [String: String] = [:]) {
        self.name = name
        self.command = command
        self.format = format
        self.renames = renames
        self.health = FeedHealth(source: name)
    }

    /// Runs the command once: its samples (stamped `now`, the start of the run, when they carry no time), then a
    /// report if health changed.
    public mutating func runOnce(now: Date) async -> [Event] {
        let outcome = await command.run()
        return events(for: outcome, startedAt: now)
    }

    /// What one run's outcome means: pure, so every kind of failure can be tested without a process.
    public mutating func events(for outcome: CommandOutcome, startedAt: Date) -> [Event] {
        var samples: [MetricSample] = []
        var failure = outcome.failure
        if failure == nil, case .finished(_, let output, _) = outcome {
            (samples, failure) = read(output, startedAt: startedAt)
        }
        var events = samples.map { Event.sample($0.renamed(by: renames)) }
        if let report = health.report(failure: failure) { events.append(.source(report)) }
        return events
    }

    /// The samples of a successful run's output; a failure when it holds none.
    private mutating func read(_ output: [UInt8], startedAt: Date) -> ([MetricSample], String?) {
        var parser = MetricParser(format: format)
        var samples: [MetricSample] = []
        var lastError: String?
        for (index, line) in CommandOutcome.lines(of: output).enumerated() {
            switch parser.parse(line, arrival: startedAt) {
            case .success(let found):
                samples += found
            case .failure(let error):
                let reason = "line \(index + 1): \(error)"
                health.malformed(line, because: reason)
                lastError = reason
            }
        }
        guard samples.isEmpty else { return (samples, nil) }
        if let lastError { return ([], "printed nothing readable as \(format.rawValue) (\(lastError))") }
        return ([], "printed no samples")
    }

    /// Runs the command every `interval` (start to start; a slow run delays the next, never overlaps it) until the
    /// task is cancelled, which also kills a run in progress.
    public func run(interval: Duration, now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        var feed = self
        await Polling.every(interval, emit: emit) { await feed.runOnce(now: now()) }
    }
}
