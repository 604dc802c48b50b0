import ArgumentParser
import Foundation
import GRDB
import WarRoomCore
import WarRoomJournal
import WarRoomPlan
import WarRoomRuntime
import WarRoomTerminal
import WarRoomUI

/// `warroom-bench soak`: a simulated release of many hours through the real `Runtime` (the one `warroom run` runs) on
/// the text backend, with its release and wall clocks moved on by hand a quarter second a step, so a day takes minutes.
/// It evaluates alone: ten metrics at 1 Hz and a log of 20 lines a second go through its evaluator turns into the
/// journal and back into its fold. Prints memory, entries and the journal's size as it goes, then what the journal
/// holds; a day's journal over `--limit` fails the run.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run the real Runtime through a simulated release; print memory and the journal's size."
    )

    @Option(help: "Simulated hours from T0.")
    var hours: Double = 24

    @Option(help: "Log lines per simulated second.")
    var logRate = 20

    @Option(help: "The journal file (default: one in a new temporary directory, removed at the end).")
    var journal: String?

    @Option(help: "Most megabytes (10^6 bytes) the journal may hold per simulated day; checked for runs of 24 h or more.")
    var limit: Double = 200

    @Option(help: "The directory holding the default and compact layouts.")
    var layouts = "layouts"

    /// Figures are printed at these hours (those within the run) and at the end.
    static let marks: [Double] = [1, 6, 24]
    /// The runtime is stepped this often, in both clocks' seconds.
    static let step: TimeInterval = 0.25

    func validate() throws {
        guard hours > 0, hours <= 24 * 30 else { throw ValidationError("--hours must be between 0 and 720 (got \(hours))") }
        guard logRate >= 0, logRate <= 10_000 else { throw ValidationError("--log-rate must be between 0 and 10000") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let plan = try SoakTraffic.plan()
        let layouts = (preferred: try LayoutLoader.load(path: self.layouts + "/default.yaml"),
                       compact: try LayoutLoader.load(path: self.layouts + "/compact.yaml"))
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-soak-\(UUID())").path
        let directory = journal == nil ? temporary : nil
        if let directory { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
        let path = journal ?? directory! + "/soak.sqlite"
        if journal != nil, FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) exists: the soak starts a release of its own in a new journal")
        }

        let t0 = Date(timeIntervalSince1970: 1_796_569_200)  // 2026-12-06 15:00 UTC
        let traffic = SoakTraffic(t0: t0, linesPerSecond: logRate)
        print("soak: the real Runtime on the text backend, 120x40; \(SoakTraffic.metricCount) metrics at 1 Hz, "
              + "\(logRate) log lines/s (1 in 500 ERROR, 1 in 50 WARN), journal_rate default "
              + "(\(LogRecord.defaultRate)/s below WARN); stepped every \(Self.step) s of both clocks")
        print("journal: \(path)")
        let steps = try soak(plan: plan, layouts: layouts, path: path, traffic: traffic)
        try report(path: path, traffic: traffic, steps: steps)
    }

    /// Runs the war room for `hours`, printing a row at each mark; returns the steps taken and the wall time.
    private func soak(plan: Plan, layouts: (preferred: LayoutSpec, compact: LayoutSpec), path: String, traffic: SoakTraffic) throws
        -> (count: Int, seconds: Double) {
        let clock = ManualClock(traffic.t0), wall = ManualClock(traffic.t0)
        // Opened as `warroom run` opens it (Session.run), minus the curses terminal.
        let journal = try Journal.open(path: path, plan: plan)
        let basePlan = try journal.storedPlan()
        let (folded, checkpointSeq) = try journal.folded(plan: basePlan)
        let terminal = TextTerminal(width: 120, height: 40)
        let runtime = Runtime(state: AppState(plan: folded.plan, session: "soak", now: clock.now()), journal: journal,
                              basePlan: basePlan, journalPath: path, terminal: terminal, clock: clock, wall: wall,
                              actor: "soak", layouts: layouts)
        runtime.pullEvents { now in traffic.events(through: now) }
        runtime.attach(resuming: folded, checkpointSeq: checkpointSeq, andStartRelease: true)

        let perSecond = Int((1 / Self.step).rounded())
        let total = Int((hours * 3600).rounded()) * perSecond
        let marks = Set((Self.marks.filter { $0 < hours } + [hours]).map { Int(($0 * 3600).rounded()) * perSecond })
        print(Mark.header)
        let began = ContinuousClock.now
        for step in 1...total {
            clock.advance(by: Self.step)
            wall.advance(by: Self.step)
            if let status = runtime.step(keyWait: 0) {
                throw ValidationError("the runtime stopped after \(Double(step) * Self.step) s with status \(status)")
            }
            if step == 1, !runtime.isEvaluating { throw ValidationError("the soak's war room did not become the evaluator") }
            if marks.contains(step) {
                print(Mark(hours: Double(step) * Self.step / 3600, wall: (ContinuousClock.now - began) / .seconds(1),
                          runtime: runtime, journalBytes: Self.fileSizes(path).total, frames: terminal.frameCount).text)
            }
        }
        runtime.detach()
        let seconds = (ContinuousClock.now - began) / .seconds(1)
        if let failure = runtime.writeFailure { throw ValidationError("the journal refused writes: \(failure)") }
        return (total, seconds)
    }

    /// What the journal holds once the war room has gone: a final checkpoint of the WAL into the file, its size,
    /// and its rows and payload bytes by kind.
    private func report(path: String, traffic: SoakTraffic, steps: (count: Int, seconds: Double)) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let kinds = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kind, count(*), sum(length(CAST(payload AS BLOB))) FROM events GROUP BY kind ORDER BY 3 DESC
                """).map { (kind: $0[0] as String, count: $0[1] as Int, bytes: $0[2] as Int) }
        }
        let windows = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM samples") ?? 0 }
        // Pages per table and index, where SQLite was built with the dbstat table (Debian's is).
        let tables = (try? queue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
                .map { (name: $0[0] as String, bytes: $0[1] as Int) }
        }) ?? []
        try queue.close()
        let size = Self.fileSizes(path)
        let entries = kinds.reduce(0) { $0 + $1.count }

        print(String(format: "%@ simulated in %.0f s of wall time (%.0fx real time, %.2f ms a step); %d steps, "
                     + "%d samples and %d log lines fed",
                     DurationText.formatPlan(hours * 3600), steps.seconds, hours * 3600 / steps.seconds,
                     steps.seconds * 1000 / Double(steps.count), steps.count, traffic.samplesFed, traffic.linesFed))
        print("")
        print("kind                   entries   payload MB   bytes/entry")
        for kind in kinds {
            print(pad(kind.kind, 20) + padLeft(Self.grouped(kind.count), 10) + padLeft(Self.megabytes(kind.bytes), 13)
                  + padLeft("\(kind.count > 0 ? kind.bytes / kind.count : 0)", 14))
        }
        print(pad("all", 20) + padLeft(Self.grouped(entries), 10)
              + padLeft(Self.megabytes(kinds.reduce(0) { $0 + $1.bytes }), 13))
        print("sample windows (10 s, for the charts): \(Self.grouped(windows)) rows")
        if !tables.isEmpty {
            let large = tables.filter { $0.bytes >= 50_000 }
            print("on disk by table and index: " + large.map { "\($0.name) \(Self.megabytes($0.bytes)) MB" }.joined(separator: ", ")
                  + (large.count < tables.count ? " (the rest under 0.05 MB)" : ""))
        }
        print("")
        let perDay = Double(size.total) * 24 / hours
        print("journal after a final checkpoint: \(Self.megabytes(size.total)) MB (file \(Self.megabytes(size.main)) MB"
              + " + wal \(Self.megabytes(size.wal)) MB), \(Self.megabytes(Int(perDay))) MB a simulated day at this rate")
        if hours >= 24 {
            let allowed = limit * 1e6 * hours / 24
            guard Double(size.total) <= allowed else {
                print("FAIL: over the limit of \(Self.megabytes(Int(allowed))) MB (\(Self.megabytes(Int(limit * 1e6))) MB a day)")
                throw ExitCode(1)
            }
            print("OK: under the limit of \(Self.megabytes(Int(allowed))) MB (\(Self.megabytes(Int(limit * 1e6))) MB a day)")
        } else {
            print("(the \(Self.megabytes(Int(limit * 1e6))) MB limit is checked on runs of 24 h or more)")
        }
    }

    /// One line of figures at a mark.
    private struct Mark {
        static let header = "simulated  wall      peak RSS   RSS now    entries    journal MB  frames     series points (fullest)  "
            + "log lines kept  error secs kept"
        let text: String

        init(hours: Double, wall: Double, runtime: Runtime, journalBytes: Int, frames: Int) {
            let memory = ProcessMemory.current()
            let points = runtime.state.series.values.map(\.points.count)
            text = [
                pad(String(format: "%gh", hours), 10),
                pad(String(format: "%.0f s", wall), 9),
                pad(memory.map { ProcessMemory.mebibytes($0.peak) } ?? "n/a", 10),
                pad(memory.map { ProcessMemory.mebibytes($0.resident) } ?? "n/a", 10),
                pad(SoakCommand.grouped(Int(runtime.state.journalSeq)), 10),
                pad(SoakCommand.megabytes(journalBytes), 11),
                pad(SoakCommand.grouped(frames), 10),
                pad("\(points.reduce(0, +)) (\(points.max() ?? 0))", 24),
                pad("\(runtime.state.logs.count)", 15),
                "\(runtime.state.recentErrors.buckets.count)",
            ].joined(separator: " ")
        }
    }

    /// The journal's file and its WAL, in bytes; a file not there counts 0.
    static func fileSizes(_ path: String) -> (main: Int, wal: Int, total: Int) {
        func size(_ file: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 }
        let main = size(path), wal = size(path + "-wal")
        return (main, wal, main + wal)
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        return digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
        }.joined()
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

private func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
