import Foundation
import WarRoomCore
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

    /// Everything that can fail before the screen opens fails here, before the terminal changes mode.
    /// `wire` adds the feeds once the state (with a resumed T0) is known.
    func run(wire: (Runtime) -> Void) throws -> Int32 {
        let path = options.journal ?? Journal.defaultPath(for: plan, in: FileManager.default.currentDirectoryPath)
        let journal = try Journal.open(path: path, plan: plan, force: options.force)
        let layouts = try Layouts.resolve(options.layout)
        let session = String(UUID().uuidString.prefix(8)).lowercased()
        let state = AppState(plan: plan, session: session, now: clock.now())

        let terminal = try CursesTerminal()
        defer { terminal.restore() }
        let runtime = Runtime(state: state, journal: journal, journalPath: path, terminal: terminal, clock: clock,
                              actor: options.resolvedActor, layouts: layouts)
        try runtime.attach(andStartRelease: startsImmediately)
        wire(runtime)
        let status = runtime.run()
        terminal.restore()
        Console.out("warroom: journal kept at \(path)\n  post-mortem: warroom export \(path) --format markdown\n")
        return Self.reportUnrecorded(runtime, path: path) ? max(status, 1) : status
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
