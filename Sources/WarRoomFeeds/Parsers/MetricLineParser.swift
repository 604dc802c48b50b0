import Foundation
import WarRoomCore

/// Turns one JSON line of a metric file into samples (``MetricParser`` reads every format). A line is one JSON
/// object, either one metric (`{"name":"error_rate","value":0.4,"time":"2026-11-22T14:03:07Z"}`, `metric` for
/// `name`) or several (`{"time":"…","error_rate":0.4,"p99_latency":212}`). Time is `time`, `ts` or `timestamp`: ISO-8601 or epoch
/// seconds; a line without one happened at `arrival`. A blank line holds no samples and is not an error. A value or
/// time no sample may hold (``SampleCheck``) makes the whole line malformed, as any other mistake in it would.
public enum MetricLineParser {
    static let nameKeys = ["name", "metric"]
    static let timeKeys = ["time", "ts", "timestamp"]

    public static func parse(_ line: String, arrival: Date) -> Result<[MetricSample], MetricParseError> {
        if line.allSatisfy(\.isWhitespace) { return .success([]) }
        let object: JSONObject
        do {
            object = try JSONObject.parse(line)
        } catch {
            return .failure(MetricParseError(message: error.message, column: error.column))
        }
        do {
            let time = try self.time(in: object) ?? arrival
            if let name = object.field(nameKeys) {
                return .success([try single(name: name, in: object, time: time)])
            }
            return .success(try several(in: object, time: time))
        } catch {
            return .failure(error)
        }
    }

    private static func time(in object: JSONObject) throws(MetricParseError) -> Date? {
        guard let field = object.field(timeKeys) else { return nil }
        switch field.value {
        case .string(let text):
            guard let date = Timestamp.parse(text) else {
                throw MetricParseError(message: "'\(field.key)' \"\(text.excerpt())\" is not an ISO-8601 time such as 2026-11-22T14:03:07Z",
                                       column: field.column)
            }
            return try SampleCheck.time(date, written: text, column: field.column)
        case .number(let seconds):
            guard let date = Timestamp.epoch(seconds) else {
                throw MetricParseError(message: "'\(field.key)' \(seconds) is not a time in epoch seconds", column: field.column)
            }
            return try SampleCheck.time(date, written: "\(seconds)", column: field.column)
        case .bool, .null, .nested:
            throw MetricParseError(message: "'\(field.key)' must be an ISO-8601 string or epoch seconds", column: field.column)
        }
    }

    private static func single(name field: JSONObject.Field, in object: JSONObject, time: Date) throws(MetricParseError) -> MetricSample {
        guard case .string(let name) = field.value, !name.isEmpty else {
            throw MetricParseError(message: "'\(field.key)' must be a non-empty string", column: field.column)
        }
        guard let value = object.field(["value"]) else {
            throw MetricParseError(message: "metric '\(name.excerpt())' has no \"value\"")
        }
        guard case .number(let number) = value.value else {
            throw MetricParseError(message: "value of '\(name.excerpt())' is not a number", column: value.column)
        }
        return MetricSample(name: name, value: try SampleCheck.value(number, of: name, column: value.column), time: time)
    }

    private static func several(in object: JSONObject, time: Date) throws(MetricParseError) -> [MetricSample] {
        var samples: [MetricSample] = []
        for field in object.fields where !timeKeys.contains(field.key) {
            guard case .number(let number) = field.value else {
                throw MetricParseError(message: "value of '\(field.key.excerpt())' is not a number", column: field.column)
            }
            // An empty key names nothing a plan could read: a mistake in the line, not a metric.
            guard !field.key.isEmpty else { throw MetricParseError(message: "a metric with an empty name", column: field.column) }
            samples.append(MetricSample(name: field.key, value: try SampleCheck.value(number, of: field.key, column: field.column), time: time))
        }
        guard !samples.isEmpty else {
            throw MetricParseError(message: "no metric in the line; expected \"name\" and \"value\", or fields such as \"error_rate\": 0.4")
        }
        return samples
    }
}
