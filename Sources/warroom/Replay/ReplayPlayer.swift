import Foundation
import WarRoomCore
import WarRoomRuntime
import WarRoomTerminal
import WarRoomUI

/// The replay's run loop: keys move the playhead, the cursor follows it, frames show the state it reconstructs.
/// It holds no journal: a replay cannot write.
final class ReplayPlayer {
    private var cursor: ReplayCursor
    private var playhead: ReplayPlayhead
    private var view: ViewState
    private let terminal: TerminalBackend
    private let layouts: (preferred: LayoutSpec, compact: LayoutSpec)
    /// The wall clock the playhead runs against.
    private let wall: () -> Date

    private var dirty = true
    private var lastFrame = Date.distantPast

    init(timeline: ReplayTimeline, from start: Date, speed: Double, journalPath: String, terminal: TerminalBackend,
         layouts: (preferred: LayoutSpec, compact: LayoutSpec), wall: @escaping () -> Date = Date.init) {
        self.playhead = ReplayPlayhead(start: timeline.first, end: timeline.end, from: start, speed: speed, wall: wall())
        self.cursor = ReplayCursor(timeline: timeline, at: playhead.position(at: wall()))
        self.view = ViewState(journalPath: journalPath)
        self.terminal = terminal
        self.layouts = layouts
        self.wall = wall
    }

    /// Runs until `q` or a signal; returns the exit status.
    func run() -> Int32 {
        while true {
            if let signal = terminal.pendingSignal { return 128 + signal }
            if let key = terminal.readKey(timeoutMilliseconds: 25) {
                dirty = true
                if handle(key) { return 0 }
            }
            let now = wall()
            playhead.stopAtEnd(at: now)
            let time = playhead.position(at: now)
            if time != cursor.time {
                // A frame shows whole seconds, so only a new second needs drawing.
                if Int(saturating: time.timeIntervalSince1970) != Int(saturating: cursor.time.timeIntervalSince1970) { dirty = true }
                cursor.move(to: time)
            }
            let status = status(at: now)
            if status != view.replay { view.replay = status; dirty = true }
            renderIfNeeded()
        }
    }

    /// Returns true when the person quits.
    private func handle(_ key: Key) -> Bool {
        let now = wall()
        (view.screenWidth, view.screenHeight) = terminal.size
        for control in view.handleReplay(key, state: cursor.state) {
            switch control {
            case .quit: return true
            case .togglePause: playhead.togglePause(at: now)
            case .seek(let offset): playhead.seek(by: offset, at: now)
            case .scaleSpeed(let factor): playhead.scaleSpeed(by: factor, at: now)
            case .jumpToStart: playhead.seek(to: cursor.timeline.origin, at: now)
            case .jumpToEnd: playhead.seek(to: cursor.timeline.end, at: now)
            }
        }
        return false
    }

    private func status(at now: Date) -> ReplayStatus {
        ReplayStatus(offset: playhead.position(at: now).timeIntervalSince(cursor.timeline.origin).rounded(.towardZero), speed: playhead.speed,
                     isPaused: playhead.isPaused, atEnd: playhead.isPaused && playhead.isAtEnd(at: now),
                     hasT0: cursor.timeline.t0 != nil)
    }

    private func renderIfNeeded() {
        let now = Date()
        guard dirty, now.timeIntervalSince(lastFrame) >= Runtime.frameInterval else { return }
        let size = terminal.size
        let layout = Screen.pickLayout(preferred: layouts.preferred, fallback: layouts.compact, width: size.width, height: size.height)
        var state = cursor.state
        state.judgeCanary()
        terminal.draw(Screen(state: state, view: view, layout: layout).render(width: size.width, height: size.height))
        lastFrame = now
        dirty = false
    }
}
