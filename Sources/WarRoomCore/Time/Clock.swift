import Foundation

/// Where "now" comes from. Injected everywhere so tests and the demo control time.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The real time, for `warroom run`.
public struct WallClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Time that runs `speed` times faster than the wall clock from `origin`, for `warroom demo`.
public struct ScaledClock: Clock {
    public let origin: Date
    public let speed: Double
    private let base: @Sendable () -> Date

    public init(origin: Date, speed: Double, base: @escaping @Sendable () -> Date = { Date() }) {
        self.origin = origin
        self.speed = speed
        self.base = base
    }

    public func now() -> Date { origin.addingTimeInterval(base().timeIntervalSince(origin) * speed) }
}
