import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// `warroom-bench soak`: a simulated release of many hours through the real reducer and journal, in injected time
/// (no sleeping), printing peak memory as it goes: once the fixed-size buffers are full it must stay flat.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run a simulated release through AppState and the journal; print peak memory and buffer sizes."
    )

    @Option(help: "Simulated hours from T0.")
    var hours: Double = 24

    @Option(help: "The plan to run.")
    var plan = "fixtures/plans/canary-web-service.yaml"

    @Option(help: "Log lines per simulated second.")
    var logRate = 20

    @Option(help: "The journal file (default: one in a new temporary directory, removed at the end).")
    var journal: String?

    /// Memory is reported at these hours (those within the run) and at the end.
    static let checkpoints: [Double] = [1, 6, 24]

    func validate() throws {
        guard hours > 0, hours <= 24 * 30 else { throw ValidationError("--hours must be between 0 and 720 (got \(hours))") }
        guard logRate >= 0 else { throw ValidationError("--log-rate cannot be negative") }
    }

    func run() throws {
        let loaded = try BenchPlan.load(plan)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-soak-\(UUID())").path
        let directory = journal == nil ? temporary : nil
        if let directory { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
        let path = journal ?? directory! + "/soak.sqlite"
        let t0 = loaded.release.start ?? Date(timeIntervalSince1970: 1_795_000_000)
        var soak = try SoakRun(plan: loaded, journal: try Journal.open(path: path, plan: loaded), t0: t0, logRate: logRate)

        let total = Int(hours * 3600)
        let marks = Set((Self.checkpoints.filter { $0 < hours } + [hours]).map { Int($0 * 3600) })
        print("simulated  peak RSS   RSS now    series points (fullest)  log lines kept  error secs kept   lines fed  "
              + "samples fed  journal")
        let clock = ContinuousClock()
        let start = clock.now
        for second in 0...total {
            try soak.run(second: second)
            if marks.contains(second) { print(row(soak, at: second)) }
        }
        let seconds = (clock.now - start).components.seconds
        print("\(DurationText.formatPlan(Double(total))) simulated in \(seconds) s; journal \(fileSize(path) / 1024) KiB; "
              + "buffers: series \(Series().capacity) points each, log \(AppState.logCapacity) lines, "
              + "error seconds: the last minute's")
    }

    private func row(_ soak: SoakRun, at second: Int) -> String {
        let memory = ProcessMemory.current()
        let points = soak.state.series.values.map(\.points.count)
        let columns = [
            pad("\(String(format: "%g", Double(second) / 3600))h", 10),
            pad(memory.map { ProcessMemory.mebibytes($0.peak) } ?? "n/a", 10),
            pad(memory.map { ProcessMemory.mebibytes($0.resident) } ?? "n/a", 10),
            pad("\(points.reduce(0, +)) (\(points.max() ?? 0))", 24),
            pad("\(soak.state.logs.count)", 15),
            pad("\(soak.state.recentErrors.buckets.count)", 17),
            pad("\(soak.linesFed)", 10),
            pad("\(soak.samplesFed)", 12),
            "\(soak.entriesRecorded) entries",
        ]
        return columns.joined(separator: " ")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func fileSize(_ path: String) -> Int {
        ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int }.reduce(0, +)
    }
}
