import Foundation
import Synchronization
import Testing
import WarRoomCore
import WarRoomJournal
import WarRoomPlan
import WarRoomRuntime
import WarRoomTerminal
import WarRoomTestSupport
import WarRoomUI

/// Time a test sets: the release clock and the wall clock of every war room in a test.
final class ManualClock: Clock, Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    func now() -> Date { time.withLock { $0 } }
    func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A metric file as a test writes it: samples with their own times, read by whichever war room evaluates, from its
/// start, as `MetricFileFeed` reads a file by default.
final class MetricScript: Sendable {
    private let samples = Mutex<[MetricSample]>([])

    func write(_ name: String, _ value: Double, at time: Date) {
        samples.withLock { $0.append(MetricSample(name: name, value: value, time: time)) }
    }

    /// A feed of this file for one war room: everything up to `now` it has not read yet, from the file's start.
    func reader() -> (Date) -> [Event] {
        let read = Mutex(0)
        return { [self] now in
            let all = samples.withLock { $0 }
            return read.withLock { count in
                let new = all[count...].prefix { $0.time <= now }
                count += new.count
                return new.map(Event.sample)
            }
        }
    }
}

/// One war room on a shared journal: the real `Runtime` on a text terminal, stepped by the test.
final class WarRoom {
    let runtime: Runtime
    let terminal: TextTerminal
    let actor: String
    /// Set when the test "kills" it: it is no longer stepped, and never detaches.
    var killed = false

    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func plan(trigger: String = "error_rate > 2% for 20s") throws -> Plan {
        Plan(
            release: ReleaseInfo(name: "ledger-writer", version: "7.3.1", owner: "Dana", onCall: "Sam"),
            strategy: .canary,
            stages: [
                Stage(name: "Canary 5%", traffic: 5, minDuration: 300, gateMetrics: ["error_rate"]),
                Stage(name: "Full 100%", traffic: 100, minDuration: 0, gateMetrics: []),
            ],
            metrics: [
                MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2)),
            ],
            triggers: [try TriggerRule(parsing: trigger)],
            rollback: RollbackPlan(steps: [RollbackStep("Abort the rollout")]),
            checklist: [ChecklistItem(id: "launch_day.1", phase: .launchDay, text: "Smoke tests pass")]
        )
    }

    static let layouts: (preferred: LayoutSpec, compact: LayoutSpec) = {
        let load = { (name: String) in try! LayoutLoader.load(path: Repository.path("layouts/\(name).yaml")) }
        return (load("default"), load("compact"))
    }()

    /// Opens the journal as `warroom run` does and attaches; `pid` only tells war rooms apart (each is on a host of
    /// its own, so none judges another by its pid: only silence tells a dead one).
    init(_ actor: String, journal: any JournalStore, plan: Plan, clock: ManualClock, wall: ManualClock, metrics: MetricScript,
         pid: Int32, start: Bool = false, leaseTimeout: TimeInterval = 5) throws {
        let base = try journal.storedPlan()
        let (folded, checkpointSeq) = try journal.folded(plan: base)
        let amendment = try PlanAmendment.between(folded.plan, plan, progress: folded).get()
        terminal = TextTerminal(width: 120, height: 40)
        self.actor = actor
        let session = "\(actor)-\(pid)"
        runtime = Runtime(state: AppState(plan: folded.plan, session: session, now: clock.now()), journal: journal,
                          basePlan: base, journalPath: journal.location, terminal: terminal, clock: clock, wall: wall, actor: actor,
                          identity: Runtime.Identity(pid: pid, host: "host-\(pid)", hostName: "\(actor)-laptop"),
                          leaseTimeout: leaseTimeout, layouts: Self.layouts)
        runtime.pullEvents(metrics.reader())
        runtime.attach(resuming: folded, checkpointSeq: checkpointSeq, andStartRelease: start, amendment: amendment)
    }

    var state: AppState { runtime.state }

    /// Types `keys` into this war room alone, a step each, the clocks standing still.
    func type(_ keys: [Key]) {
        terminal.scriptedKeys += keys
        while !terminal.scriptedKeys.isEmpty { _ = runtime.step(keyWait: 0) }
    }

    /// A note, as a person types it: `n`, the text, Enter.
    func note(_ text: String) {
        type([.character("n")] + text.map(Key.character) + [.enter])
    }
    var session: String { runtime.state.session }
}

/// Where a test's war rooms keep their journal: a SQLite file, or a journal in a PostgreSQL database with a spool per
/// war room in front, as `warroom run --journal postgresql://…` opens it.
enum TestStore {
    case sqlite
    case postgres(url: String, name: String)

    /// The journal's name in a database.
    var name: String? {
        switch self {
        case .sqlite: nil
        case .postgres(_, let name): name
        }
    }

    /// A fresh journal in the run's shared cluster.
    static func sharedDatabase() throws -> TestStore {
        .postgres(url: try #require(TestPostgres.url), name: TestPostgres.unique("ledger-writer"))
    }
}

/// Several war rooms on one journal with one clock, stepped together a quarter second at a time.
struct WarRoomTest {
    var store = TestStore.sqlite
    /// How long an evaluator may go silent: a database measures it by its own clock, so its tests wait it out for real.
    var leaseTimeout: TimeInterval = 5
    let directory = TemporaryDirectory("runtime")
    let clock = ManualClock(WarRoom.t0.addingTimeInterval(-30))
    let wall = ManualClock(WarRoom.t0.addingTimeInterval(-30))
    let metrics = MetricScript()
    var rooms: [WarRoom] = []
    private var nextPid: Int32 = 1000

    var path: String { directory.file("journal.sqlite") }

    mutating func open(_ actor: String, plan: Plan? = nil, start: Bool = false) throws -> WarRoom {
        nextPid += 1
        let plan = try plan ?? WarRoom.plan()
        let room = try WarRoom(actor, journal: try openStore(plan: plan, spool: "\(actor)-\(nextPid)"), plan: plan,
                               clock: clock, wall: wall, metrics: metrics, pid: nextPid, start: start,
                               leaseTimeout: leaseTimeout)
        rooms.append(room)
        return room
    }

    /// Runs every live war room for `seconds`, calling `each` with the release time before every quarter second.
    func run(_ seconds: TimeInterval, each: (Date) -> Void = { _ in }) {
        for _ in 0..<Int(seconds * 4) {
            clock.advance(by: 0.25)
            wall.advance(by: 0.25)
            each(clock.now())
            for room in rooms where !room.killed { _ = room.runtime.step(keyWait: 0) }
        }
    }

    /// Runs the war rooms in real time, a quarter second of their clocks per 50 ms, until `done` or `seconds` pass:
    /// for what happens off the loop (a database's clock, a notice sent in its own task).
    @discardableResult
    func runUntil(seconds: TimeInterval, _ done: () -> Bool = { false }) -> Bool {
        let deadline = Date() + seconds
        while Date() < deadline {
            run(0.25)
            if done() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return done()
    }

    /// `runUntil` for a test whose work runs in tasks (a notice's send): it waits without holding a thread of the
    /// cooperative pool, which on a two-core machine has two, so the tasks it waits for get to run.
    func runUntil(seconds: TimeInterval, _ done: () -> Bool = { false }) async -> Bool {
        let deadline = Date() + seconds
        while Date() < deadline {
            run(0.25)
            if done() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return done()
    }

    /// The journal as `warroom run` opens it; `spool` names the war room's spool, for a database.
    func openStore(plan: Plan, spool: String) throws -> any JournalStore {
        let address: JournalAddress = switch store {
        case .sqlite: .sqlite(path: path)
        case .postgres(let url, _): .postgres(try PostgresAddress(url: url, environment: [:]))
        }
        return try address.openForWarRoom(plan: plan, name: store.name, spool: directory.file("spool-\(spool).sqlite"), environment: [:])
    }

    /// Every entry in the journal, as an export reads it.
    func entries() throws -> [JournalEntry] {
        switch store {
        case .sqlite: try Journal.openForReading(path: path).entries()
        case .postgres(let url, let name): try PostgresJournal.openExisting(try PostgresAddress(url: url, environment: [:]), name: name).entries()
        }
    }

    func kinds(_ kind: String) throws -> [JournalEntry] { try entries().filter { $0.event.kind == kind } }
}
