import Foundation
import WarRoomCore

/// The door between what a source wrote and a ``MetricSample``, for every parser and poller: Core's limits
/// (``MetricSample/rejection(value:time:)``: NaN, infinities, beyond ±1e18, outside 1990–2200) turned into a
/// ``MetricParseError``, so a refused value or time is counted and reported exactly as a malformed line is, with
/// the reason.
///
/// The rule is Core's and is asked one half at a time, so the error points at the column of the value or of the
/// time that broke it.
enum SampleCheck {
    /// `value` when a sample may hold it; otherwise why not, at `column` (where the value is written).
    static func value(_ value: Double, of name: String, column: Int?) throws(MetricParseError) -> Double {
        guard let reason = MetricSample.rejection(value: value, time: MetricSample.plausibleTimes.lowerBound) else { return value }
        throw MetricParseError(message: "value of '\(name.excerpt())' refused: \(reason)", column: column)
    }

    /// `time`, read from `text`, when a sample may carry it; otherwise why not, at `column`.
    ///
    /// Only a time the source wrote is judged. One a reader supplies for an undated line is its own clock, not the
    /// source's word (a backtest even dates such lines 1970 on purpose, to leave them out).
    static func time(_ time: Date, written text: some StringProtocol, column: Int?) throws(MetricParseError) -> Date {
        guard let reason = MetricSample.rejection(value: 0, time: time) else { return time }
        throw MetricParseError(message: "time '\(text.excerpt())' refused: \(reason)", column: column)
    }
}
