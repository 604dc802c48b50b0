import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import WarRoomCore
import WarRoomJournal
import WarRoomPlan
import WarRoomRuntime
import WarRoomTerminal
import WarRoomUI

/// `warroom-bench shared-latency --database URL`: how long an action taken on one machine takes to show in another war
/// room on the same shared journal. This process is the writer: it appends notes at a steady pace, as `warroom note`
/// does, each carrying its index and the moment it was sent. A child process (`--watch`) is the other war room: the
/// real `Runtime` on a text terminal, paced by its own loop (it sleeps until a timer, or its inbox, woken by LISTEN,
/// says an entry landed), printing each note the moment its fold has it. Both read the machine's monotonic clock, so
/// seen − sent is the latency. Done on PostgreSQL (LISTEN/NOTIFY) and, as the reference, on a SQLite file journal
/// (looked at twice a second); fails unless the watcher saw every note on both.
struct SharedLatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shared-latency",
        abstract: "Measure how fast a note from one process shows in another war room's fold, on PostgreSQL and on SQLite."
    )

    @Option(help: "The PostgreSQL database to measure on: a postgresql:// URL (scripts/bench-shared starts one).")
    var database: String?

    @Option(help: "Notes to send to each journal.")
    var notes = 200

    @Option(name: .customLong("interval-ms"), help: "Milliseconds between notes, on average.")
    var intervalMilliseconds = 50

    @Option(name: .customLong("jitter-ms"), help: "Each interval is moved by up to this many milliseconds either way.")
    var jitterMilliseconds = 20

    @Option(help: "The jitter's seed (default: a random one, printed).")
    var seed: UInt64?

    @Option(help: "Milliseconds to wait, after the last note, for the watcher to see the rest.")
    var patience = 5_000

    @Option(help: "The plan the journals are for.")
    var plan = "fixtures/plans/checkout-canary.yaml"

    @Option(help: "The directory holding the default and compact layouts.")
    var layouts = "layouts"

    @Option(help: "Where the SQLite journal and the watcher's spool go (default: a new temporary directory, removed at the end).")
    var directory: String?

    // The watcher's side, given by the writer.
    @Flag(help: .hidden) var watch = false
    @Option(help: .hidden) var journal: String?
    @Option(name: .customLong("journal-name"), help: .hidden) var journalName: String?
    @Option(help: .hidden) var spool: String?

    /// Every note's text starts so; the index and the send time follow.
    static let prefix = "shared-latency note "

    func validate() throws {
        guard notes > 0, notes <= 100_000 else { throw ValidationError("--notes must be between 1 and 100000") }
        guard intervalMilliseconds > 0, jitterMilliseconds >= 0, jitterMilliseconds < intervalMilliseconds else {
            throw ValidationError("--interval-ms must be positive and --jitter-ms below it")
        }
        if watch {
            guard journal != nil else { throw ValidationError("--watch needs --journal") }
        } else {
            guard database != nil else {
                throw ValidationError("give --database postgresql://…; scripts/bench-shared starts a private PostgreSQL and passes it")
            }
        }
    }

    func run() throws {
        if watch { return try Watcher(command: self).run() }
        let seed = self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-shared-\(UUID())").path
        let directory = self.directory ?? temporary
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if self.directory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        _ = try BenchPlan.load(plan)  // a bad plan is a usage error here, not a watcher that never starts
        guard case .postgres(let address) = try JournalAddress.parse(database!, environment: ProcessInfo.processInfo.environment) else {
            throw ValidationError("--database must be a postgresql:// URL")
        }
        print("shared-latency: \(notes) notes to each journal, one every \(intervalMilliseconds) ms ± \(jitterMilliseconds) ms "
              + "(seed \(seed)), appended by this process as `warroom note` appends; watched by the real Runtime in a child "
              + "process on a 120x40 text terminal, paced by its own loop; latency = the moment its fold has the note − "
              + "the moment the note was sent (one machine, one monotonic clock)")
        let run = UUID().uuidString.prefix(8).lowercased()
        let name = "bench-shared-\(run)"
        let postgres = try measure(store: "PostgreSQL (LISTEN wake-ups)", seed: seed,
                                   watcher: ["--journal", database!, "--journal-name", name, "--spool", directory + "/spool-\(run).sqlite"],
                                   writer: { try PostgresJournal.openExisting(address, name: name) })
        let path = directory + "/shared-\(run).sqlite"
        let sqlite = try measure(store: "SQLite file (looked at every 0.5 s)", seed: seed, watcher: ["--journal", path],
                                 writer: { try Journal.openExisting(path: path) })
        print("")
        print("shared journal, note → other war room's fold: PostgreSQL \(postgres.summary) · SQLite file \(sqlite.summary)")
        for result in [postgres, sqlite] where result.latencies.count != notes {
            print("FAIL: \(result.store): the watcher saw \(result.latencies.count) of \(notes) notes")
            throw ExitCode(1)
        }
    }

    // MARK: The writer

    struct Result {
        let store: String
        /// Seen − sent, in milliseconds, sorted.
        let latencies: [Double]
        let sent: Int

        func percentile(_ p: Int) -> Double { latencies[min(latencies.count - 1, latencies.count * p / 100)] }
        var summary: String {
            guard !latencies.isEmpty else { return "none seen (0/\(sent))" }
            return "p50 \(Self.format(percentile(50))) ms p95 \(Self.format(percentile(95))) ms max \(Self.format(latencies.last!)) ms "
                + "(\(latencies.count)/\(sent))"
        }

        static func format(_ milliseconds: Double) -> String {
            milliseconds < 10 ? String(format: "%.1f", milliseconds) : String(format: "%.0f", milliseconds)
        }
    }

    /// Starts the watcher on the journal, waits until it has attached, sends the notes, and collects what it saw.
    private func measure(store: String, seed: UInt64, watcher arguments: [String],
                         writer open: () throws -> any JournalStore) throws -> Result {
        let child = try WatcherProcess(arguments: ["shared-latency", "--watch", "--notes", "\(notes)", "--plan", plan,
                                                   "--layouts", layouts] + arguments)
        defer { child.stop() }
        guard child.waitFor({ $0.contains { $0.hasPrefix("ready") } }, seconds: 60) else {
            throw ValidationError("\(store): the watcher did not start: \(child.lines.joined(separator: "\n"))")
        }
        let writer = try open()
        var random = SplitMix64(seed: seed)
        var appends: [Double] = []
        var next = Monotonic.nanoseconds() + UInt64(intervalMilliseconds) * 1_000_000
        for index in 0..<notes {
            Monotonic.sleep(until: next)
            let sent = Monotonic.nanoseconds()
            try writer.append(JournalEntry(time: Date(), actor: "bench-writer", session: "note-\(getpid())",
                                           event: .note(text: "\(Self.prefix)\(index) sent \(sent)")))
            appends.append(Double(Monotonic.nanoseconds() - sent) / 1e6)
            let jitter = Int64(random.next() % UInt64(2 * jitterMilliseconds + 1)) - Int64(jitterMilliseconds)
            next += UInt64(Int64(intervalMilliseconds) + jitter) * 1_000_000
        }
        if let journal = writer as? PostgresJournal { journal.close() }
        let complete = child.waitFor({ lines in lines.count(where: { $0.hasPrefix("seen ") }) >= notes || lines.contains { $0.hasPrefix("done") } },
                                     seconds: Double(patience) / 1000)
        if complete { _ = child.waitFor({ $0.contains { $0.hasPrefix("done") } }, seconds: 10) }
        var seen: [Int: Double] = [:]
        var loop = ""
        for line in child.lines {
            let fields = line.split(separator: " ")
            if fields.first == "seen", fields.count == 4, let index = Int(fields[1]), let sent = UInt64(fields[2]),
               let at = UInt64(fields[3]), seen[index] == nil {
                seen[index] = Double(Int64(bitPattern: at &- sent)) / 1e6
            } else if fields.first == "done" {
                loop = String(line.dropFirst("done ".count))
            }
        }
        appends.sort()
        let result = Result(store: store, latencies: seen.values.sorted(), sent: notes)
        print("\(store): seen \(seen.count)/\(notes); note → other war room's fold \(result.summary); "
              + "the writer's append p50 \(Result.format(appends[appends.count / 2])) ms, p95 \(Result.format(appends[appends.count * 95 / 100])) ms"
              + (loop.isEmpty ? "" : "; the watcher's loop: \(loop)"))
        return result
    }

    // MARK: The watcher

    /// The other war room: opens the journal as `warroom run` does (a database behind a spool), runs the real
    /// `Runtime` as `Runtime.run` does, and prints `seen INDEX SENT AT` when a note first shows in its fold.
    struct Watcher {
        let command: SharedLatencyCommand

        func run() throws {
            let plan = try BenchPlan.load(command.plan)
            let layouts = (preferred: try LayoutLoader.load(path: command.layouts + "/default.yaml"),
                           compact: try LayoutLoader.load(path: command.layouts + "/compact.yaml"))
            let environment = ProcessInfo.processInfo.environment
            let store = try JournalAddress.parse(command.journal!, environment: environment)
                .openForWarRoom(plan: plan, name: command.journalName, spool: command.spool, environment: environment)
            let basePlan = try store.storedPlan()
            let (folded, checkpointSeq) = try store.folded(plan: basePlan)
            let terminal = WaitingTerminal(TextTerminal(width: 120, height: 40))
            let runtime = Runtime(state: AppState(plan: folded.plan, session: "watcher-\(getpid())", now: Date()), journal: store,
                                  basePlan: basePlan, journalPath: store.location, terminal: terminal, clock: WallClock(),
                                  actor: "watcher", layouts: layouts)
            runtime.attach(resuming: folded, checkpointSeq: checkpointSeq, andStartRelease: false)
            _ = runtime.step()
            emit("ready")
            var seen = Set<Int>()
            var steps = 0
            let began = Monotonic.nanoseconds()
            while seen.count < command.notes {
                if runtime.step() != nil { break }
                let now = Monotonic.nanoseconds()
                steps += 1
                // The fold keeps the newest notes; at this pace a turn brings a few at most.
                for note in runtime.state.notes where note.text.hasPrefix(SharedLatencyCommand.prefix) {
                    let fields = note.text.dropFirst(SharedLatencyCommand.prefix.count).split(separator: " ")
                    guard fields.count == 3, let index = Int(fields[0]), seen.insert(index).inserted else { continue }
                    emit("seen \(index) \(fields[2]) \(now)")
                }
            }
            let seconds = Double(Monotonic.nanoseconds() - began) / 1e9
            runtime.detach()
            emit(String(format: "done %d turns in %.1f s (%.1f a second), %d frames", steps, seconds, Double(steps) / seconds,
                        terminal.text.frameCount))
        }

        private func emit(_ line: String) {
            print(line)
            fflush(nil)  // every line at once: the writer times nothing by it, but waits on it
        }
    }
}

/// The text terminal, waiting as the curses terminal does: `readKey` sleeps in poll(2) on the loop's wake
/// descriptor until the timeout the loop asked for (there is no keyboard), so the loop turns only when a timer is due
/// or its inbox is woken, as `warroom run` turns.
final class WaitingTerminal: TerminalBackend {
    func copyToClipboard(_ text: String) -> Bool { false }
    let text: TextTerminal

    init(_ text: TextTerminal) { self.text = text }

    var size: (width: Int, height: Int) { text.size }
    var pendingSignal: Int32? { text.pendingSignal }
    func draw(_ buffer: Buffer) { text.draw(buffer) }
    func bell() { text.bell() }
    func restore() { text.restore() }

    func readKey(timeoutMilliseconds: Int, wake: Int32?) -> Key? {
        if let key = text.readKey(timeoutMilliseconds: 0, wake: nil) { return key }
        guard timeoutMilliseconds > 0 else { return nil }
        var watched = [pollfd(fd: wake ?? -1, events: Int16(POLLIN), revents: 0)]
        _ = poll(&watched, 1, Int32(clamping: timeoutMilliseconds))
        return nil
    }
}

/// The watcher as a child process: its lines as they come, read on a thread of their own.
final class WatcherProcess {
    private let process: Process
    private let received = Lines()

    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    init(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let handle = output.fileHandleForReading
        let received = self.received
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...end)
                    received.lines.withLock { $0.append(line) }
                }
            }
        }
    }

    var lines: [String] { received.lines.withLock { $0 } }

    /// Waits until `done` holds for the lines so far, or `seconds` pass, or the watcher exits; true if it held.
    func waitFor(_ done: ([String]) -> Bool, seconds: Double) -> Bool {
        let deadline = Monotonic.nanoseconds() + UInt64(seconds * 1e9)
        while Monotonic.nanoseconds() < deadline {
            if done(lines) { return true }
            if !process.isRunning {
                Thread.sleep(forTimeInterval: 0.1)  // its last lines
                return done(lines)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return done(lines)
    }

    /// Ends the watcher if it is still running, and reaps it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// The machine's monotonic clock, which every process on it reads alike.
enum Monotonic {
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    static func sleep(until deadline: UInt64) {
        let now = nanoseconds()
        guard deadline > now else { return }
        var request = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &request, nil) == EINTR {}
    }
}

/// A small seeded generator, so a run's pacing can be repeated from its printed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1330_11eb
        return z ^ (z >> 31)
    }
}
