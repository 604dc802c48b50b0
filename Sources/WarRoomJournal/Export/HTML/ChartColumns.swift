import Foundation
import WarRoomCore

/// A metric's windows merged into at most one point per chart column, so a day of 10-second windows
/// draws as a few hundred points; runs of points are split where data is missing, so gaps show as gaps.
struct ChartColumns: Sendable {
    struct Point: Sendable, Hashable {
        /// Seconds since 1970 at the middle of the merged windows.
        var time: Double
        var min: Double
        var max: Double
        var mean: Double
    }

    /// Runs of points with no gap inside.
    let runs: [[Point]]

    init(_ buckets: [SampleBucket], domain: ClosedRange<Double>, columns: Int) {
        let columnWidth = (domain.upperBound - domain.lowerBound) / Double(max(1, columns))
        var points: [Point] = []
        var merging: (column: Int, first: Double, last: Double, min: Double, max: Double, sum: Double, count: Int)?
        func flush() {
            guard let merged = merging else { return }
            points.append(Point(time: (merged.first + merged.last) / 2, min: merged.min, max: merged.max,
                                mean: merged.sum / Double(Swift.max(1, merged.count))))
        }
        for bucket in buckets {
            let middle = SampleSeries.midpoint(bucket).timeIntervalSince1970
            let column = columnWidth > 0 ? Int(((middle - domain.lowerBound) / columnWidth).rounded(.down)) : 0
            if var current = merging, current.column == column {
                current.last = middle
                current.min = Swift.min(current.min, bucket.min)
                current.max = Swift.max(current.max, bucket.max)
                current.sum += bucket.sum
                current.count += bucket.count
                merging = current
            } else {
                flush()
                merging = (column, middle, middle, bucket.min, bucket.max, bucket.sum, bucket.count)
            }
        }
        flush()
        // A gap wider than three windows (or three columns) is missing data, not a slow poll.
        let width = buckets.first?.width ?? 10
        let gap = Swift.max(3 * width, 3 * columnWidth)
        var runs: [[Point]] = []
        for point in points {
            if let previous = runs.last?.last, point.time - previous.time <= gap {
                runs[runs.count - 1].append(point)
            } else {
                runs.append([point])
            }
        }
        self.runs = runs
    }
}
