import DequeModule
import Foundation

/// The most recent samples of one metric, in a fixed-size ring so memory stays bounded.
public struct Series: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var time: Date
        public var value: Double
    }

    public let capacity: Int
    public private(set) var points: Deque<Point> = []

    public init(capacity: Int = 240) {
        self.capacity = capacity
    }

    /// Appends in event-time order; a sample no newer than the newest is dropped (documented in docs/decisions.md):
    /// a source read again from its start (a new evaluator, a restart) brings nothing twice.
    @discardableResult
    public mutating func append(_ value: Double, at time: Date) -> Bool {
        if let last = points.last, time <= last.time { return false }
        if points.count == capacity { points.removeFirst() }
        points.append(Point(time: time, value: value))
        return true
    }

    public var latest: Point? { points.last }
}
