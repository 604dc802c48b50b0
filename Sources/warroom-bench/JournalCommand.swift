import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal
import WarRoomPlan
import WarRoomRuntime
import WarRoomTerminal

/// `warroom-bench journal DIRECTORY`: the journal's three figures on this disk. Durable append latency (one entry
/// per transaction, synced, as a key press records it), resume of a 100,000-event journal (open, read, fold, as
/// `warroom run` starts; without and with a checkpoint), and each export of it. The journal is left in DIRECTORY
/// for `scripts/bench-journal` to time the real `warroom export` and `sqlite3` on.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Measure durable appends, resume and exports of a large journal."
    )

    @Argument(help: "A directory on the disk to measure; the journals are written there.")
    var directory: String

    @Option(help: "The plan the journal is for.")
    var plan = "fixtures/plans/checkout-canary.yaml"

    @Option(help: "Events in the large journal.")
    var events = 100_000

    @Option(help: "Single durable appends to time.")
    var appends = 2_000

    func run() throws {
        let plan = try BenchPlan.load(plan)
        try measureAppends(plan: plan)
        try measureKeyToScreen(plan: plan)
        let path = directory + "/bench-100k.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        let release = SyntheticRelease(plan: plan, events: events)
        let journal = try Journal.open(path: path, plan: plan)
        try journal.append(contentsOf: release.entries)
        try journal.append(samples: release.samples)
        print("journal: \(events) events and \(release.samples.count) sample windows (24 h, \(plan.metrics.count) metrics) in \(path)")
        try measureResume(path: path, plan: plan)
        try measureExports(path: path)
    }

    private func measureAppends(plan: Plan) throws {
        let path = directory + "/bench-append.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        let journal = try Journal.open(path: path, plan: plan)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var latencies: [Double] = []
        for index in 0..<appends {
            let entry = JournalEntry(time: start.addingTimeInterval(Double(index)), actor: "bench", session: "bench",
                                     event: .note(text: "note \(index)"))
            let began = ContinuousClock.now
            try journal.append(entry)
            latencies.append(milliseconds(ContinuousClock.now - began))
        }
        latencies.sort()
        let median = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
        print(String(format: "durable append (%d entries, one synced transaction each): median %.2f ms, p99 %.2f ms (target p99 < 5 ms)",
                     appends, median, p99))
    }

    /// A key press as a person sees it: the real `Runtime` on the text backend reads Space, records the tick
    /// durably, reads it back from the journal, folds it and draws the next frame, which must show it. Timed per key,
    /// its median beside the bare append's above.
    private func measureKeyToScreen(plan: Plan) throws {
        let path = directory + "/bench-key.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        let journal = try Journal.open(path: path, plan: plan)
        let (folded, checkpointSeq) = try journal.folded(plan: plan)
        let terminal = TextTerminal(width: 120, height: 40)
        let layouts = (try LayoutLoader.load(path: "layouts/default.yaml"), try LayoutLoader.load(path: "layouts/compact.yaml"))
        let runtime = Runtime(state: AppState(plan: plan, session: "bench-key", now: Date()), journal: journal, basePlan: plan,
                              journalPath: path, terminal: terminal, clock: WallClock(), actor: "bench", layouts: layouts)
        runtime.attach(resuming: folded, checkpointSeq: checkpointSeq, andStartRelease: false)
        _ = runtime.step(keyWait: 0)
        guard let item = plan.checklist.first?.id else { return }
        var latencies: [Double] = []
        for index in 0..<appends / 4 {
            // A person's keys come tens of milliseconds apart at the fastest: the frame pacing is then never the wait.
            Thread.sleep(forTimeInterval: Runtime.frameInterval)
            terminal.scriptedKeys = [.character(" ")]
            let ticked = index % 2 == 0, mark = ticked ? "[✓]" : "[ ]", frames = terminal.frameCount
            let began = ContinuousClock.now
            // Stepped as the loop runs until a new frame shows it: frames are paced at 30 a second, and that wait is
            // part of what a person sees.
            repeat { _ = runtime.step(keyWait: 0) } while terminal.frameCount == frames
            latencies.append(milliseconds(ContinuousClock.now - began))
            precondition((runtime.state.ticks[item] != nil) == ticked, "the journal holds the tick the key made")
            precondition(terminal.lines.contains { $0.contains(mark) }, "the frame shows it")
        }
        runtime.detach()
        latencies.sort()
        let median = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
        print(String(format: "key to confirmed on screen (%d ticks: read the key, append synced, read back, fold, draw): median %.2f ms, p99 %.2f ms",
                     latencies.count, median, p99))
    }

    /// What `warroom run` does before its screen opens: open the journal, fold it from its newest checkpoint,
    /// restore the state. First with no checkpoint (the whole journal folded), then with one 999 entries behind
    /// the newest: the most a running session leaves unfolded before it writes the next.
    private func measureResume(path: String, plan: Plan) throws {
        let full = try timeResume(path: path, plan: plan)
        let behind = min(999, events)
        let journal = try Journal.open(path: path, plan: plan)
        let checkpoint = FoldedState(plan: plan).folding(Array(try journal.entries().dropLast(behind)))
        try journal.writeCheckpoint(checkpoint, plan: plan)
        let resumed = try timeResume(path: path, plan: plan)
        precondition(resumed.folded == full.folded, "a resume from the checkpoint must equal the full fold")
        print(String(format: "resume without a checkpoint (open, read and fold %d events): %.0f ms (open %.0f, read and fold %.0f), best of 3",
                     events, full.total, full.open, full.fold))
        print(String(format: "resume from a checkpoint %d events behind (open, read it and fold the rest): %.0f ms (open %.0f, read and fold %.0f), best of 3 (target < 200 ms)",
                     behind, resumed.total, resumed.open, resumed.fold))
    }

    /// The runtime's resume, best of three: `Journal.folded(plan:)`, then the state restored from it.
    private func timeResume(path: String, plan: Plan) throws -> (total: Double, open: Double, fold: Double, folded: FoldedState) {
        var best = (total: Double.infinity, open: 0.0, fold: 0.0, folded: FoldedState(plan: plan))
        for _ in 0..<3 {
            let began = ContinuousClock.now
            let journal = try Journal.open(path: path, plan: plan)
            let opened = ContinuousClock.now
            let folded = try journal.folded(plan: plan).state
            var state = AppState(plan: plan, session: "bench-resume", now: Date())
            state.resume(from: folded)
            let done = ContinuousClock.now
            precondition(state.resumedEntries == events)
            if milliseconds(done - began) < best.total {
                best = (milliseconds(done - began), milliseconds(opened - began), milliseconds(done - opened), folded)
            }
        }
        return best
    }

    /// What `warroom export` does: read the journal, render; best of three each.
    private func measureExports(path: String) throws {
        for format in ExportFormat.allCases {
            var best = Double.infinity, bytes = 0
            for _ in 0..<3 {
                let began = ContinuousClock.now
                let text = try format.render(try Journal.openForReading(path: path))
                bytes = text.utf8.count
                best = min(best, milliseconds(ContinuousClock.now - began))
            }
            let name = format.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("export \(name) " + String(format: "(read and render %d events): %.0f ms, %.1f MB, best of 3 (target < 1000 ms)",
                                                events, best, Double(bytes) / 1e6))
        }
    }
}

/// A measured span in milliseconds, for printing.
private func milliseconds(_ duration: Duration) -> Double { duration / .milliseconds(1) }
