import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom-bench traffic DIR`: a live service for `warroom run` to watch, in real time. Writes the soak's plan to
/// `DIR/plan.yaml`, then appends its ten metrics once a second to `DIR/metrics.jsonl` and its log lines to
/// `DIR/orders-api.log` as they fall due, for `--seconds`, and prints how many it wrote. `scripts/bench-live` runs it
/// beside `warroom run` and lnav.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Write a live service's metrics and log in real time for warroom run to follow."
    )

    @Argument(help: "The directory for plan.yaml, metrics.jsonl and orders-api.log.")
    var directory: String

    @Option(help: "How long to write, in seconds.")
    var seconds: Double = 60

    @Option(help: "Log lines a second.")
    var linesPerSecond: Int = 20

    @Option(help: "How often the log is appended to, in milliseconds (a busy service flushes often).")
    var flushMilliseconds: Int = 10

    @Flag(help: "Only write plan.yaml, then stop.")
    var planOnly = false

    func validate() throws {
        guard seconds > 0, linesPerSecond >= 0, flushMilliseconds > 0 else {
            throw ValidationError("--seconds and --flush-milliseconds must be above 0, --lines-per-second at least 0")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SoakTraffic.planText.write(to: folder.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        guard !planOnly else { return }
        let metrics = try Appender(folder.appendingPathComponent("metrics.jsonl").path)
        let log = try Appender(folder.appendingPathComponent("\(SoakTraffic.log).log").path)

        let start = Date()
        let traffic = SoakTraffic(t0: start, linesPerSecond: linesPerSecond)
        var errors = 0, lines = 0, samples = 0
        let end = start.addingTimeInterval(seconds)
        while true {
            let now = min(Date(), end)
            var text = "", rows: [Date: [(String, Double)]] = [:]
            for event in traffic.events(through: now) {
                switch event {
                case .sample(let sample):
                    rows[sample.time, default: []].append((sample.name, sample.value))
                    samples += 1
                case .logs(let batch):
                    for line in batch.lines { text += line.text + "\n" }
                    lines += batch.lineCount
                    errors += batch.errorCount
                default:
                    break
                }
            }
            try log.append(text)
            for (time, values) in rows.sorted(by: { $0.key < $1.key }) {
                let fields = values.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
                try metrics.append("{\"time\": \(time.timeIntervalSince1970), \(fields)}\n")
            }
            if now >= end { break }
            usleep(useconds_t(flushMilliseconds * 1000))
        }
        print("lines \(lines)  errors \(errors)  samples \(samples)")
    }
}

/// A file appended to with one write(2) per call, as a service's logger does.
private struct Appender {
    let descriptor: Int32

    init(_ path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))") }
    }

    func append(_ text: String) throws {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ValidationError("cannot write: \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(written)
        }
    }
}
