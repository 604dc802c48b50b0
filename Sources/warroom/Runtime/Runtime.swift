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

    private var dirty = true
    private var lastFrame = Date.distantPast
    private var lastShownSecond = 0
    private var lastJournalPoll = Date.distantPast
    /// Samples on their way to the journal, for the post-mortem charts.
    private var downsampler = SampleDownsampler()
    /// Closed windows a failed write left behind, retried at the next flush; bounded, oldest dropped first.
    private var unsavedSamples: [SampleBucket] = []
    private var lastSampleFlush = Date()
    static let frameInterval: TimeInterval = 1.0 / 30
    static let journalPollInterval: TimeInterval = 0.5
    static let sampleFlushInterval: TimeInterval = 5
    static let unsavedSampleLimit = 100_000

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
        let existing = try journal.entries(after: 0)
        state.resume(from: existing)
        record(.sessionAttached(pid: ProcessInfo.processInfo.processIdentifier), actor: actor)
        if start, !state.isStarted { dispatch(.intent(.start, actor: actor)) }
    }

    /// Runs until the person quits or a signal arrives; returns the exit status.
    func run() -> Int32 {
        defer {
            feedTasks.forEach { $0.cancel() }
            flushSamples(all: true)
            record(.sessionDetached, actor: actor)
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
            }
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
        default: dirty = true
        }
        for effect in state.apply(event) {
            switch effect {
            case .record(let entry): append(entry)
            case .bell: terminal.bell()
            case .refuse(let reason): view.flash = reason
            }
        }
    }

    /// Durably appends, then folds in everything new in the journal (ours and other processes'),
    /// so the screen confirms an action only once it is on disk and no entry is skipped.
    private func append(_ entry: JournalEntry) {
        do {
            _ = try journal.append(entry)
            syncJournal()
        } catch {
            view.flash = "NOT RECORDED: \(error)"
            dirty = true
        }
    }

    private func record(_ event: JournalEvent, actor: String) {
        append(JournalEntry(time: clock.now(), actor: actor, session: state.session, event: event))
    }

    /// Writes the sample windows that have closed (or all of them, at the end). Samples are history for the
    /// charts, not acknowledged actions: a failed write keeps them for the next try and says so on screen.
    private func flushSamples(all: Bool) {
        lastSampleFlush = Date()
        unsavedSamples += all ? downsampler.takeAll() : downsampler.takeClosed(now: clock.now())
        guard !unsavedSamples.isEmpty else { return }
        do {
            try journal.append(samples: unsavedSamples)
            unsavedSamples.removeAll()
        } catch {
            unsavedSamples.removeFirst(max(0, unsavedSamples.count - Self.unsavedSampleLimit))
            view.flash = "Samples not recorded yet (will retry): \(error)"
            dirty = true
        }
    }

    private func syncJournal() {
        do {
            for entry in try journal.entries(after: state.journalSeq) {
                _ = state.apply(.recorded(entry))
                dirty = true
            }
        } catch {
            view.flash = "Journal unreadable: \(error)"
        }
    }

    private func renderIfNeeded() {
        // Countdowns change every displayed second even when nothing else does.
        let second = Int(state.now.timeIntervalSince1970)
        if second != lastShownSecond { lastShownSecond = second; dirty = true }
        let wall = Date()
        guard dirty, wall.timeIntervalSince(lastFrame) >= Self.frameInterval else { return }
        let size = terminal.size
        let layout = Screen.pickLayout(preferred: layouts.preferred, fallback: layouts.compact, width: size.width, height: size.height)
        terminal.draw(Screen(state: state, view: view, layout: layout).render(width: size.width, height: size.height))
        lastFrame = wall
        dirty = false
    }
}
