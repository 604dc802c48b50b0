import Foundation

/// The samples of one metric within one fixed window of event time: what the journal keeps of a metric for
/// the post-mortem charts, so a 24-hour release stays a few megabytes whatever the sample rate.
public struct SampleBucket: Sendable, Codable, Hashable {
    public var metric: String
    /// The window's start: a multiple of `width` seconds since 1970, so every process cuts the same windows.
    public var start: Date
    public var width: TimeInterval
    public var count: Int
    public var min: Double
    public var max: Double
    public var sum: Double
    /// The newest sample's value in the window.
    public var last: Double

    public init(metric: String, start: Date, width: TimeInterval, count: Int, min: Double, max: Double, sum: Double, last: Double) {
        self.metric = metric
        self.start = start
        self.width = width
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.last = last
    }

    /// A window holding one sample.
    init(_ sample: MetricSample, width: TimeInterval) {
        let start = (sample.time.timeIntervalSince1970 / width).rounded(.down) * width
        self.init(metric: sample.name, start: Date(timeIntervalSince1970: start), width: width, count: 1,
                  min: sample.value, max: sample.value, sum: sample.value, last: sample.value)
    }

    public var end: Date { start.addingTimeInterval(width) }
    public var mean: Double { sum / Double(Swift.max(count, 1)) }
}
