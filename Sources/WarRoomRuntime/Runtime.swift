import Foundation
import WarRoomCore
import WarRoomFeeds
import WarRoomJournal
import WarRoomTerminal
import WarRoomUI

/// The one place that wires everything: keys in, the journal folded into the state, frames out, and, while this
/// war room holds the evaluator lease, the plan's feeds and rules. It runs on the main thread; feeds run as tasks
/// elsewhere and post into the inbox.
///
/// Every war room on a journal shows the fold of the journal, the evaluator included: the evaluator's feeds never
/// touch the state, they are batched for a second, judged by `AppState.evaluation(of:at:period:)`, journaled in one
/// transaction that only the lease holder can write, and folded back like anyone else's entries.
public final class Runtime {
    /// Who this war room is, as the journal and the lease know it.
    public struct Identity: Sendable {
        public var pid: Int32
        /// Which machine and pid namespace `pid` means something in (see ``ProcessProbe/host``).
        public var host: String?
        /// The machine's name, for people.
        public var hostName: String?

        public init(pid: Int32, host: String?, hostName: String?) {
            self.pid = pid
            self.host = host
            self.hostName = hostName
        }

        public static let current = Identity(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessProbe.host,
                                             hostName: ProcessProbe.hostName)
    }

    public private(set) var state: AppState
    public private(set) var view: ViewState
    private let journal: any JournalStore
    /// The plan the journal was started with: checkpoints are folds from it.
    private let basePlan: Plan
    private let terminal: TerminalBackend
    /// Release time: the wall clock for `run`, a scaled one for `demo`, a test's own.
    private let clock: Clock
    /// Real time, for everything shared with other processes (the lease, heartbeats) and for the loop's intervals.
    private let wall: Clock
    private let actor: String
    private let identity: Identity
    private let layouts: (preferred: LayoutSpec, compact: LayoutSpec)
    /// A lease not renewed for this long is taken over by another attached war room.
    public let leaseTimeout: TimeInterval
    private let inbox = Inbox()
    /// This war room's shift of its timers' grid (``phase(of:)``).
    private let phase: TimeInterval

    /// The plan's feeds, made from the journal's fold (the plan as amended, the logs already journaled) when this
    /// war room starts evaluating.
    private var makeFeeds: (FoldedState) -> [PlanFeeds.Feed] = { _ in [] }
    /// A synchronous source asked for its events on every turn while this war room evaluates (the demo's simulator).
    private var pull: ((Date) -> [Event])?
    private var feedTasks: [Task<Void, Never>] = []
    /// The plan the running feeds were made from; nil while this war room does not evaluate.
    private var evaluatedPlan: Plan?
    /// Feed events waiting for the evaluator's next turn, oldest first; bounded while the journal refuses them.
    private var buffered: [Event] = []
    private var droppedFeedEvents = 0
    /// Why the evaluator's last write failed, while it keeps failing.
    private var evaluationFailure: JournalError?
    /// Why the last check-in failed, while it keeps failing.
    private var checkInFailure: JournalError?

    /// Rollback steps' commands running off the loop, by step; each one's end comes back through the inbox.
    private var commands: [Int: RunningCommand] = [:] {
        didSet { view.runningHere = Set(commands.keys) }
    }
    /// Actions on the rollout controller this war room runs as the evaluator, by request.
    private var controllerActions: [String: RunningControllerAction] = [:]
    /// Notices this war room sends as the evaluator, by notice id; each one's end comes back through the inbox.
    private var sendingNotices: [String: Task<Void, Never>] = [:]
    /// What sends them: HTTP to the plan's targets, with secrets from the environment; a test may put its own.
    public var noticeSender: any NoticeSending = NoticeSender(environment: ProcessInfo.processInfo.environment)
    /// Tells the controller's feed to read now, once an action on it has run.
    public let controllerPoke = ControllerPoke()
    /// `--readonly`: this war room runs nothing (no rollback step, no action on the controller), and says so.
    public let readOnly: Bool
    /// Set once quitting has stopped the commands: a start that reaches the journal after that does not run.
    private var quitting = false

    private var dirty = true
    private var lastFrame = Date.distantPast
    private var lastShownSecond = 0
    private var lastJournalPoll = Date.distantPast
    private var lastCheckIn = Date.distantPast
    private var lastTurn: Date?
    /// The release time of the evaluator's last turn.
    private var lastTurnRelease: Date?
    private var lastRetry = Date.distantPast
    private var lastSampleFlush: Date
    /// Sessions this war room has journaled as gone, so each is journaled once while the entry is on its way.
    private var reportedGone: Set<String> = []
    /// Samples on their way to the journal's ten-second windows, for the post-mortem charts.
    private var downsampler = SampleDownsampler()
    /// Entries waiting for the journal, oldest first. An entry leaves only once it is stored, and the screen
    /// shows it only once it is folded back from the journal, so nothing unrecorded looks done.
    private var unrecorded = PendingWrites<JournalEntry>(limit: 10_000)
    /// Closed sample windows waiting for the journal; history for the charts, so a bigger bound.
    private var unsavedSamples = PendingWrites<SampleBucket>(limit: 100_000)
    /// The last failure to read the journal, shown until a read succeeds.
    private var readFailure: JournalError?
    /// Where the newest checkpoint in the journal stands, as far as this process knows.
    private var checkpointedSeq: Int64 = 0

    public static let frameInterval: TimeInterval = 1.0 / 30
    /// How often other processes' entries are folded in: well under a second, so everyone sees each other promptly.
    public static let journalPollInterval: TimeInterval = 0.5
    /// How often a war room renews its heartbeat and the lease, or looks for a lease to take over.
    static let checkInInterval: TimeInterval = 1
    /// How often the evaluator journals what its feeds brought: one transaction a second, and at least every five
    /// seconds of release time, so a demo running fast never shows a metric stale for want of a turn.
    static let turnInterval: TimeInterval = 1
    static let releaseTurnInterval: TimeInterval = 5
    public static let defaultLeaseTimeout: TimeInterval = 5
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
    /// How long quitting waits for a notice being sent to be answered.
    static let noticeQuitWait: TimeInterval = 3
    /// Feed events kept for the evaluator while the journal refuses them; beyond it the oldest are dropped, counted.
    static let bufferLimit = 100_000

    public init(state: AppState, journal: any JournalStore, basePlan: Plan, journalPath: String, terminal: TerminalBackend,
         clock: Clock, wall: Clock = WallClock(), actor: String, identity: Identity = .current,
         leaseTimeout: TimeInterval = defaultLeaseTimeout, layouts: (preferred: LayoutSpec, compact: LayoutSpec),
         readOnly: Bool = false) {
        self.state = state
        self.view = ViewState(journalPath: journalPath)
        self.view.readOnly = readOnly
        self.readOnly = readOnly
        self.journal = journal
        self.basePlan = basePlan
        self.terminal = terminal
        self.clock = clock
        self.wall = wall
        self.actor = actor
        self.identity = identity
        self.leaseTimeout = leaseTimeout
        self.layouts = layouts
        self.lastSampleFlush = wall.now()
        self.phase = Self.phase(of: state.session)
        let inbox = self.inbox
        journal.onChange { inbox.journalDidChange() }
    }

    /// The plan's feeds, started whenever this war room becomes the evaluator and stopped when it stops being it.
    public func feeds(_ make: @escaping (FoldedState) -> [PlanFeeds.Feed]) {
        makeFeeds = make
        // Attaching may already have made this war room the evaluator, with no feeds to run yet.
        if isEvaluating {
            stopEvaluating()
            startEvaluating(at: wall.now())
        }
    }

    /// A synchronous source asked for its events up to `now` on every turn while this war room evaluates.
    public func pullEvents(_ source: @escaping (Date) -> [Event]) { pull = source }

    /// Resumes from the journal as folded (`journal.folded(plan:)`) and attaches this session. `amendment`, when the
    /// plan given differs from the one the release runs on, is journaled at once and announced to everyone.
    public func attach(resuming folded: FoldedState, checkpointSeq: Int64, andStartRelease start: Bool,
                amendment: PlanAmendment? = nil) {
        checkpointedSeq = checkpointSeq
        state.resume(from: folded)
        recordAttach()
        if let amendment { record(.planAmended(amendment), actor: actor) }
        checkIn(at: wall.now())
        if start, !state.isStarted { dispatch(.intent(.start, actor: actor)) }
    }

    private func recordAttach() {
        record(.sessionAttached(pid: identity.pid, host: identity.host, hostName: identity.hostName), actor: actor)
    }

    /// Entries the journal still refused when the loop ended; the caller prints them once the terminal is back.
    public var unrecordedEntries: [JournalEntry] { unrecorded.items }
    /// Why the last write failed, while anything is unrecorded.
    public var writeFailure: JournalError? { unrecorded.failure ?? unsavedSamples.failure ?? evaluationFailure }
    /// Sample windows for the charts that could not be written (and those dropped to stay within bounds).
    public var unsavedSampleCount: Int { unsavedSamples.items.count + unsavedSamples.dropped }
    /// Entries dropped, oldest first, because the journal refused writes for so long that the queue filled.
    public var droppedEntries: Int { unrecorded.dropped }
    /// True while this war room holds the lease and runs the feeds.
    public var isEvaluating: Bool { evaluatedPlan != nil }

    /// Runs until the person quits or a signal arrives; returns the exit status.
    public func run() -> Int32 {
        defer { detach() }
        while true {
            if let status = step() { return status }
        }
    }

    /// One turn of the loop: a key, the clock, the feeds, the lease, the journal, a frame. Returns an exit status
    /// once it is time to stop. `keyWait` is how long to wait for a key, in milliseconds: by default until the next
    /// timer that matters (``nextWake(wall:release:)``) or an urgent event in the inbox; 0 in tests.
    public func step(keyWait: Int? = nil) -> Int32? {
        if let signal = terminal.pendingSignal { return 128 + signal }
        let wait = keyWait ?? Int((nextWake(wall: wall.now(), release: clock.now()) * 1000).rounded(.up))
        if let key = terminal.readKey(timeoutMilliseconds: wait, wake: inbox.wakeDescriptor) {
            dirty = true
            if handle(key) { return 0 }
        }
        let now = clock.now(), wallNow = wall.now()
        dispatch(.tick(now))
        if isEvaluating, let pull { take(pull(now)) }
        for event in inbox.drain() { route(event) }
        if Self.isDue(lastCheckIn, every: Self.checkInInterval, at: wallNow, phase: phase) { checkIn(at: wallNow) }
        if isEvaluating, Self.isDue(lastTurn, every: Self.turnInterval, at: wallNow, phase: phase)
            || Self.isDue(lastTurnRelease, every: Self.releaseTurnInterval, at: now, phase: phase) {
            evaluate(at: now, wall: wallNow)
        }
        if inbox.takeJournalChange() || Self.isDue(lastJournalPoll, every: Self.journalPollInterval, at: wallNow, phase: phase) {
            lastJournalPoll = wallNow
            syncJournal()
            if isEvaluating { noticeGoneSessions(at: wallNow) }
        }
        if !unrecorded.isEmpty, Self.isDue(lastRetry, every: Self.retryInterval, at: wallNow, phase: phase) { writeUnrecorded(at: wallNow) }
        if Self.isDue(lastSampleFlush, every: Self.sampleFlushInterval, at: wallNow, phase: phase) { flushSamples(all: false, at: wallNow) }
        renderIfNeeded(at: wallNow)
        return nil
    }

    /// How long the loop may sleep, in seconds of real time, before something is due: a check-in, the evaluator's
    /// turn, a look at the journal, a retry, a flush, a frame that waits its turn, or the release clock's next second
    /// (the countdowns on screen). Keys and urgent inbox events wake the loop sooner.
    func nextWake(wall wallNow: Date, release now: Date) -> TimeInterval {
        var deadlines = [Self.nextDue(after: lastCheckIn, every: Self.checkInInterval, phase: phase),
                         Self.nextDue(after: lastJournalPoll, every: Self.journalPollInterval, phase: phase),
                         Self.nextDue(after: lastSampleFlush, every: Self.sampleFlushInterval, phase: phase)]
        // The clock on screen turns with the same shift (at most a quarter second late), so its wake-up is shared too.
        let releaseSecond = Self.nextDue(after: now, every: 1, phase: phase).timeIntervalSince(now)
        deadlines.append(wallNow + releaseSecond / max(clock.speed, 1e-9))
        if isEvaluating, let lastTurn, let lastTurnRelease {
            deadlines.append(Self.nextDue(after: lastTurn, every: Self.turnInterval, phase: phase))
            let releaseTurn = Self.nextDue(after: lastTurnRelease, every: Self.releaseTurnInterval, phase: phase)
            deadlines.append(wallNow + releaseTurn.timeIntervalSince(now) / max(clock.speed, 1e-9))
            // A synchronous source (the demo's simulator) has something new every second of release time, which the
            // release clock's next second already wakes for.
        }
        if !unrecorded.isEmpty { deadlines.append(Self.nextDue(after: lastRetry, every: Self.retryInterval, phase: phase)) }
        if dirty { deadlines.append(lastFrame + Self.frameInterval) }
        let soonest = deadlines.min() ?? wallNow
        return min(max(0, soonest.timeIntervalSince(wallNow)), Self.longestSleep)
    }

    /// True when a periodic task last done at `last` (nil: not running) is due at `now`. The tasks keep to a grid of
    /// their intervals on the clock (a check-in every second, a look at the journal every half), shifted by this war
    /// room's `phase`, so they fall due together and one wake-up serves them all; the phase differs from war room to
    /// war room, so the war rooms on a machine do not all write and sync their journals in the same instant. A clock
    /// set back makes everything due at once rather than nothing due until it catches up.
    static func isDue(_ last: Date?, every interval: TimeInterval, at now: Date, phase: TimeInterval = 0) -> Bool {
        guard let last else { return false }
        return now < last || slot(of: now, every: interval, phase: phase) > slot(of: last, every: interval, phase: phase)
    }

    /// When a periodic task last done at `last` is next due.
    static func nextDue(after last: Date, every interval: TimeInterval, phase: TimeInterval = 0) -> Date {
        Date(timeIntervalSince1970: (slot(of: last, every: interval, phase: phase) + 1) * interval + phase)
    }

    private static func slot(of time: Date, every interval: TimeInterval, phase: TimeInterval) -> Double {
        ((time.timeIntervalSince1970 - phase) / interval).rounded(.down)
    }

    /// This war room's shift of the grid, up to a quarter second, from its session: the same on every run of a test,
    /// different between war rooms.
    static func phase(of session: String) -> TimeInterval {
        Double(StableHash.fnv1a(session) % 250) / 1000
    }

    /// The longest the loop sleeps whatever its timers say: a bound on how late a signal that lands just before the
    /// sleep begins is acted on.
    static let longestSleep: TimeInterval = 1

    /// Leaves the journal as a war room should: the evaluator's last turn, its commands' ends, the lease handed
    /// back so another war room takes over at once, the detachment, a checkpoint.
    public func detach() {
        let wallNow = wall.now()
        if isEvaluating {
            for event in inbox.drain() { route(event) }
            state.startsSends = false
            evaluate(at: clock.now(), wall: wallNow)
        }
        stopEvaluating()
        quitting = true
        stopCommands()
        flushSamples(all: true, at: wallNow)
        _ = try? journal.releaseLease(session: state.session, lockWait: Self.retryLockWait)
        record(.sessionDetached, actor: actor)
        checkpointIfDue(atEnd: true)
    }

    /// Returns true when the person confirmed quitting.
    private func handle(_ key: Key) -> Bool {
        (view.screenWidth, view.screenHeight) = terminal.size
        for command in view.handle(key, state: state) {
            switch command {
            case .quit: return true
            case .intent(let intent): dispatch(.intent(intent, actor: actor))
            case .postUpdate(let post): postUpdate(post)
            }
        }
        return false
    }

    /// Feed events wait for the evaluator's turn; anything else goes to the reducer at once.
    private func route(_ event: Event) {
        switch event {
        case .sample, .health, .log, .logs, .source, .controller: take([event])
        case .tick, .intent, .recorded, .commandFinished, .controllerActionFinished, .noticeFinished: dispatch(event)
        }
    }

    private func take(_ events: [Event]) {
        guard isEvaluating, !events.isEmpty else { return }
        buffered += events
        let excess = buffered.count - Self.bufferLimit
        if excess > 0 {
            buffered.removeFirst(excess)
            droppedFeedEvents += excess
        }
    }

    private func dispatch(_ event: Event) {
        switch event {
        case .tick: break
        case .commandFinished(let result):
            // The step stays running for everyone until this result is back from the journal.
            dirty = true
            commands[result.request.step] = nil
        case .controllerActionFinished(let result):
            dirty = true
            controllerActions[result.request] = nil
            // The person waits to see the change: read the controller now rather than at its next poll.
            controllerPoke.poke()
        case .noticeFinished(let request, _):
            dirty = true
            sendingNotices[request.notice.id] = nil
        case .sample, .health, .log, .logs, .source, .controller, .intent, .recorded: dirty = true
        }
        perform(state.apply(event))
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .record(let entry): append(entry)
            case .bell: terminal.bell()
            case .refuse(let refusal): view.flash = refusal.words
            case .run(let request): start(request)
            case .drive(let request): drive(request)
            case .deliver(let request): deliver(request)
            }
        }
    }

    // MARK: The evaluator

    /// Renews this war room's heartbeat and, if it holds the lease, the lease; takes the lease over when its holder
    /// went silent or, on this host, is plainly gone. Starts or stops the feeds to match.
    private func checkIn(at wallNow: Date) {
        lastCheckIn = wallNow
        do {
            let claim = try journal.checkIn(session: state.session, actor: actor, host: identity.hostName, pid: identity.pid,
                                            now: wallNow, timeout: leaseTimeout, takeOverFrom: goneEvaluator,
                                            lockWait: Self.retryLockWait)
            checkInFailure = nil
            switch claim {
            case .renewed:
                startEvaluating(at: wallNow)
            case .acquired:
                // Fold the `evaluator_changed` entry the check-in just wrote before judging anything.
                syncJournal()
                startEvaluating(at: wallNow)
            case .heldBy:
                stopEvaluating()
            }
        } catch {
            // The lease may lapse meanwhile; the evaluator's writes are fenced, so a lost lease only fails them.
            checkInFailure = error
            dirty = true
        }
    }

    /// The lease holder, when it is plainly gone: the journal says it left, or its process on this host is not
    /// running. No need to wait for its lease to lapse then.
    private var goneEvaluator: String? {
        guard !isEvaluating, let holder = try? journal.leaseHolder(), holder.session != state.session else { return nil }
        if state.departures[holder.session] != nil, state.attendees[holder.session] == nil { return holder.session }
        guard let process = state.attendees[holder.session]?.process, process.host != nil, process.host == identity.host,
              !ProcessProbe.isRunning(process.pid) else { return nil }
        return holder.session
    }

    private func startEvaluating(at wallNow: Date) {
        // A plan amended while evaluating gets feeds made from the amended plan.
        if let evaluatedPlan, evaluatedPlan == state.plan { return }
        stopEvaluating()
        evaluatedPlan = state.plan
        lastTurn = wallNow
        lastTurnRelease = clock.now()
        let inbox = self.inbox
        for feed in makeFeeds(state.folded) {
            feedTasks.append(Task.detached { await feed { inbox.post($0) } })
        }
        dirty = true
    }

    private func stopEvaluating() {
        guard isEvaluating else { return }
        feedTasks.forEach { $0.cancel() }
        feedTasks = []
        evaluatedPlan = nil
        // Readings it could not journal are the new evaluator's to see for itself now, and no longer this one's failure.
        evaluationFailure = nil
        buffered = []
        lastTurn = nil
        lastTurnRelease = nil
        dirty = true
    }

    /// The evaluator's turn: the buffered feed events and the clock judged against the fold of the journal, and the
    /// entries that come of it journaled in one transaction that only the lease holder can write, and only on the
    /// fold it was judged on. Another war room's entry arriving first means judging again on the new fold.
    private func evaluate(at now: Date, wall wallNow: Date) {
        // A log's journal rate is per second of release time: a fast demo journals as many lines as a slow one would.
        let period = lastTurnRelease.map { max(0, now.timeIntervalSince($0)) } ?? Self.turnInterval
        lastTurn = wallNow
        lastTurnRelease = now
        if state.plan != evaluatedPlan { startEvaluating(at: wallNow) }
        for _ in 0..<3 {
            let entries = state.evaluation(of: buffered, at: now, period: period)
            guard !entries.isEmpty else {
                buffered = []
                return
            }
            do {
                let written = try journal.append(asEvaluator: state.session, entries, after: state.journalSeq,
                                                 lockWait: evaluationFailure == nil ? Self.lockWait : Self.retryLockWait)
                evaluationFailure = nil
                buffered = []
                for case .samplesRecorded(let batch) in written.map(\.event) { batch.samples.forEach { downsampler.add($0) } }
                syncJournal()
                return
            } catch .moved {
                syncJournal()
            } catch .notEvaluator {
                stopEvaluating()
                return
            } catch {
                evaluationFailure = error
                dirty = true
                return
            }
        }
    }

    /// A war room that died without detaching (kill -9, a crash) is journaled as gone, once, by the evaluator: at
    /// once when its process on this host is gone, otherwise once its heartbeat has been silent for three lease
    /// timeouts. Its rollback steps are released and it no longer counts as attached.
    private func noticeGoneSessions(at wallNow: Date) {
        reportedGone.formIntersection(state.attendees.keys)
        let heartbeats = Dictionary((try? journal.presence())?.map { ($0.session, $0.seen) } ?? [], uniquingKeysWith: max)
        var gone: [(session: String, event: JournalEvent)] = []
        for (session, attendee) in state.attendees.sorted(by: { $0.key < $1.key })
        where session != state.session && !reportedGone.contains(session) {
            let process = attendee.process
            if process.host != nil, process.host == identity.host, !ProcessProbe.isRunning(process.pid) {
                gone.append((session, .sessionGone(session: session, pid: process.pid)))
            } else if let seen = heartbeats[session], wallNow.timeIntervalSince(seen) > 3 * leaseTimeout {
                gone.append((session, .sessionGone(session: session, pid: process.pid, silentSince: seen)))
            }
        }
        guard !gone.isEmpty else { return }
        // A war room that quits journals its detachment before its process ends, possibly just after the fold above
        // was read: read the journal again now that the process is seen gone, so a clean quit is not journaled as a
        // disappearance too (the header would then say "gone … (process gone)" of someone who quit).
        syncJournal()
        guard readFailure == nil else { return }
        for (session, event) in gone where state.attendees[session] != nil {
            reportedGone.insert(session)
            record(event, actor: actor)
        }
    }

    // MARK: Commands

    /// Runs a rollback step's command off the loop, so the screen stays live while it works.
    private func start(_ request: CommandRequest) {
        guard !quitting, commands[request.step] == nil else { return }
        let inbox = self.inbox
        view.flash = "Running step \(request.step + 1): \(request.command)"
        commands[request.step] = RunningCommand(request) { inbox.post($0) }
    }

    /// Runs an action on the controller off the loop, as the evaluator; a war room running `--readonly` journals that
    /// it ran nothing instead, so the person who asked is told why.
    private func drive(_ request: ControllerRequest) {
        guard !quitting, controllerActions[request.action.id] == nil else { return }
        if readOnly {
            dispatch(.controllerActionFinished(ControllerActionResult(
                request: request.action.id, verb: request.action.verb,
                notRun: "the evaluating war room (\(actor)) runs --readonly")))
            return
        }
        let inbox = self.inbox
        view.flash = "Running \(request.action.verb.rawValue) through the controller: \(request.action.command)"
        controllerActions[request.action.id] = RunningControllerAction(request) { inbox.post($0) }
    }

    /// A confirmed status update: copied and written where the person asked (here, on this machine), then journaled,
    /// which tells the plan's targets through the evaluator. Nothing is copied or written for an update the journal
    /// would refuse.
    private func postUpdate(_ post: UpdatePost) {
        let intent = Intent.postUpdate(StatusUpdate(text: post.text))
        if let refusal = state.refusal(of: intent) {
            view.flash = refusal.words
            return
        }
        var done: [String] = []
        var file: String?
        if post.writeToFile {
            do {
                try UpdatesFile.append(post.text, by: actor, at: wall.now(), to: state.updatesFile)
                file = state.updatesFile
                done.append("written to \(state.updatesFile)")
            } catch {
                done.append("NOT written to \(state.updatesFile): \(error)")
            }
        }
        if post.copy {
            done.append(terminal.copyToClipboard(post.text) ? "copied to the clipboard" : "too long to copy to the clipboard")
        }
        dispatch(.intent(.postUpdate(StatusUpdate(text: post.text, file: file)), actor: actor))
        view.flash = (["Status update posted"] + done).joined(separator: "; ")
    }

    /// Sends a notice off the loop, as the evaluator. A notice for a target the plan no longer names is refused.
    private func deliver(_ request: NoticeRequest) {
        guard !quitting, sendingNotices[request.notice.id] == nil else { return }
        let inbox = self.inbox, sender = noticeSender, target = state.plan.notifyTarget(named: request.notice.target)
        sendingNotices[request.notice.id] = Task.detached {
            let result: SendResult = if let target { await sender.send(request.notice, to: target) } else {
                .refused(reason: "the plan no longer names the target \(request.notice.target)")
            }
            inbox.post(.noticeFinished(request, result))
        }
    }

    /// Quitting kills the commands still running (with everything they started), and the journal says how each
    /// ended: one that finished as the person quit keeps its real result.
    private func stopCommands() {
        inbox.drain().forEach(route)
        let stopping = commands.values.sorted { $0.request.step < $1.request.step }.map { ($0.request, $0.stop()) }
        inbox.drain().forEach(route)  // any that ended on their own while being stopped
        for (id, action) in controllerActions.sorted(by: { $0.key < $1.key }) {
            _ = action.stop()
            inbox.drain().forEach(route)  // its own end: killed, or finished as warroom quit
            guard controllerActions[id] != nil else { continue }
            dispatch(.controllerActionFinished(ControllerActionResult(
                request: id, verb: action.request.action.verb,
                notRun: "warroom quit while it ran; it was killed, and whether the controller took it is unknown")))
        }
        // A notice on its way is given a moment to be answered, so the journal holds how it went rather than leaving
        // the next evaluator to call it unknown; one still unanswered is left open for that evaluator to settle.
        let deadline = Date().addingTimeInterval(Self.noticeQuitWait)
        while !sendingNotices.isEmpty, Date() < deadline {
            usleep(20_000)
            inbox.drain().forEach(route)
        }
        sendingNotices.values.forEach { $0.cancel() }
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

    // MARK: The journal

    /// Queues the entry behind any that are still unrecorded (the journal keeps the order they happened in),
    /// then writes what it can.
    private func append(_ entry: JournalEntry) {
        unrecorded.add([entry])
        writeUnrecorded(at: wall.now())
    }

    /// Durably appends the queued entries in order, then folds in everything new in the journal (ours and
    /// other processes'), so the screen confirms an action only once it is on disk and no entry is skipped.
    private func writeUnrecorded(at wallNow: Date) {
        lastRetry = wallNow
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
    private func flushSamples(all: Bool, at wallNow: Date) {
        lastSampleFlush = wallNow
        unsavedSamples.add(all ? downsampler.takeAll() : downsampler.takeClosed(now: clock.now()))
        guard !unsavedSamples.isEmpty else { return }
        let lockWait = unsavedSamples.failure == nil ? Self.lockWait : Self.retryLockWait
        unsavedSamples.write(batch: .max) { buckets throws(JournalError) in
            try journal.append(samples: buckets, lockWait: lockWait)
        }
        dirty = true
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
        // Reported gone while alive (stopped for a while, a journal that refused heartbeats): attach again.
        if !quitting, state.departures[state.session] != nil, state.attendees[state.session] == nil,
           !unrecorded.items.contains(where: { if case .sessionAttached = $0.event { true } else { false } }) {
            recordAttach()
        }
    }

    /// Writes a checkpoint of the fold once the journal is ``checkpointInterval`` entries past the last one (at the
    /// end, any distance). A checkpoint is an optimisation: a failed write is ignored, and not retried before the
    /// next interval either.
    private func checkpointIfDue(atEnd: Bool = false) {
        guard state.journalSeq - checkpointedSeq >= (atEnd ? 1 : Self.checkpointInterval) else { return }
        checkpointedSeq = state.journalSeq
        try? journal.writeCheckpoint(state.folded, plan: basePlan, lockWait: Self.retryLockWait)
    }

    /// The status line says what the journal brought that has no pane of its own: notes and plan amendments.
    private func announce(_ entry: JournalEntry) {
        switch entry.event {
        case .note(let text):
            view.flash = entry.session == state.session ? "Note recorded: \(text)" : "Note from \(entry.actor): \(text)"
        case .planAmended(let amendment):
            view.flash = "Plan amended by \(entry.actor): " + amendment.changes.joined(separator: "; ")
        default:
            break
        }
    }

    /// A shared journal's database out of reach, for the header: since when, and what is waiting for it.
    private func journalOutage(_ link: JournalLink?) -> JournalOutage? {
        guard let link, let since = link.unreachableSince else { return nil }
        return JournalOutage(since: since, notRecorded: link.spooled + unrecorded.items.count, reason: link.reason ?? "")
    }

    /// What the status line must say about the journal, whatever else is going on; nil while it is healthy. An
    /// unreachable database is the header's to say.
    private func journalWarning(_ link: JournalLink?) -> String? {
        if link?.unreachableSince != nil { return nil }
        if let link, link.spooled > 0 {
            return "JOURNAL: \(link.spooled == 1 ? "1 action" : "\(link.spooled) actions") NOT RECORDED, kept in the spool — retrying: \(link.reason ?? "sending")"
        }
        if !unrecorded.isEmpty {
            let count = unrecorded.items.count == 1 ? "1 entry" : "\(unrecorded.items.count) entries"
            let dropped = unrecorded.dropped > 0 ? " (\(unrecorded.dropped) older dropped)" : ""
            return "JOURNAL: \(count) NOT RECORDED\(dropped) — retrying: \(unrecorded.failure?.shortReason ?? "waiting")"
        }
        if let evaluationFailure {
            let dropped = droppedFeedEvents > 0 ? " (\(droppedFeedEvents) dropped)" : ""
            return "JOURNAL: \(buffered.count) feed readings NOT RECORDED\(dropped) — retrying: \(evaluationFailure.shortReason)"
        }
        if let readFailure { return "JOURNAL: cannot read other sessions' entries — retrying: \(readFailure.shortReason)" }
        if let checkInFailure { return "JOURNAL: heartbeat not recorded — retrying: \(checkInFailure.shortReason)" }
        if !unsavedSamples.isEmpty {
            return "JOURNAL: chart samples not recorded — retrying: \(unsavedSamples.failure?.shortReason ?? "waiting")"
        }
        return nil
    }

    private func renderIfNeeded(at wallNow: Date) {
        // Countdowns change every displayed second even when nothing else does.
        let second = Int(saturating: state.now.timeIntervalSince1970)
        if second != lastShownSecond { lastShownSecond = second; dirty = true }
        guard dirty, wallNow.timeIntervalSince(lastFrame) >= Self.frameInterval else { return }
        let size = terminal.size
        let layout = Screen.pickLayout(preferred: layouts.preferred, fallback: layouts.compact, width: size.width, height: size.height)
        // The journal warning goes in front of any message and cannot be cleared by a key press.
        var shown = view
        let link = journal.link
        shown.unrecorded = unrecorded.items.count + (link?.spooled ?? 0)
        shown.journalOutage = journalOutage(link)
        if let warning = journalWarning(link) { shown.flash = [warning, view.flash].compactMap { $0 }.joined(separator: " · ") }
        state.judgeCanary()
        terminal.draw(Screen(state: state, view: shown, layout: layout).render(width: size.width, height: size.height))
        lastFrame = wallNow
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
