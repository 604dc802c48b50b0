import Foundation

/// Where "now" comes from. Injected everywhere so tests and the demo control time.
public protocol Clock: Sendable {
    func now() -> Date
    /// Seconds of this clock per second of real time, so a loop knows how long to sleep until a moment of it.
    var speed: Double { get }
}

extension Clock {
    public var speed: Double { 1 }
}

/// The real time, for `warroom run`.
public struct WallClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Time that runs `speed` times faster than the wall clock from `origin`, for `warroom demo`.
public struct ScaledClock: Clock {
    /// The scaled time at `wallOrigin`.
    public let origin: Date
    public let wallOrigin: Date
    public let speed: Double
    private let base: @Sendable () -> Date

    /// Scaled time starts at `origin` when the wall clock reads `wallOrigin` (by default: now, from `base`).
    /// A resumed demo passes the last journaled time as `origin`, so its clock continues instead of jumping back.
    public init(origin: Date, wallOrigin: Date? = nil, speed: Double, base: @escaping @Sendable () -> Date = { Date() }) {
        self.origin = origin
        self.wallOrigin = wallOrigin ?? base()
        self.speed = speed
        self.base = base
    }

    public func now() -> Date { origin.addingTimeInterval(base().timeIntervalSince(wallOrigin) * speed) }
}
