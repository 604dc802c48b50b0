import ArgumentParser
import Foundation
#if canImport(CMalloc)
import CMalloc
#endif
import WarRoomCore
import WarRoomFeeds
import WarRoomPlan

/// `warroom evaluate PLAN`: a headless backtest of the plan's triggers against its recorded metric files and logs.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Backtest a plan's triggers against the metric files and logs it names, and print every transition.",
        discussion: """
        Reads the plan's file sources and logs to their end (a rotated FILE.1 first), plays them through the same \
        rules as the war room in event time from T0, and prints status changes, triggers pending / firing / resolved, \
        the first stage's gate, decision points reached, and the canary judge's outcome; with a judge or burn-rate \
        triggers, when each would have said so beside the first threshold trigger. Commands and Prometheus are not run.
        Exit status: 0 no rollback trigger fired; 1 one did; 2 inconclusive (a metric was stale or had no data); \
        3 the plan or the options could not be used.
        """
    )

    @Argument(help: "The release plan (YAML).")
    var plan: String

    @Option(help: "T0 as ISO-8601 (2026-11-22T14:00:00Z); default: the plan's start, else the first sample's time.")
    var t0: String?

    @Flag(help: "Print JSON lines (one transition each, then the outcome) instead of text.")
    var json = false

    @Flag(help: "No progress bar on standard error while a large recording is read.")
    var quiet = false

    func run() throws {
        Self.returnBigBuffersAtOnce()
        let loaded: Plan
        do {
            loaded = try PlanLoader.load(path: plan)
        } catch {
            Console.error(error.description + "\n")
            throw ExitCode(3)
        }
        var recorded = RecordedStreams(plan: loaded)
        guard let start = try startTime(loaded, first: { recorded.first }) else {
            for note in recorded.notes { Console.error("warroom: \(note)\n") }
            Console.error("warroom: no T0: the plan has no start, --t0 was not given, and there is no sample\n")
            throw ExitCode(3)
        }
        // The logs are read as the backtest plays them, so what they held is known, and said, at the end.
        let progress = Console.Progress(total: RecordedStreams.logSize(of: loaded), quiet: quiet)
        let result = Backtest.run(plan: loaded, ordered: recorded.events { progress.advance(by: $0) }, t0: start)
        progress.finish()
        for note in recorded.logSummaries + recorded.notes { Console.error("warroom: \(note)\n") }
        if json { Console.json(result.jsonLines()) } else { Console.out(result.report) }
        if result.outcome != .clean { throw ExitCode(result.outcome.exitCode) }
    }

    /// A log is read a chunk at a time into buffers of up to a few hundred kilobytes, each freed once the backtest
    /// has it. glibc's malloc would start serving such sizes from its heap after the first is freed and keep the
    /// holes between them, so memory crept up with the log's length (1.3 MB a million lines); a fixed threshold keeps
    /// every big buffer mapped on its own and returned when freed, and the peak flat however long the log.
    private static func returnBigBuffersAtOnce() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        #endif
    }

    private func startTime(_ plan: Plan, first: () -> Date?) throws -> Date? {
        if let t0 {
            guard let date = ISO8601DateFormatter().date(from: t0) else {
                Console.error("warroom: --t0 '\(t0)' is not ISO-8601 with a zone, e.g. 2026-11-22T14:00:00Z\n")
                throw ExitCode(3)
            }
            return date
        }
        if let start = plan.release.start { return start }
        return first()
    }
}
