import Foundation

/// Where a replay is in release time, given the wall clock: it runs `speed` times faster than the wall clock
/// while playing, stands still while paused, and never leaves the journal's span.
///
/// The wall time is always passed in, so the player is a pure value and tests move it without waiting.
public struct ReplayPlayhead: Sendable, Hashable {
    public let start: Date
    public let end: Date
    public private(set) var speed: Double
    public private(set) var isPaused = false
    /// The release time at `wallAnchor`; every change re-anchors, so a new speed never makes time jump.
    private var anchor: Date
    private var wallAnchor: Date

    /// The speeds `+` and `-` may reach; `--speed` accepts the same.
    public static let speeds: ClosedRange<Double> = 0.25...10_000

    public init(start: Date, end: Date, from: Date, speed: Double, wall: Date) {
        self.start = start
        self.end = max(start, end)
        self.speed = speed
        self.anchor = from
        self.wallAnchor = wall
        self.anchor = clamped(from)
    }

    public func position(at wall: Date) -> Date {
        isPaused ? anchor : clamped(anchor.addingTimeInterval(wall.timeIntervalSince(wallAnchor) * speed))
    }

    public func isAtEnd(at wall: Date) -> Bool { position(at: wall) >= end }

    /// Playing into the end pauses there, so a finished replay does not look like a live screen that went quiet.
    public mutating func stopAtEnd(at wall: Date) {
        guard !isPaused, isAtEnd(at: wall) else { return }
        reanchor(at: wall)
        isPaused = true
    }

    public mutating func togglePause(at wall: Date) {
        reanchor(at: wall)
        isPaused.toggle()
    }

    public mutating func seek(by offset: TimeInterval, at wall: Date) {
        seek(to: position(at: wall).addingTimeInterval(offset), at: wall)
    }

    public mutating func seek(to time: Date, at wall: Date) {
        anchor = clamped(time)
        wallAnchor = wall
    }

    /// Multiplies the speed, unless that would leave ``speeds``.
    public mutating func scaleSpeed(by factor: Double, at wall: Date) {
        guard Self.speeds.contains(speed * factor) else { return }
        reanchor(at: wall)
        speed *= factor
    }

    private mutating func reanchor(at wall: Date) {
        anchor = position(at: wall)
        wallAnchor = wall
    }

    private func clamped(_ time: Date) -> Date { min(max(time, start), end) }
}
