import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal
import WarRoomTerminal
import WarRoomUI

/// `warroom replay JOURNAL`: a recorded session played back on the war room screen, read-only.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a recorded session back in the war room, read-only, for the post-mortem.",
        discussion: """
        The screen shows what it showed then: stage, checklist, decisions, notes, acknowledgements and source errors \
        from the journal, metrics and triggers from its 10-second sample windows (log lines are not journaled). \
        The journal is opened read-only and nothing is ever written to it.
        Keys: space pause/resume, ← → 1 minute back/on, [ ] or PgUp PgDn 10 minutes, + - speed ×2 ÷2, \
        g G jump to T0 / the end, e explain, ? help, q quit.
        """
    )

    @Argument(help: "The journal written by `warroom run` or `warroom demo`: its file, or its postgresql:// URL.")
    var journal: String

    @Option(name: .customLong("journal-name"), help: "The release's journal in a postgresql:// database. Default: the database's only journal.")
    var journalName: String?

    @Option(help: "How many times faster than real time to play (60: a minute a second).")
    var speed: Double = 1

    @Option(help: "Where to start: an offset from T0 such as T+50m, T+1h30m, T-5m, or a duration after T0 (50m). Default: T0, or the first entry of a session that never started.")
    var from: String?

    @Option(help: "A layout: 'default', 'compact', or the path of a layout file. A terminal too small for it gets 'compact'.")
    var layout: String = "default"

    func validate() throws {
        guard ReplayPlayhead.speeds.contains(speed) else {
            throw ValidationError("--speed must be between \(ReplayPlayhead.speeds.lowerBound) and \(Int(ReplayPlayhead.speeds.upperBound)) (got \(speed))")
        }
        if let from, ReplayOffset.parse(from) == nil {
            throw ValidationError("--from expects an offset from T0 such as T+50m, T+1h30m, T-5m or 50m (got '\(from)')")
        }
    }

    func run() throws {
        let source = try JournalChoice(journal, name: journalName).openForReading()
        let shown = source.location  // a URL without its password
        let timeline = ReplayTimeline(plan: try source.storedPlan(), entries: try source.entries(after: 0), samples: try source.samples())
        guard !timeline.isEmpty else { throw NothingToReplay(path: shown) }
        let layouts = try Layouts.resolve(layout)
        let start = timeline.origin.addingTimeInterval(from.flatMap(ReplayOffset.parse) ?? 0)

        let terminal = try CursesTerminal()
        defer { terminal.restore() }
        let player = ReplayPlayer(timeline: timeline, from: start, speed: speed, journalPath: shown,
                                  terminal: terminal, layouts: layouts)
        let status = player.run()
        terminal.restore()
        if status != 0 { throw ExitCode(status) }
    }
}

/// A journal with no entries and no samples: there is no moment to show.
struct NothingToReplay: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path): the journal has no entries or samples yet, so there is nothing to replay" }
}
