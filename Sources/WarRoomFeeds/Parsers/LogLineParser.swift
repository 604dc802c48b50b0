import Foundation
import WarRoomCore

/// Turns one raw log line into a ``LogLine``, detecting its level and time in the common formats:
/// JSON (`level`/`severity`/`lvl`, `msg`/`message`), logfmt (`level=error`), `2026-11-22T14:03:07Z ERROR …`,
/// bracketed `[ERROR] …` / `[2026-11-22 14:03:07] [warn] …`, and
/// `2026-12-02 05:05:41 UTC [tag] ERROR …`. Anything else comes through with level
/// `.unknown` at `arrival`, and so does a line whose time no sample could carry (outside 1990–2200: year 0000, an
/// epoch of 1e18), which is a broken clock rather than a moment. The text is kept raw: sanitising is the drawing
/// code's job.
public enum LogLineParser {
    static let levelKeys = ["level", "severity", "lvl", "loglevel"]
    static let messageKeys = ["msg", "message"]
    static let timeKeys = ["time", "ts", "timestamp", "@timestamp"]
    /// The only fields a JSON line is read for.
    private static let jsonKeys = ByteKeys(levelKeys + messageKeys + timeKeys)

    /// What a line says about itself, read in place: the feed reads every line of a busy log this way and makes a
    /// ``LogLine`` only of those the screen can show.
    struct Reading {
        var time: Date?
        var level: LogLevel
        /// A JSON line's message; nil when the text is read from the line itself.
        var message: String?
        /// Where the line's own message starts, after the time and level the row shows anyway.
        var messageStart = 0
        /// A bracketed tag such as `[migrate]` that stood between the time and the level: kept with the message.
        var tag: Range<Int>?

        /// The line's text without its time and level: a JSON line's message, or the rest of the line after them.
        func text(of bytes: UnsafeBufferPointer<UInt8>) -> String {
            if let message { return message }
            let rest = UnsafeBufferPointer(rebasing: bytes[min(messageStart, bytes.count)...])
            // A line that is nothing but its time and level keeps them: an empty row would say less.
            guard messageStart > 0, !rest.isEmpty else { return String(decoding: bytes, as: UTF8.self) }
            guard let tag else { return String(decoding: rest, as: UTF8.self) }
            return String(decoding: bytes[tag], as: UTF8.self) + " " + String(decoding: rest, as: UTF8.self)
        }
    }

    public static func parse(_ line: String, source: String, arrival: Date) -> LogLine {
        let make = { (bytes: UnsafeBufferPointer<UInt8>) -> LogLine in
            let reading = read(bytes)
            return LogLine(time: reading.time ?? arrival, level: reading.level, text: reading.text(of: bytes), source: source)
        }
        // A native string is contiguous UTF-8 already; anything else is copied once.
        return line.utf8.withContiguousStorageIfAvailable(make) ?? Array(line.utf8).withUnsafeBufferPointer(make)
    }

    /// Every delimiter is an ASCII byte and is found as one, even with a combining mark after it (which would make it
    /// part of a Character).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        var minutes = Timestamp.MinuteCache()
        return read(bytes, minutes: &minutes)
    }

    /// The same for one of a log's lines, in turn: `minutes` carries the date from one line to the next.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, minutes: inout Timestamp.MinuteCache) -> Reading {
        var reading = readAsWritten(bytes, minutes: &minutes)
        // Such a time would date the line where no window, chart or backtest can reach (or step through) it.
        if let time = reading.time, !MetricSample.plausibleTimes.contains(time) { reading.time = nil }
        return reading
    }

    /// What the line says, its time however implausible.
    private static func readAsWritten(_ bytes: UnsafeBufferPointer<UInt8>, minutes: inout Timestamp.MinuteCache) -> Reading {
        let start = bytes.firstIndex { $0 != space && $0 != tab } ?? bytes.count
        if start < bytes.count, bytes[start] == UInt8(ascii: "{"), let object = try? JSONObject.parse(bytes, keeping: jsonKeys) {
            return json(object)
        }
        if let (level, time) = logfmt(bytes, minutes: &minutes) { return Reading(time: time, level: level) }
        return prefixed(bytes, from: start, minutes: &minutes)
    }

    /// The level a word names, ignoring case: WARNING→warn, ERR→error, CRITICAL/FATAL/PANIC→fatal.
    static func level(named word: some StringProtocol) -> LogLevel? {
        levelWords[word.uppercased()]
    }

    /// The same for a word's UTF-8. A plain ASCII word, nearly every one, is looked up as a number without making a
    /// String; anything else goes through `uppercased()` as above (`ı` upper-cases to `I`).
    static func level(named word: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        guard word.allSatisfy({ $0 < 0x80 }) else { return level(named: String(decoding: word, as: UTF8.self)) }
        return levelCode(word).flatMap(levelCodes.level)
    }

    private static let levelWords: [String: LogLevel] = [
        "TRACE": .trace, "TRC": .trace,
        "DEBUG": .debug, "DBG": .debug,
        "INFO": .info, "INF": .info, "NOTICE": .info,
        "WARN": .warn, "WARNING": .warn, "WRN": .warn,
        "ERROR": .error, "ERR": .error, "EROR": .error,
        "FATAL": .fatal, "CRITICAL": .fatal, "CRIT": .fatal, "PANIC": .fatal, "EMERG": .fatal, "EMERGENCY": .fatal,
        "ALERT": .fatal, "FTL": .fatal,
    ]
    private static let levelCodes = LevelCodes(levelWords.map { word, level in
        (Array(word.utf8).withUnsafeBufferPointer { levelCode($0)! }, level)
    })

    /// The level words' codes in a small open-addressed table: one multiply and a compare or two find a line's
    /// level word, where a dictionary hashed it and a binary search mispredicted its way through twenty codes.
    private struct LevelCodes {
        /// A power of two, about three times the number of words, so a probe rarely goes past its first slot.
        private static let size = 64
        private var slots: [(code: UInt64, level: LogLevel)?] = Array(repeating: nil, count: size)

        init(_ pairs: [(code: UInt64, level: LogLevel)]) {
            precondition(pairs.count < Self.size / 2)
            for pair in pairs {
                var slot = Self.slot(of: pair.code)
                while slots[slot] != nil { slot = (slot + 1) & (Self.size - 1) }
                slots[slot] = pair
            }
        }

        func level(_ code: UInt64) -> LogLevel? {
            var slot = Self.slot(of: code)
            while let entry = slots[slot] {
                if entry.code == code { return entry.level }
                slot = (slot + 1) & (Self.size - 1)
            }
            return nil
        }

        /// Fibonacci hashing: the top six bits of the code times 2^64 / φ.
        private static func slot(of code: UInt64) -> Int { Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 58) }
    }

    /// An ASCII word of up to 12 letters as five bits a letter, case folded; nil for anything else, which no level
    /// word is.
    private static func levelCode(_ word: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard word.count <= 12 else { return nil }
        var code: UInt64 = 0
        for byte in word {
            let upper = byte & 0xDF
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(upper) else { return nil }
            code = code << 5 | UInt64(upper - UInt8(ascii: "A") + 1)
        }
        return code
    }

    private static func json(_ object: JSONObject) -> Reading {
        var level = LogLevel.unknown
        switch object.field(levelKeys)?.value {
        case .string(var word): level = word.withUTF8 { Self.level(named: $0) } ?? .unknown
        // Numeric levels as bunyan and pino write them: 10 trace … 60 fatal.
        // Clamped as a Double first: `Int(1e999)` or `Int(nan)` would trap on one bad line.
        case .number(let number) where number.isFinite:
            level = [.trace, .debug, .info, .warn, .error, .fatal][Int(min(max(number / 10 - 1, 0), 5))]
        default: break
        }
        var time: Date?
        switch object.field(timeKeys)?.value {
        case .string(let text): time = Timestamp.parse(text)
        case .number(let seconds): time = Timestamp.epoch(seconds)
        default: break
        }
        var message: String?
        if let field = object.field(messageKeys), case .string(let text) = field.value { message = text }
        return Reading(time: time, level: level, message: message)
    }

    /// A logfmt line is one with a `level=` (or `lvl=`, `severity=`) pair; its `time=`/`ts=` pair dates it.
    ///
    /// Pairs are `key=value` and `key="quoted value"`; the key is the last word before `=`, bare words are skipped.
    private static func logfmt(_ bytes: UnsafeBufferPointer<UInt8>, minutes: inout Timestamp.MinuteCache)
        -> (level: LogLevel, time: Date?)? {
        var level: LogLevel?
        var time: Date?
        var rest = 0
        while let equals = bytes.firstIndex(of: UInt8(ascii: "="), from: rest) {
            var keyEnd = equals
            while keyEnd > rest, bytes[keyEnd - 1] == space { keyEnd -= 1 }
            var keyStart = keyEnd
            while keyStart > rest, bytes[keyStart - 1] != space { keyStart -= 1 }
            let value: Range<Int>
            if equals + 1 < bytes.count, bytes[equals + 1] == UInt8(ascii: "\"") {
                let close = bytes.firstIndex(of: UInt8(ascii: "\""), from: equals + 2) ?? bytes.count
                value = (equals + 2)..<close
                rest = min(close + 1, bytes.count)
            } else {
                let end = bytes.firstIndex(of: space, from: equals + 1) ?? bytes.count
                value = (equals + 1)..<end
                rest = end
            }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            let text = UnsafeBufferPointer(rebasing: bytes[value])
            if level == nil, logfmtLevelKeys.contains(ignoringCase: key) { level = Self.level(named: text) ?? .unknown }
            if time == nil, logfmtTimeKeys.contains(ignoringCase: key) { time = Self.time(text, minutes: &minutes) }
            if level != nil, time != nil { break }  // later pairs can change neither
        }
        return level.map { ($0, time) }
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private static let logfmtLevelKeys = ByteKeys(levelKeys), logfmtTimeKeys = ByteKeys(timeKeys)

    /// ``Timestamp/parse(_:)`` of a value: a whole ISO time (leaving nothing to trim) is read in place, anything
    /// else goes the String way.
    private static func time(_ value: UnsafeBufferPointer<UInt8>, minutes: inout Timestamp.MinuteCache) -> Date? {
        if let (date, length) = Timestamp.prefix(of: value, minutes: &minutes), length == value.count { return date }
        return Timestamp.parse(String(decoding: value, as: UTF8.self))
    }

    /// Leading timestamp and level, plain or in brackets, in either order: `2026-… ERROR`, `[ERROR]`,
    /// `[2026-11-22 14:03:07] [warn]`, `ERROR: …`. Looks at the first few tokens only, so a level word deep
    /// inside a message does not count.
    private static func prefixed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, minutes: inout Timestamp.MinuteCache)
        -> Reading {
        var time: Date?
        var level: LogLevel?
        var rest = start
        var tag: Range<Int>?
        for _ in 0..<4 {
            while rest < bytes.count, bytes[rest] == space || bytes[rest] == tab { rest += 1 }
            guard rest < bytes.count else { break }
            let bracketed = bytes[rest] == UInt8(ascii: "[")
            let body = bracketed ? rest + 1 : rest
            if time == nil, let (date, length) = Timestamp.prefix(of: UnsafeBufferPointer(rebasing: bytes[body...]), minutes: &minutes) {
                time = date
                rest = body + length
                if bracketed, rest < bytes.count, bytes[rest] == UInt8(ascii: "]") { rest += 1 }
                continue
            }
            guard level == nil else { break }
            let end = bytes[body...].firstIndex { $0 == space || $0 == tab || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: ":") }
                ?? bytes.count
            guard let found = Self.level(named: UnsafeBufferPointer(rebasing: bytes[body..<end])) else {
                // One bracketed tag such as `[migrate]` or `[main]` may stand before the level.
                guard bracketed, tag == nil, end < bytes.count, bytes[end] == UInt8(ascii: "]") else { break }
                tag = rest..<(end + 1)
                rest = end + 1
                continue
            }
            level = found
            rest = end
            if rest < bytes.count, bytes[rest] == UInt8(ascii: "]") || bytes[rest] == UInt8(ascii: ":") { rest += 1 }
            if time != nil { break }
        }
        guard time != nil || level != nil else { return Reading(time: nil, level: .unknown) }
        // The message starts after the separators that follow the time and level: spaces, and a `-`, `:` or `|`.
        while rest < bytes.count, bytes[rest] == space || bytes[rest] == tab { rest += 1 }
        if rest + 1 < bytes.count, [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "|")].contains(bytes[rest]),
           bytes[rest + 1] == space {
            rest += 2
            while rest < bytes.count, bytes[rest] == space || bytes[rest] == tab { rest += 1 }
        }
        // A tag that no level followed is part of the message.
        if level == nil, let skipped = tag { return Reading(time: time, level: .unknown, messageStart: skipped.lowerBound) }
        return Reading(time: time, level: level ?? .unknown, messageStart: rest, tag: tag)
    }
}
