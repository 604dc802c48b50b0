import WarRoomCore

extension ViewState {
    public static let replayReadOnly = "Replay is read-only: nothing is recorded."

    /// Keys during a replay: time controls first; looking around (Tab, cursors, `e`, `?`) as usual; every key that
    /// would record something is refused at once rather than opening a dialog whose answer could not be kept.
    /// `q` quits without asking: a replay has nothing to lose.
    public mutating func handleReplay(_ key: Key, state: AppState) -> [ReplayControl] {
        if modal == nil, let control = Self.replayControl(for: key) {
            flash = nil
            return [control]
        }
        if modal == nil, Self.writingKeys.contains(key) {
            flash = Self.replayReadOnly
            return []
        }
        let commands = handle(key, state: state)
        if commands.contains(where: { if case .intent = $0 { true } else { false } }) { flash = Self.replayReadOnly }
        closeWritingDialog()
        return commands.contains(.quit) ? [.quit] : []
    }

    /// The keys that record something in a live session (start, promote, rollback, decide, acknowledge, note, tick).
    static let writingKeys: Set<Key> = [.character("s"), .character("p"), .character("r"), .character("d"),
                                        .character("a"), .character("n"), .enter]

    static func replayControl(for key: Key) -> ReplayControl? {
        switch key {
        case .character(" "): .togglePause
        case .left: .seek(by: -60)
        case .right: .seek(by: 60)
        case .character("["), .pageUp: .seek(by: -600)
        case .character("]"), .pageDown: .seek(by: 600)
        case .character("+"), .character("="): .scaleSpeed(by: 2)
        case .character("-"): .scaleSpeed(by: 0.5)
        case .character("g"), .home: .jumpToStart
        case .character("G"), .end: .jumpToEnd
        case .character("q"): .quit
        default: nil
        }
    }

    /// Only dialogs that show things may be open in a replay; any other leads to a write.
    private mutating func closeWritingDialog() {
        switch modal {
        case nil, .help?, .explain?: return
        default:
            modal = nil
            flash = Self.replayReadOnly
        }
    }

    /// Every replay key, for the help dialog and the README.
    public static let replayKeyHelp: [(String, String)] = [
        ("space", "pause or resume"),
        ("← →", "back or on 1 minute"),
        ("[ ]  PgUp PgDn", "back or on 10 minutes"),
        ("+ -", "play twice as fast, or half as fast"),
        ("g / G  Home End", "jump to T0, or to the end of the journal"),
        ("Tab  ↑ ↓  j k", "move focus and selection, as in a live session"),
        ("e", "explain the selected metric as it was then"),
        ("?", "this help"),
        ("q", "quit (a replay has nothing to lose)"),
    ]
}
