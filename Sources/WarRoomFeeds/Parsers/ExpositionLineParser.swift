import Foundation
import WarRoomCore

/// One line of the Prometheus text exposition format: `name{label="value",…} value [timestamp_ms]`.
///
/// `#` lines (`# HELP`, `# TYPE`, any comment) and blank lines hold no samples. A sample without labels is named by
/// its metric name. A labelled one comes out twice: under its bare name, and under ``canonicalName(_:labels:)``
/// (labels sorted) so a plan's `series:` can pick one series; when a family has several series the bare name
/// receives each in turn. The timestamp is whole milliseconds since the epoch; a line without one happened at
/// `arrival`. A value or time no sample may hold (``SampleCheck``: `NaN` and `±Inf` among them) makes the line
/// malformed, with the reason.
public enum ExpositionLineParser {
    public static func parse(_ line: String, arrival: Date) -> Result<[MetricSample], MetricParseError> {
        var scanner = Scanner(line)
        scanner.skipBlanks()
        guard let first = scanner.peek, first != "#" else { return .success([]) }
        do {
            let sample = try scanner.sample()
            let value = try SampleCheck.value(sample.value, of: sample.name, column: sample.valueColumn)
            var time = arrival
            if let (milliseconds, column) = sample.milliseconds {
                time = try SampleCheck.time(Date(timeIntervalSince1970: Double(milliseconds) / 1000), written: "\(milliseconds)", column: column)
            }
            var samples = [MetricSample(name: sample.name, value: value, time: time)]
            let canonical = canonicalName(sample.name, labels: sample.labels)
            if canonical != sample.name { samples.append(MetricSample(name: canonical, value: value, time: time)) }
            return .success(samples)
        } catch {
            return .failure(error)
        }
    }

    /// `name{a="1",b="x\"y"}`: labels sorted by name, empty values left out (Prometheus treats them as absent),
    /// values escaped as the format writes them. The bare name when no label is left.
    public static func canonicalName(_ name: String, labels: [(name: String, value: String)]) -> String {
        let kept = labels.filter { !$0.value.isEmpty }.sorted { $0.name < $1.name }
        guard !kept.isEmpty else { return name }
        let written = kept.map { label in
            var escaped = ""
            for character in label.value {
                switch character {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.append(character)
                }
            }
            return "\(label.name)=\"\(escaped)\""
        }
        return "\(name){\(written.joined(separator: ","))}"
    }

    /// What one sample line says, before the limits of a sample are applied.
    struct Line {
        var name: String
        var labels: [(name: String, value: String)]
        var value: Double
        var valueColumn: Int
        /// With the column where it is written.
        var milliseconds: (Int64, column: Int)?
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ text: String) { scalars = Array(text.unicodeScalars) }

        var column: Int { index + 1 }
        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func fail(_ message: String, at column: Int? = nil) -> MetricParseError {
            MetricParseError(message: message, column: column ?? self.column)
        }

        mutating func skipBlanks() {
            while let scalar = peek, scalar == " " || scalar == "\t" { index += 1 }
        }

        static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
        }

        static func isNamePart(_ scalar: Unicode.Scalar) -> Bool { isNameStart(scalar) || ("0"..."9").contains(scalar) }

        mutating func sample() throws(MetricParseError) -> Line {
            let name = try identifier(allowingColons: true, what: "a metric name")
            if let scalar = peek, scalar != " " && scalar != "\t" && scalar != "{" {
                throw fail("'\(scalar)' cannot be part of a metric name (letters, digits, '_' and ':')")
            }
            skipBlanks()
            var labels: [(name: String, value: String)] = []
            if peek == "{" {
                index += 1
                labels = try labelSet()
                skipBlanks()
            }
            let valueColumn = column
            let valueText = token()
            guard !valueText.isEmpty else { throw fail("expected a value after '\(name.excerpt())'") }
            guard let value = MetricNumber.value(valueText) else {
                throw fail("'\(valueText.excerpt())' is not a number (NaN and +Inf are written as such)", at: valueColumn)
            }
            skipBlanks()
            var milliseconds: (Int64, column: Int)?
            if peek != nil {
                let timeColumn = column
                let timeText = token()
                guard let parsed = Int64(timeText) else {
                    throw fail("timestamp '\(timeText.excerpt())' is not whole milliseconds since the epoch", at: timeColumn)
                }
                milliseconds = (parsed, timeColumn)
                skipBlanks()
                guard peek == nil else { throw fail("unexpected text after the timestamp") }
            }
            return Line(name: name, labels: labels, value: value, valueColumn: valueColumn, milliseconds: milliseconds)
        }

        /// After `{`: `name="value"` pairs separated by commas (a trailing one allowed), up to `}`.
        mutating func labelSet() throws(MetricParseError) -> [(name: String, value: String)] {
            var labels: [(name: String, value: String)] = []
            // A set, not a look through `labels`: a line of thousands of labels must not cost their square.
            var names: Set<String> = []
            while true {
                skipBlanks()
                if peek == "}" { index += 1; return labels }
                let nameColumn = column
                let name = try identifier(allowingColons: false, what: "a label name or '}'")
                guard names.insert(name).inserted else {
                    throw fail("label '\(name.excerpt())' appears twice", at: nameColumn)
                }
                skipBlanks()
                guard peek == "=" else { throw fail("expected '=' after label '\(name.excerpt())'") }
                index += 1
                skipBlanks()
                guard peek == "\"" else { throw fail("expected a quoted value for label '\(name.excerpt())'") }
                labels.append((name, try quoted()))
                skipBlanks()
                switch peek {
                case ",": index += 1
                case "}": index += 1; return labels
                case nil: throw fail("expected ',' or '}' before the end of the line")
                default: throw fail("expected ',' or '}' after the value of label '\(name.excerpt())'")
                }
            }
        }

        mutating func identifier(allowingColons: Bool, what: String) throws(MetricParseError) -> String {
            let start = index
            while let scalar = peek,
                  index == start ? Self.isNameStart(scalar) || (allowingColons && scalar == ":")
                                 : Self.isNamePart(scalar) || (allowingColons && scalar == ":") {
                index += 1
            }
            guard index > start else { throw fail("expected \(what)") }
            var name = ""
            name.unicodeScalars.append(contentsOf: scalars[start..<index])
            return name
        }

        /// A label value from its opening quote; only `\\`, `\"` and `\n` are escapes in this format.
        mutating func quoted() throws(MetricParseError) -> String {
            let start = column
            index += 1
            var value = String.UnicodeScalarView()
            while let scalar = peek {
                index += 1
                switch scalar {
                case "\"":
                    return String(value)
                case "\\":
                    switch peek {
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "n": value.append("\n")
                    case let other?: throw fail("invalid escape '\\\(other)' in a label value; use \\\\, \\\" or \\n", at: column - 1)
                    case nil: throw fail("unterminated label value", at: start)
                    }
                    index += 1
                default:
                    value.append(scalar)
                }
            }
            throw fail("unterminated label value", at: start)
        }

        /// The text up to the next blank or the end of the line.
        mutating func token() -> String {
            let start = index
            while let scalar = peek, scalar != " " && scalar != "\t" { index += 1 }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            return text
        }
    }
}
