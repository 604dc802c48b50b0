import Foundation
import WarRoomCore
import WarRoomRuntime
import WarRoomJournal
import WarRoomPlan
import WarRoomTerminal
import WarRoomUI

/// Opens the journal and the terminal for a plan, runs the war room, and gives the terminal back.
struct Session {
    let plan: Plan
    let options: SessionOptions
    let clock: Clock
    /// The demo starts the release as soon as it opens; `run` waits for T0 or a key press.
    var startsImmediately = false
    /// Whether this war room sends the notices it queues when it evaluates.
    var notifyPolicy = NotifyPolicy.asPlanSays

    /// Everything that can fail before the screen opens fails here, before the terminal changes mode: a journal
    /// that cannot be opened or read, a plan for another release, an amendment that cannot be applied.
    /// `wire` adds the feeds once the state (with a resumed T0) is known.
    func run(wire: (Runtime) -> Void) throws -> Int32 {
        let choice = try options.journalChoice(for: plan)
        let journal = try choice.openForSession(plan: plan, force: options.force, spool: options.spool)
        let path = choice.description
        let basePlan = try journal.storedPlan()
        let (folded, checkpointSeq) = try journal.folded(plan: basePlan)
        let amendment = try Self.amendment(from: folded, to: plan, journal: path)
        let layouts = try Layouts.resolve(options.layout)
        let session = String(UUID().uuidString.prefix(8)).lowercased()
        var state = AppState(plan: folded.plan, session: session, now: clock.now())
        state.notifyPolicy = notifyPolicy

        let terminal = try CursesTerminal()
        defer { terminal.restore() }
        let runtime = Runtime(state: state, journal: journal, basePlan: basePlan, journalPath: path, terminal: terminal,
                              clock: clock, actor: options.resolvedActor, leaseTimeout: options.leaseTimeout,
                              layouts: layouts, readOnly: options.readOnly)
        runtime.attach(resuming: folded, checkpointSeq: checkpointSeq, andStartRelease: startsImmediately, amendment: amendment)
        wire(runtime)
        let status = runtime.run()
        terminal.restore()
        Console.out("warroom: journal kept at \(path)\n  post-mortem: warroom export \(choice.exportArguments) --format markdown\n")
        if let link = journal.link, link.spooled > 0, let spool = link.spoolPath {
            let spooled = link.spooled
            Console.error("warroom: \(spooled) \(spooled == 1 ? "action waits" : "actions wait") for the database in \(spool); "
                          + "the next war room on this machine for the journal sends \(spooled == 1 ? "it" : "them").\n")
            return max(status, 1)
        }
        return Self.reportUnrecorded(runtime, path: path) ? max(status, 1) : status
    }

    /// The plan given, as an amendment to the one the journal's release runs on; nil when they are the same.
    static func amendment(from folded: FoldedState, to plan: Plan, journal path: String) throws -> PlanAmendment? {
        switch PlanAmendment.between(folded.plan, plan, progress: folded) {
        case .success(let amendment): return amendment
        case .failure(let refusal): throw SessionError.amendmentRefused(path: path, refusal: refusal)
        }
    }

    /// Prints what the journal still refused at the end, so nothing is dropped silently: a person can copy it
    /// into a note or a post-mortem. True when something was left unrecorded (the exit status says so too).
    private static func reportUnrecorded(_ runtime: Runtime, path: String) -> Bool {
        let entries = runtime.unrecordedEntries
        guard !entries.isEmpty || runtime.droppedEntries > 0 || runtime.unsavedSampleCount > 0 else { return false }
        var lines = ["warroom: \(runtime.writeFailure.map { "\($0)" } ?? "\(path): the journal refused writes.")"]
        if !entries.isEmpty {
            lines.append("warroom: \(entries.count) \(entries.count == 1 ? "entry was" : "entries were") NOT recorded in \(path) (time, actor, session, kind, payload):")
            lines += entries.map { "  " + $0.tabSeparated }
        }
        if runtime.droppedEntries > 0 {
            lines.append("warroom: \(runtime.droppedEntries) older entries were dropped while the journal refused writes.")
        }
        if runtime.unsavedSampleCount > 0 {
            lines.append("warroom: \(runtime.unsavedSampleCount) ten-second sample windows for the charts were not recorded.")
        }
        Console.error(lines.joined(separator: "\n") + "\n")
        return true
    }
}

/// Why a session could not open, worded for the person at the terminal.
enum SessionError: Error, CustomStringConvertible {
    case amendmentRefused(path: String, refusal: PlanAmendmentRefusal)

    var description: String {
        switch self {
        case .amendmentRefused(let path, let refusal): "\(path): \(refusal)"
        }
    }
}
