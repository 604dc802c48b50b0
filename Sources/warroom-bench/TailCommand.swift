import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomFeeds

/// `warroom-bench tail FILE`: reads a log from its start to its end through `LogFileFeed`, the very feed
/// `warroom run` follows logs with (tailer, line parser, errors pattern, derived metrics), and says how fast.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Read a log file through warroom's tail-and-parse path and print lines per second.",
        discussion: """
        With --plan, the plan's log (--log, else its first) supplies the errors pattern and the derived metrics, as \
        in warroom run; --errors gives an errors pattern alone.
        """
    )

    @Argument(help: "The log file, read from its first line.")
    var file: String

    @Option(help: "A plan whose log's errors pattern and derived metrics apply, as in warroom run.")
    var plan: String?

    @Option(help: "Which of the plan's logs (default: its first).")
    var log: String?

    @Option(help: "An errors pattern, as a plan's log has (instead of --plan).")
    var errors: String?

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard plan == nil || errors == nil else { throw ValidationError("--errors and --plan cannot be used together") }
    }

    func run() throws {
        var spec: LogSpec?
        var derived: [(name: String, derivation: LogDerivation)] = []
        if let plan {
            let loaded = try BenchPlan.load(plan)
            guard let found = loaded.logs.first(where: { log == nil || $0.name == log }) else {
                throw ValidationError("\(plan) has no log \(log.map { "named '\($0)'" } ?? "at all")")
            }
            spec = found
            derived = loaded.derivedMetrics(ofLog: found.name)
        }
        var feed = LogFileFeed(path: file, name: spec?.name, startAtEnd: false, backlogBytes: 0,
                               errorPattern: spec?.errorPattern ?? errors, derived: LogDeriver(metrics: derived))
        var lines = 0, errorLines = 0, samples = 0
        let clock = ContinuousClock()
        let start = clock.now
        // A poll reads at most 1 MiB, so the file goes through as many polls as a busy log would between frames.
        while true {
            var read = 0
            for event in feed.pollOnce(now: Date()) {
                switch event {
                case .logs(let batch):
                    read += batch.lineCount
                    errorLines += batch.errorCount
                case .sample: samples += 1
                default: break
                }
            }
            if read == 0 { break }
            lines += read
        }
        let elapsed = clock.now - start
        let seconds = elapsed / .seconds(1)
        print("lines \(lines)  errors \(errorLines)  derived samples \(samples)  seconds \(String(format: "%.3f", seconds))  "
              + "lines/s \(Int(Double(lines) / max(seconds, 1e-9)))")
    }
}
