import Foundation

extension TriggerRule {
    /// A summary of a metric's trailing samples (`avg(error_rate, 5m)`) that a rule compares instead of the latest value.
    public struct Aggregate: Sendable, Codable, Hashable {
        /// How the samples in the window are summarised.
        public enum Function: String, Sendable, Codable, Hashable, CaseIterable {
            case avg, min, max, p95, p99
        }

        public var function: Function
        /// The trailing span of sample time summarised, in seconds.
        public var window: TimeInterval

        public init(_ function: Function, over window: TimeInterval) {
            self.function = function
            self.window = window
        }

        /// The aggregate of the samples timed in `(end - window, end]`; nil when the window holds none.
        /// Half-open so a sample exactly `window` old has left, as in a sliding window of that length.
        public func value(of series: Series, at end: Date) -> Double? {
            let start = end.addingTimeInterval(-window)
            let values = series.points.reversed().lazy
                .drop { $0.time > end }
                .prefix { $0.time > start }
                .map(\.value)
            return reduce(Array(values))
        }

        /// Nearest rank: the smallest sample at or above `percent`% of them, so the answer is a value that was seen.
        /// Integer arithmetic avoids 0.95 × n landing a hair above a whole rank.
        static func percentile(_ percent: Int, of values: [Double]) -> Double {
            let rank = (percent * values.count + 99) / 100
            return values.sorted()[rank - 1]
        }

        /// Applies the function to a set of values in any order; nil when there are none.
        public func reduce(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            switch function {
            case .avg: return values.reduce(0, +) / Double(values.count)
            case .min: return values.min()
            case .max: return values.max()
            case .p95: return Self.percentile(95, of: values)
            case .p99: return Self.percentile(99, of: values)
            }
        }
    }
}
