import DequeModule
import Foundation

/// The times of the lines still inside a window, kept in order, so a count over any stretch is two binary searches
/// rather than a look at every line in the window at every step.
///
/// A log is nearly always written in time order; a line that is not (two writers, a clock step back, milliseconds
/// rounded up) is put in its place, which is a few steps from the end.
struct LineTimes {
    private var times: Deque<Date> = []

    var first: Date? { times.first }
    var last: Date? { times.last }

    mutating func insert(_ time: Date) {
        if let last = times.last, time < last {
            times.insert(time, at: index(after: time))
        } else {
            times.append(time)
        }
    }

    /// Drops the times at or before `time`.
    mutating func removeFirst(through time: Date) {
        times.removeFirst(index(after: time))
    }

    /// How many times lie in `(start, end]`.
    func count(after start: Date, through end: Date) -> Int {
        index(after: end) - index(after: start)
    }

    /// The first index whose time is later than `time`.
    private func index(after time: Date) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
