import Foundation
import WarRoomCore
import WarRoomJournal
import WarRoomTerminal
import WarRoomUI

/// The one place that wires everything: feeds and keys in, the reducer, the journal, frames out.
/// It runs on the main thread; feeds run as tasks elsewhere and post into the inbox.
final class Runtime {
    private(set) var state: AppState
    private(set) var view: ViewState
    private let journal: Journal
    private let terminal: TerminalBackend
    private let clock: Clock
    private let actor: String
    private let layouts: (preferred: LayoutSpec, compact: LayoutSpec)
    private let inbox = Inbox()
    /// Events pulled on every loop turn from synchronous sources such as the demo simulator.
    private var pull: ((Date) -> [Event])?
    private var feedTasks: [Task<Void, Never>] = []
    /// Rollback steps' commands running off the loop, by step; each one's end comes back through the inbox.
    private var commands: [Int: RunningCommand] = [:] {
        didSet { view.runningHere = Set(commands.keys) }
    }
    /// Set once quitting has stopped the commands: a start that reaches the journal after that does not run.
    private var quitting = false

    private var dirty = true
    private var lastFrame = Date.distantPast
    private var lastShownSecond = 0
    private var lastJournalPoll = Date.distantPast
    /// Sessions this war room has journaled as gone, so each is journaled once while the entry is on its way.
    private var reportedGone: Set<String> = []
    /// Samples on their way to the journal, for the post-mortem charts.
    private var downsampler = SampleDownsampler()
    /// Entries waiting for the journal, oldest first. An entry leaves only once it is stored, and the screen
    /// shows it only once it is folded back from the journal, so nothing unrecorded looks done.
    private var unrecorded = PendingWrites<JournalEntry>(limit: 10_000)
    /// Closed sample windows waiting for the journal; history for the charts, so a bigger bound.
    private var unsavedSamples = PendingWrites<SampleBucket>(limit: 100_000)
    /// The last failure to read the journal, shown until a read succeeds.
    private var readFailure: JournalError?
    private var lastSampleFlush = Date()
    private var lastRetry = Date.distantPast
    /// The journal folded up to some seq; each checkpoint advances it with the entries since, read back from
    /// the journal, because `state` mixes in clock ticks and cannot see this session's own attach entry.
    private var folded = FoldedState()
    /// Where the newest checkpoint in the journal stands, as far as this process knows.
    private var checkpointedSeq: Int64 = 0
    static let frameInterval: TimeInterval = 1.0 / 30
    /// How often other processes' entries are folded in: well under a second, so everyone sees each other promptly.
    static let journalPollInterval: TimeInterval = 0.5
    static let sampleFlushInterval: TimeInterval = 5
    /// How often unrecorded entries are retried.
    static let retryInterval: TimeInterval = 1
    /// How long a write may wait for another process's lock: plenty for another writer's commit, short enough
    /// that a stuck lock does not freeze the screen (the entry waits in the queue instead). Once the journal
    /// has refused a write, retries barely wait at all.
    static let lockWait: TimeInterval = 1
    static let retryLockWait: TimeInterval = 0.1
    /// Entries past the last checkpoint before the next is written: a resume folds fewer than this.
    static let checkpointInterval: Int64 = 1_000

    init(state: AppState, journal: Journal, journalPath: String, terminal: TerminalBackend, clock: Clock,
         actor: String, layouts: (preferred: LayoutSpec, compact: LayoutSpec)) {
        self.state = state
        self.view = ViewState(journalPath: journalPath)
        self.journal = journal
        self.terminal = terminal
        self.clock = clock
        self.actor = actor
        self.layouts = layouts
    }

    /// A synchronous source asked for its events up to `now` on every loop turn.
    func pullEvents(_ source: @escaping (Date) -> [Event]) { pull = source }

    /// An asynchronous feed, started when the loop starts and cancelled when it ends.
    func addFeed(_ feed: @escaping @Sendable (_ post: @escaping @Sendable (Event) -> Void) async -> Void) {
        let inbox = self.inbox
        feedTasks.append(Task.detached { await feed { inbox.post($0) } })
    }

    /// Resumes from the journal and attaches this session; throws only for a journal that cannot be read.
    func attach(andStartRelease start: Bool) throws {
        (folded, checkpointedSeq) = try journal.folded(plan: state.plan)
        state.resume(from: folded)
        record(.sessionAttached(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessProbe.host), actor: actor)
        if start, !state.isStarted { dispatch(.intent(.start, actor: actor)) }
    }

    /// Entries the journal still refused when the loop ended; the caller prints them once the terminal is back.
    var unrecordedEntries: [JournalEntry] { unrecorded.items }
    /// Why the last write failed, while anything is unrecorded.
    var writeFailure: JournalError? { unrecorded.failure ?? unsavedSamples.failure }
    /// Sample windows for the charts that could not be written (and those dropped to stay within bounds).
    var unsavedSampleCount: Int { unsavedSamples.items.count + unsavedSamples.dropped }
    /// Entries dropped, oldest first, because the journal refused writes for so long that the queue filled.
    var droppedEntries: Int { unrecorded.dropped }

    /// Runs until the person quits or a signal arrives; returns the exit status.
    func run() -> Int32 {
        defer {
            feedTasks.forEach { $0.cancel() }
            quitting = true
            stopCommands()
            flushSamples(all: true)
            record(.sessionDetached, actor: actor)
            checkpointIfDue(atEnd: true)
        }
        while true {
            if let signal = terminal.pendingSignal { return 128 + signal }
            if let key = terminal.readKey(timeoutMilliseconds: 25) {
                dirty = true
                if handle(key) { return 0 }
            }
            let now = clock.now()
            dispatch(.tick(now))
            if let pull { pull(now).forEach(dispatch) }
            inbox.drain().forEach(dispatch)
            if Date().timeIntervalSince(lastJournalPoll) >= Self.journalPollInterval {
                lastJournalPoll = Date()
                syncJournal()
                noticeGoneSessions()
            }
            if !unrecorded.isEmpty, Date().timeIntervalSince(lastRetry) >= Self.retryInterval { writeUnrecorded() }
            if Date().timeIntervalSince(lastSampleFlush) >= Self.sampleFlushInterval { flushSamples(all: false) }
            renderIfNeeded()
        }
    }

    /// Returns true when the person confirmed quitting.
    private func handle(_ key: Key) -> Bool {
        for command in view.handle(key, state: state) {
            switch command {
            case .quit: return true
            case .intent(let intent): dispatch(.intent(intent, actor: actor))
            }
        }
        return false
    }

    private func dispatch(_ event: Event) {
        switch event {
        case .tick: break
        case .sample(let sample):
            dirty = true
            if state.series[sample.name] != nil { downsampler.add(sample) }
        case .commandFinished(let result):
            // The step stays running for everyone until this result is back from the journal.
            dirty = true
            commands[result.request.step] = nil
        default: dirty = true
        }
        perform(state.apply(event))
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .record(let entry): append(entry)
            case .bell: terminal.bell()
            case .refuse(let reason): view.flash = reason
            case .run(let request): start(request)
            }
        }
    }

    /// Runs a rollback step's command off the loop, so the screen stays live while it works.
    private func start(_ request: CommandRequest) {
        guard !quitting, commands[request.step] == nil else { return }
        let inbox = self.inbox
        view.flash = "Running step \(request.step + 1): \(request.command)"
        commands[request.step] = RunningCommand(request) { inbox.post($0) }
    }

    /// Quitting kills the commands still running (with everything they started), and the journal says how each
    /// ended: one that finished as the person quit keeps its real result.
    private func stopCommands() {
        inbox.drain().forEach(dispatch)
        let stopping = commands.values.sorted { $0.request.step < $1.request.step }.map { ($0.request, $0.stop()) }
        inbox.drain().forEach(dispatch)  // any that ended on their own while being stopped
        for (request, outcome) in stopping where commands[request.step] != nil {
            let result = if let outcome, outcome.exitStatus != nil {
                CommandResult(request: request, outcome: outcome)
            } else {
                CommandResult(request: request, exitStatus: nil, output: outcome == nil
                    ? "[warroom: warroom quit while it ran; it was sent a kill, but its end was not seen]"
                    : "[warroom: killed because warroom quit while it ran]")
            }
            dispatch(.commandFinished(result))
        }
    }

    /// Queues the entry behind any that are still unrecorded (the journal keeps the order they happened in),
    /// then writes what it can.
    private func append(_ entry: JournalEntry) {
        unrecorded.add([entry])
        writeUnrecorded()
    }

    /// Durably appends the queued entries in order, then folds in everything new in the journal (ours and
    /// other processes'), so the screen confirms an action only once it is on disk and no entry is skipped.
    private func writeUnrecorded() {
        lastRetry = Date()
        let lockWait = unrecorded.failure == nil ? Self.lockWait : Self.retryLockWait
        let written = unrecorded.write(batch: 1) { entries throws(JournalError) in
            _ = try journal.append(entries[0], lockWait: lockWait)
        }
        if written > 0 { syncJournal() }
        dirty = true
    }

    private func record(_ event: JournalEvent, actor: String) {
        append(JournalEntry(time: clock.now(), actor: actor, session: state.session, event: event))
    }

    /// Writes the sample windows that have closed (or all of them, at the end). Samples are history for the
    /// charts, not acknowledged actions: a failed write keeps them for the next flush and says so on screen.
    private func flushSamples(all: Bool) {
        lastSampleFlush = Date()
        unsavedSamples.add(all ? downsampler.takeAll() : downsampler.takeClosed(now: clock.now()))
        guard !unsavedSamples.isEmpty else { return }
        let lockWait = unsavedSamples.failure == nil ? Self.lockWait : Self.retryLockWait
        unsavedSamples.write(batch: .max) { buckets throws(JournalError) in
            try journal.append(samples: buckets, lockWait: lockWait)
        }
        dirty = true
    }

    /// A war room on this host (this boot, this pid namespace) that died without detaching (kill -9, a crash) is journaled as gone, once, so its
    /// rollback steps are released at once rather than after their lapse, and it no longer counts as attached. A
    /// pid taken by another process since looks alive: the step then lapses on its own time, as before.
    private func noticeGoneSessions() {
        guard let host = ProcessProbe.host else { return }
        for (session, process) in state.sessionProcesses.sorted(by: { $0.key < $1.key })
        where process.host == host && !reportedGone.contains(session) && !ProcessProbe.isRunning(process.pid) {
            reportedGone.insert(session)
            record(.sessionGone(session: session, pid: process.pid), actor: actor)
        }
    }

    private func syncJournal() {
        do {
            for entry in try journal.entries(after: state.journalSeq) {
                // Our own rollback step's start comes back as `.run`, or as a refusal when another war room won.
                perform(state.apply(.recorded(entry)))
                announce(entry)
                dirty = true
            }
            readFailure = nil
            checkpointIfDue()
        } catch {
            readFailure = error
            dirty = true
        }
    }

    /// Writes a checkpoint once the journal is ``checkpointInterval`` entries past the last one (at the end,
    /// any distance), folding only the entries since the last. A checkpoint is an optimisation: a failed write
    /// is ignored, and not retried before the next interval either.
    private func checkpointIfDue(atEnd: Bool = false) {
        guard state.journalSeq - checkpointedSeq >= (atEnd ? 1 : Self.checkpointInterval),
              let entries = try? journal.entries(after: folded.journalSeq) else { return }
        folded = folded.folding(entries, plan: state.plan)
        checkpointedSeq = folded.journalSeq
        try? journal.writeCheckpoint(folded, plan: state.plan, lockWait: Self.retryLockWait)
    }

    /// Notes have no pane of their own, so the status line says when ours is recorded and shows others'.
    private func announce(_ entry: JournalEntry) {
        guard case .note(let text) = entry.event else { return }
        view.flash = entry.session == state.session ? "Note recorded: \(text)" : "Note from \(entry.actor): \(text)"
    }

    /// What the status line must say about the journal, whatever else is going on; nil while it is healthy.
    private var journalWarning: String? {
        if !unrecorded.isEmpty {
            let count = unrecorded.items.count == 1 ? "1 entry" : "\(unrecorded.items.count) entries"
            let dropped = unrecorded.dropped > 0 ? " (\(unrecorded.dropped) older dropped)" : ""
            return "JOURNAL: \(count) NOT RECORDED\(dropped) — retrying: \(unrecorded.failure?.shortReason ?? "waiting")"
        }
        if let readFailure { return "JOURNAL: cannot read other sessions' entries — retrying: \(readFailure.shortReason)" }
        if !unsavedSamples.isEmpty {
            return "JOURNAL: chart samples not recorded — retrying: \(unsavedSamples.failure?.shortReason ?? "waiting")"
        }
        return nil
    }

    private func renderIfNeeded() {
        // Countdowns change every displayed second even when nothing else does.
        let second = Int(saturating: state.now.timeIntervalSince1970)
        if second != lastShownSecond { lastShownSecond = second; dirty = true }
        let wall = Date()
        guard dirty, wall.timeIntervalSince(lastFrame) >= Self.frameInterval else { return }
        let size = terminal.size
        let layout = Screen.pickLayout(preferred: layouts.preferred, fallback: layouts.compact, width: size.width, height: size.height)
        // The journal warning goes in front of any message and cannot be cleared by a key press.
        var shown = view
        shown.unrecorded = unrecorded.items.count
        if let warning = journalWarning { shown.flash = [warning, view.flash].compactMap { $0 }.joined(separator: " · ") }
        terminal.draw(Screen(state: state, view: shown, layout: layout).render(width: size.width, height: size.height))
        lastFrame = wall
        dirty = false
    }
}

extension Runtime {
    /// Journal writes that failed, kept in order and retried until they land. Bounded: past `limit` the oldest
    /// are dropped, and counted so the screen and the exit message can say so.
    struct PendingWrites<Element> {
        let limit: Int
        private(set) var items: [Element] = []
        private(set) var dropped = 0
        /// Why the last write failed; nil once a write succeeds.
        private(set) var failure: JournalError?

        init(limit: Int) { self.limit = limit }

        var isEmpty: Bool { items.isEmpty }

        mutating func add(_ elements: [Element]) {
            items += elements
            let excess = items.count - limit
            if excess > 0 {
                items.removeFirst(excess)
                dropped += excess
            }
        }

        /// Writes the queued elements in order, `batch` at a time, stopping at the first failure (kept for the
        /// next try); returns how many were written.
        @discardableResult
        mutating func write(batch: Int, _ body: ([Element]) throws(JournalError) -> Void) -> Int {
            var written = 0
            while !items.isEmpty {
                let next = Array(items.prefix(batch))
                do {
                    try body(next)
                } catch {
                    failure = error
                    return written
                }
                items.removeFirst(next.count)
                written += next.count
                failure = nil
            }
            return written
        }
    }
}
