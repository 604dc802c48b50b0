import Foundation
import WarRoomCore

/// Comma-separated metric rows under a header row, fed one line at a time.
///
/// A struct with state because the header comes once, at the top of the file, and names the columns of every
/// row after it. A `time`, `timestamp` or `ts` column (any case) holds ISO-8601 or epoch seconds; every other
/// column is a metric. A row without a time happened at `arrival`. Fields may be quoted (`"a,b"`, `""` for a
/// quote); a quoted field cannot span lines. An empty cell is no sample; a value or time no sample may hold
/// (``SampleCheck``: `NaN` and `±Inf` among them) makes the row malformed, with the reason. A line equal to the
/// header is skipped (a writer that restarted and wrote its header again).
public struct CSVMetricParser: Sendable, Hashable {
    public static let timeColumnNames: Set<String> = ["time", "timestamp", "ts"]

    private struct Header: Sendable, Hashable {
        var names: [String]
        var timeIndex: Int?
    }

    private var header: Header?

    public init() {}

    /// True once a header row has been read.
    public var hasHeader: Bool { header != nil }

    /// Forgets the header: the next non-blank line is read as one (a truncated or new file starts over).
    public mutating func reset() { header = nil }

    public mutating func parse(_ line: String, arrival: Date) -> Result<[MetricSample], MetricParseError> {
        var text = Substring(line)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }  // a byte-order mark some spreadsheets write
        if text.allSatisfy(\.isWhitespace) { return .success([]) }
        do {
            let fields = try Self.fields(of: text)
            guard let header else {
                header = try Self.header(from: fields)
                return .success([])
            }
            if fields.map(\.text) == header.names { return .success([]) }
            return .success(try Self.samples(from: fields, header: header, arrival: arrival, lineLength: text.unicodeScalars.count))
        } catch {
            return .failure(error)
        }
    }

    private static func header(from fields: [Field]) throws(MetricParseError) -> Header {
        var timeIndex: Int?
        // Each name's column, so a header of thousands of columns does not cost their square to check.
        var columns: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            guard !field.text.isEmpty else {
                throw MetricParseError(message: "header column \(index + 1) has no name", column: field.column)
            }
            if let earlier = columns.updateValue(field.column, forKey: field.text) {
                throw MetricParseError(message: "header names '\(field.text.excerpt())' twice (columns \(earlier) and \(field.column))",
                                       column: field.column)
            }
            if timeColumnNames.contains(field.text.lowercased()) {
                guard timeIndex == nil else {
                    throw MetricParseError(message: "header has two time columns", column: field.column)
                }
                timeIndex = index
            }
        }
        let metrics = fields.indices.filter { $0 != timeIndex }
        guard !metrics.isEmpty else {
            throw MetricParseError(message: "header names no metric column; expected e.g. time,error_rate,p99_latency", column: 1)
        }
        if metrics.allSatisfy({ MetricNumber.value(fields[$0].text) != nil }) {
            throw MetricParseError(message: "expected a header row naming the columns (e.g. time,error_rate,p99_latency), found numbers",
                                   column: 1)
        }
        return Header(names: fields.map(\.text), timeIndex: timeIndex)
    }

    private static func samples(from fields: [Field], header: Header, arrival: Date,
                                lineLength: Int) throws(MetricParseError) -> [MetricSample] {
        guard fields.count == header.names.count else {
            let column = fields.count > header.names.count ? fields[header.names.count].column : lineLength + 1
            throw MetricParseError(message: "expected \(header.names.count) fields as in the header, found \(fields.count)",
                                   column: column)
        }
        var time = arrival
        if let timeIndex = header.timeIndex, !fields[timeIndex].text.isEmpty {
            let cell = fields[timeIndex]
            guard let date = Timestamp.parse(cell.text) else {
                throw MetricParseError(message: "'\(header.names[timeIndex].excerpt())' \"\(cell.text.excerpt())\" is not an ISO-8601 time or epoch seconds",
                                       column: cell.column)
            }
            time = try SampleCheck.time(date, written: cell.text, column: cell.column)
        }
        var samples: [MetricSample] = []
        for (index, cell) in fields.enumerated() where index != header.timeIndex && !cell.text.isEmpty {
            let name = header.names[index]
            guard let number = MetricNumber.value(cell.text) else {
                throw MetricParseError(message: "'\(name.excerpt())' \"\(cell.text.excerpt())\" is not a number", column: cell.column)
            }
            samples.append(MetricSample(name: name, value: try SampleCheck.value(number, of: name, column: cell.column), time: time))
        }
        return samples
    }

    /// One cell: its text (unquoted, trimmed when it was not quoted) and the 1-based column where it starts.
    struct Field: Sendable, Hashable {
        var text: String
        var column: Int
    }

    static func fields(of line: Substring) throws(MetricParseError) -> [Field] {
        let scalars = Array(line.unicodeScalars)
        var fields: [Field] = []
        var index = 0
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\r" }
        while true {
            while index < scalars.count, isBlank(scalars[index]) { index += 1 }
            let column = index + 1
            var text = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                var closed = false
                while index < scalars.count {
                    let scalar = scalars[index]
                    index += 1
                    if scalar != "\"" {
                        text.append(scalar)
                    } else if index < scalars.count, scalars[index] == "\"" {
                        text.append("\"")
                        index += 1
                    } else {
                        closed = true
                        break
                    }
                }
                guard closed else {
                    throw MetricParseError(message: "unterminated quoted field (a field cannot span lines)", column: column)
                }
                while index < scalars.count, isBlank(scalars[index]) { index += 1 }
                guard index == scalars.count || scalars[index] == "," else {
                    throw MetricParseError(message: "expected ',' after the closing quote", column: index + 1)
                }
                fields.append(Field(text: String(text), column: column))
            } else {
                while index < scalars.count, scalars[index] != "," {
                    if scalars[index] == "\"" {
                        throw MetricParseError(message: "a quote inside an unquoted field; quote the whole field and double the quote",
                                               column: index + 1)
                    }
                    text.append(scalars[index])
                    index += 1
                }
                fields.append(Field(text: String(text).trimmingCharacters(in: .whitespacesAndNewlines), column: column))
            }
            guard index < scalars.count else { return fields }
            index += 1  // the comma
        }
    }
}
