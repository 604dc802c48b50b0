import Foundation
import WarRoomCore

/// Turns one raw log line into a ``LogLine``, detecting its level and time in the common formats:
/// JSON (`level`/`severity`/`lvl`, `msg`/`message`), logfmt (`level=error`), `2026-11-22T14:03:07Z ERROR …`,
/// bracketed `[ERROR] …` / `[2026-11-22 14:03:07] [warn] …`, and
/// `2026-12-02 05:05:41 UTC [tag] ERROR …`. Anything else comes through with level
/// `.unknown` at `arrival`. The text is kept raw: sanitising is the drawing code's job.
public enum LogLineParser {
    static let levelKeys = ["level", "severity", "lvl", "loglevel"]
    static let messageKeys = ["msg", "message"]
    static let timeKeys = ["time", "ts", "timestamp", "@timestamp"]

    public static func parse(_ line: String, source: String, arrival: Date) -> LogLine {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("{"), let object = try? JSONObject.parse(line) {
            return json(object, line: line, source: source, arrival: arrival)
        }
        if let parsed = logfmt(line) {
            return LogLine(time: parsed.time ?? arrival, level: parsed.level, text: line, source: source)
        }
        let (time, level) = prefixed(trimmed)
        return LogLine(time: time ?? arrival, level: level ?? .unknown, text: line, source: source)
    }

    /// The level a word names, ignoring case: WARNING→warn, ERR→error, CRITICAL/FATAL/PANIC→fatal.
    static func level(named word: some StringProtocol) -> LogLevel? {
        switch word.uppercased() {
        case "TRACE", "TRC": .trace
        case "DEBUG", "DBG": .debug
        case "INFO", "INF", "NOTICE": .info
        case "WARN", "WARNING", "WRN": .warn
        case "ERROR", "ERR", "EROR": .error
        case "FATAL", "CRITICAL", "CRIT", "PANIC", "EMERG", "EMERGENCY", "ALERT", "FTL": .fatal
        default: nil
        }
    }

    private static func json(_ object: JSONObject, line: String, source: String, arrival: Date) -> LogLine {
        var level = LogLevel.unknown
        switch object.field(levelKeys)?.value {
        case .string(let word): level = Self.level(named: word) ?? .unknown
        // Numeric levels as bunyan and pino write them: 10 trace … 60 fatal.
        case .number(let number): level = [.trace, .debug, .info, .warn, .error, .fatal][min(max(Int(number) / 10 - 1, 0), 5)]
        default: break
        }
        var time: Date?
        switch object.field(timeKeys)?.value {
        case .string(let text): time = Timestamp.parse(text)
        case .number(let seconds): time = Timestamp.epoch(seconds)
        default: break
        }
        var text = line
        if let field = object.field(messageKeys), case .string(let message) = field.value { text = message }
        return LogLine(time: time ?? arrival, level: level, text: text, source: source)
    }

    /// A logfmt line is one with a `level=` (or `lvl=`, `severity=`) pair; its `time=`/`ts=` pair dates it.
    private static func logfmt(_ line: String) -> (level: LogLevel, time: Date?)? {
        var level: LogLevel?
        var time: Date?
        for (key, value) in logfmtPairs(line) {
            if levelKeys.contains(key), level == nil { level = Self.level(named: value) ?? .unknown }
            if timeKeys.contains(key), time == nil { time = Timestamp.parse(value) }
        }
        return level.map { ($0, time) }
    }

    /// `key=value` and `key="quoted value"` pairs; bare words are skipped.
    private static func logfmtPairs(_ line: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var rest = Substring(line)
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: " ").last.map(String.init) ?? ""
            var after = rest[rest.index(after: equals)...]
            let value: Substring
            if after.first == "\"" {
                after = after.dropFirst()
                let close = after.firstIndex(of: "\"") ?? after.endIndex
                value = after[..<close]
                rest = close < after.endIndex ? after[after.index(after: close)...] : ""
            } else {
                let end = after.firstIndex(of: " ") ?? after.endIndex
                value = after[..<end]
                rest = after[end...]
            }
            if !key.isEmpty { pairs.append((key.lowercased(), String(value))) }
        }
        return pairs
    }

    /// Leading timestamp and level, plain or in brackets, in either order: `2026-… ERROR`, `[ERROR]`,
    /// `[2026-11-22 14:03:07] [warn]`, `ERROR: …`. Looks at the first few tokens only, so a level word deep
    /// inside a message does not count.
    private static func prefixed(_ line: Substring) -> (Date?, LogLevel?) {
        var time: Date?
        var level: LogLevel?
        var rest = line
        var skippedTag = false
        for _ in 0..<4 {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard !rest.isEmpty else { break }
            let bracketed = rest.first == "["
            let body = bracketed ? rest.dropFirst() : rest
            if time == nil, let (date, length) = Timestamp.prefix(of: body) {
                time = date
                // Timestamps are ASCII, so this byte offset is a character boundary.
                rest = body[body.utf8.index(body.startIndex, offsetBy: length)...]
                if bracketed, rest.first == "]" { rest = rest.dropFirst() }
                continue
            }
            let end = body.firstIndex { $0 == " " || $0 == "\t" || $0 == "]" || $0 == ":" } ?? body.endIndex
            guard level == nil else { break }
            guard let found = Self.level(named: body[..<end]) else {
                // One bracketed tag such as `[migrate]` or `[main]` may stand before the level.
                guard bracketed, !skippedTag, end < body.endIndex, body[end] == "]" else { break }
                skippedTag = true
                rest = body[body.index(after: end)...]
                continue
            }
            level = found
            rest = body[end...]
            if let first = rest.first, first == "]" || first == ":" { rest = rest.dropFirst() }
            if time != nil { break }
        }
        return (time, level)
    }
}
