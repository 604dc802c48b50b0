import Foundation

/// A playhead's view of a ``ReplayTimeline``: the state at the current moment, moved cheaply as time goes on.
///
/// Playing forward continues the fold from where it is; a jump (back, or far ahead) restarts from the nearest
/// checkpoint, so no move ever refolds more than one checkpoint interval plus the distance played.
public struct ReplayCursor: Sendable {
    public let timeline: ReplayTimeline
    private var position: ReplayTimeline.Position
    public private(set) var time: Date
    /// What the screen shows at ``time``.
    public private(set) var state: AppState
    /// Steps folded by the last move: the cost of a seek, for tests and measurements.
    public private(set) var lastFolded = 0

    public init(timeline: ReplayTimeline, at time: Date) {
        self.timeline = timeline
        self.position = timeline.initial
        self.time = time
        self.state = ReplayTimeline.shown(position, at: time)
        move(to: time)
    }

    public mutating func move(to time: Date) {
        let steps = timeline.steps
        let checkpoint = timeline.checkpoint(for: time)
        // The current fold is still usable when everything in it happened by `time`; the checkpoint always is.
        let stillValid = position.next == 0 || steps[position.next - 1].time <= time
        if !stillValid || checkpoint.next > position.next { position = checkpoint }
        lastFolded = ReplayTimeline.fold(&position, through: time, steps: steps)
        self.time = time
        state = ReplayTimeline.shown(position, at: time)
    }
}
