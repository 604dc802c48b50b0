import Foundation
import WarRoomCore

/// Everything about the screen that is not the release itself: focus, cursors, the open dialog,
/// the last message. Pure like the reducer: keys in, commands out.
public struct ViewState: Sendable, Hashable {
    /// Panes that take focus, in Tab order.
    public static let focusOrder: [PaneKind] = [.rollout, .metrics, .checklist, .decisions, .logs]

    public var focus: PaneKind = .checklist
    public var modal: Modal? {
        // Another dialog starts at its top; choosing a rollback step or an update, or turning an option of the post
        // confirmation on, keeps the dialog where it was scrolled.
        didSet {
            switch (oldValue, modal) {
            case (.rollbackSteps?, .rollbackSteps?), (.comms?, .comms?), (.confirmPostUpdate?, .confirmPostUpdate?): break
            default: if oldValue != modal { dialogScroll = 0 }
            }
        }
    }
    /// Lines the open dialog is scrolled down by (↑ ↓ PgUp PgDn): a dialog taller than the screen is read a page at a
    /// time, never cut.
    public var dialogScroll = 0
    /// The terminal's size, as the runtime last drew it: how far a dialog can scroll depends on it.
    public var screenWidth = 80
    public var screenHeight = 24
    /// Selected row in each pane that has rows.
    public var cursor: [PaneKind: Int] = [:]
    /// The logs pane's search, filters, and whether it follows the newest line.
    public var logView = LogView()
    /// A one-line message for the status bar (a refusal, a confirmation), with when it was set.
    public var flash: String?
    /// Where the journal lives, shown in the status bar.
    public var journalPath: String
    /// Set while replaying a journal: the header says so, the status bar and help list the replay keys.
    public var replay: ReplayStatus?
    /// Actions the runtime could not write to the journal yet: quitting must not claim the journal keeps everything.
    public var unrecorded = 0
    /// A shared journal's database out of reach; the header says so above everything else.
    public var journalOutage: JournalOutage?
    /// Rollback steps whose command this process is running now: quitting kills them.
    public var runningHere: Set<Int> = []
    /// `--readonly`: this war room runs nothing; every key that would run something says so instead.
    public var readOnly = false
    /// Between a bracketed paste's markers: keys are text for the field being typed in, or nothing.
    public internal(set) var pasting = false

    public init(journalPath: String) {
        self.journalPath = journalPath
    }

    public func cursor(in pane: PaneKind) -> Int { cursor[pane] ?? 0 }
}

/// A shared journal's database out of reach, as the header says it: since when, how many actions wait, and why.
public struct JournalOutage: Sendable, Hashable {
    public var since: Date
    public var notRecorded: Int
    public var reason: String

    public init(since: Date, notRecorded: Int, reason: String) {
        self.since = since
        self.notRecorded = notRecorded
        self.reason = reason
    }
}
