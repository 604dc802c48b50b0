import Foundation
import WarRoomCore

/// Where a replay is, for its banner: a replayed screen must never be mistaken for a live release.
public struct ReplayStatus: Sendable, Hashable {
    /// Seconds from T0 (or from the first entry of a journal without T0).
    public var offset: TimeInterval
    public var speed: Double
    public var isPaused: Bool
    public var atEnd: Bool
    /// False when the journal never recorded a T0, so the offset is not written as `T+`.
    public var hasT0: Bool

    public init(offset: TimeInterval, speed: Double, isPaused: Bool, atEnd: Bool = false, hasT0: Bool = true) {
        self.offset = offset
        self.speed = speed
        self.isPaused = isPaused
        self.atEnd = atEnd
        self.hasT0 = hasT0
    }

    /// `REPLAY  T+50m00s  ×60  ▶`, with the word for a pause, so it reads the same without colour.
    public var banner: String {
        let sign = offset < 0 ? "-" : "+"
        let time = (hasT0 ? "T" : "first entry ") + sign + DurationText.format(abs(offset))
        let state = atEnd ? "⏸ end of journal" : isPaused ? "⏸ paused" : "▶"
        return "REPLAY  \(time)  ×\(Self.format(speed: speed))  \(state)"
    }

    /// `60`, `2`, `0.5`: no trailing zeros.
    static func format(speed: Double) -> String {
        speed == speed.rounded() && speed < 1e9 ? String(Int(speed)) : String(format: "%g", speed)
    }

    /// Reverse video like the status badge, in its own colour, so it stands out on any terminal.
    public static let style = Style(foreground: .cyan, bold: true, reverse: true)
}
