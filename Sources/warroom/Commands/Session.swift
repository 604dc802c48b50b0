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
        print("warroom: journal kept at \(path)\n  post-mortem: warroom export \(path) --format markdown")
        return status
    }
}
