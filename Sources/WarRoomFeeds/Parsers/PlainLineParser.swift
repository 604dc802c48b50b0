import Foundation
import WarRoomCore

/// One line of the plain format: `name value [timestamp]`, separated by spaces or tabs.
///
/// The timestamp is epoch seconds or ISO-8601 (`2026-11-22T14:03:07Z`, or with a space: `2026-11-22 14:03:07`); a
/// line without one happened at `arrival`. `#` starts a comment, on its own line or after the fields. A value or
/// time no sample may hold (``SampleCheck``: `NaN` and `±Inf` among them) makes the line malformed, as in the other
/// formats.
public enum PlainLineParser {
    public static func parse(_ line: String, arrival: Date) -> Result<[MetricSample], MetricParseError> {
        let tokens = self.tokens(of: line)
        guard let name = tokens.first else { return .success([]) }
        guard tokens.count >= 2 else {
            return .failure(MetricParseError(message: "expected a value after '\(name.text.excerpt())'",
                                             column: name.column + name.text.unicodeScalars.count))
        }
        let valueToken = tokens[1]
        guard let number = MetricNumber.value(valueToken.text) else {
            return .failure(MetricParseError(message: "value '\(valueToken.text.excerpt())' of '\(name.text.excerpt())' is not a number",
                                             column: valueToken.column))
        }
        do {
            let value = try SampleCheck.value(number, of: name.text, column: valueToken.column)
            let time = tokens.count >= 3 ? try self.time(in: tokens[2...]) : arrival
            return .success([MetricSample(name: name.text, value: value, time: time)])
        } catch {
            return .failure(error)
        }
    }

    /// The timestamp in the tokens after the value: one token, or an ISO date and time written with a space.
    private static func time(in tokens: ArraySlice<Token>) throws(MetricParseError) -> Date {
        let first = tokens[tokens.startIndex]
        var used = 1
        var date = Timestamp.parse(first.text)
        if tokens.count >= 2, let joined = Timestamp.parse(first.text + " " + tokens[tokens.startIndex + 1].text) {
            date = joined
            used = 2
        }
        guard let date else {
            throw MetricParseError(
                message: "'\(first.text.excerpt())' is not a time; expected epoch seconds or ISO-8601 such as 2026-11-22T14:03:07Z",
                column: first.column)
        }
        guard tokens.count == used else {
            let extra = tokens[tokens.startIndex + used]
            throw MetricParseError(message: "unexpected '\(extra.text.excerpt())' after the timestamp; expected name value [timestamp]",
                                   column: extra.column)
        }
        let written = tokens[tokens.startIndex..<(tokens.startIndex + used)].map(\.text).joined(separator: " ")
        return try SampleCheck.time(date, written: written, column: first.column)
    }

    struct Token {
        var text: String
        var column: Int
    }

    /// Blank-separated words with their 1-based columns, up to a word that starts a comment.
    static func tokens(of line: String) -> [Token] {
        var tokens: [Token] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (index, scalar) in line.unicodeScalars.enumerated() {
            if scalar == " " || scalar == "\t" || scalar == "\r" {
                if !current.isEmpty { tokens.append(Token(text: String(current), column: start + 1)) }
                current.removeAll()
            } else {
                if current.isEmpty {
                    if scalar == "#" { return tokens }
                    start = index
                }
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(Token(text: String(current), column: start + 1)) }
        return tokens
    }
}
