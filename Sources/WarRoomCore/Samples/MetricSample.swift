import Foundation

/// One observation of a metric at its own event time.
public struct MetricSample: Sendable, Codable, Hashable {
    public var name: String
    public var value: Double
    public var time: Date

    public init(name: String, value: Double, time: Date) {
        self.name = name
        self.value = value
        self.time = time
    }
}
