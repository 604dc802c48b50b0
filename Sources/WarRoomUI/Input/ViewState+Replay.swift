import WarRoomCore

extension ViewState {
    public static let replayReadOnly = "Replay is read-only: nothing is recorded."

    /// Keys during a replay: time controls first; looking around (Tab, cursors, `e`, `?`) as usual; every key that
    /// would record something is refused at once rather than opening a dialog whose answer could not be kept.
    /// `q` quits without asking: a replay has nothing to lose.
    public mutating func handleReplay(_ key: Key, state: AppState) -> [ReplayControl] {
        if modal == nil {
            switch KeyMap.replay.action(for: key) {
            case .control(let control)?:
                flash = nil
                return [control]
            case .look(.quit)?:
                return [.quit]
            case .look?, nil:
                if KeyMap.live.action(for: key)?.records == true {
                    flash = Self.replayReadOnly
                    return []
                }
            }
        }
        let commands = handle(key, state: state)
        if commands.contains(where: { if case .intent = $0 { true } else { false } }) { flash = Self.replayReadOnly }
        closeWritingDialog()
        return commands.contains(.quit) ? [.quit] : []
    }

    /// Only dialogs that show things may be open in a replay; any other leads to a write.
    private mutating func closeWritingDialog() {
        switch modal {
        case nil, .help?, .explain?, .search?, .comms?, .readUpdate?, .canary?: return
        default:
            modal = nil
            flash = Self.replayReadOnly
        }
    }
}
