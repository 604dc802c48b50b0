import Foundation

/// Reads the timestamps found in metric and log lines without a formatter (pure, Sendable, and exact about how
/// much of the text it used): ISO-8601 `2026-11-22T14:03:07Z`, with fractional seconds, a `±hh:mm` offset, or a
/// space instead of `T`; a time without zone is taken as UTC. Also epoch seconds (milliseconds when huge).
///
/// Total: any text gives a date or nil, without trapping (a four-digit year and a two-digit offset keep every
/// integer small; an epoch stays a Double). Whether the date is one a sample may carry is ``SampleCheck``'s to say.
enum Timestamp {
    /// The time at the start of `text`, and how many UTF-8 bytes it took; nil when `text` does not start with one.
    static func prefix<S: StringProtocol>(of text: S) -> (date: Date, length: Int)? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ prefix(of: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { prefix(of: $0) }
    }

    /// The time at the start of `bytes` (UTF-8), and how many bytes it took: the log parser's entry, which reads
    /// lines in place rather than copying each one.
    static func prefix(of bytes: UnsafeBufferPointer<UInt8>) -> (date: Date, length: Int)? {
        var minutes = MinuteCache()
        return prefix(of: bytes, minutes: &minutes)
    }

    /// The minute the last timestamp read began with, by its first 16 bytes (`2026-11-24T15:03`), and where that
    /// minute starts in seconds since 1970: a log's lines nearly all share their minute with the line before, so
    /// its date is worked out once a minute rather than once a line. Kept by the reader of one log.
    struct MinuteCache: Sendable {
        fileprivate var key: (UInt64, UInt64)?
        fileprivate var start = 0
    }

    /// The same, reading the date and the minute from `minutes` when the line shares them with the one before.
    static func prefix(of bytes: UnsafeBufferPointer<UInt8>, minutes: inout MinuteCache) -> (date: Date, length: Int)? {
        guard bytes.count >= headLength, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let minuteStart: Int, second: Int
        if let known = minutes.key, known == key {
            // The same 16 bytes as a head read in full: only `:ss` is left to check.
            guard base[16] == UInt8(ascii: ":"), let seconds = twoDigits(base + 17), seconds <= 60 else { return nil }
            (minuteStart, second) = (minutes.start, seconds)
        } else {
            guard let (year, month, day, hour, minute, seconds) = head(of: bytes) else { return nil }
            minuteStart = daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60
            second = seconds
            minutes = MinuteCache(key: key, start: minuteStart)
        }
        var reader = Reader(bytes)
        reader.index = headLength
        var fraction = 0.0
        if reader.take(UInt8(ascii: ".")) || reader.take(UInt8(ascii: ",")) {
            // As one integer over a power of ten, so `.123` is as close to 0.123 as a Double gets.
            var numerator = 0, denominator = 1
            guard reader.peekDigit != nil else { return nil }
            while let digit = reader.peekDigit {
                if denominator < 1_000_000_000 {
                    numerator = numerator * 10 + digit
                    denominator *= 10
                }
                reader.index += 1
            }
            fraction = Double(numerator) / Double(denominator)
        }
        var offset = 0
        if reader.take(UInt8(ascii: "Z")) || reader.take(UInt8(ascii: "z")) || reader.takeUTCWord() {
            // UTC.
        } else if let sign = reader.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let start = reader.index
            reader.index += 1
            // `+99:99` is no offset: it is left unread, so a whole-text parse fails rather than shifting the time.
            if let hours = reader.digits(2), hours < 24 {
                _ = reader.take(UInt8(ascii: ":"))
                let minutes = reader.digits(2) ?? 0
                if minutes < 60 {
                    offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    reader.index = start
                }
            } else {
                reader.index = start
            }
        }
        let seconds = Double(minuteStart + second - offset) + fraction
        return (Date(timeIntervalSince1970: seconds), reader.index)
    }

    /// `YYYY-MM-DD[Tt ]hh:mm:ss`: the bytes every timestamp starts with.
    private static let headLength = 19

    /// The date and time every timestamp starts with, read at fixed offsets once the length is known: a log's
    /// every line is tried for one, and a step-by-step reader checking each byte's place costs several times more.
    private static func head(of bytes: UnsafeBufferPointer<UInt8>)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        guard bytes.count >= headLength, let base = bytes.baseAddress else { return nil }
        let separator = base[10]
        guard base[4] == UInt8(ascii: "-"), base[7] == UInt8(ascii: "-"),
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              base[13] == UInt8(ascii: ":"), base[16] == UInt8(ascii: ":"),
              let century = twoDigits(base + 0), let yearOfCentury = twoDigits(base + 2),
              let month = twoDigits(base + 5), let day = twoDigits(base + 8),
              let hour = twoDigits(base + 11), let minute = twoDigits(base + 14), let second = twoDigits(base + 17),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        return (century * 100 + yearOfCentury, month, day, hour, minute, second)
    }

    /// The number two decimal digits at `pointer` write; nil unless both are digits.
    @inline(__always)
    private static func twoDigits(_ pointer: UnsafePointer<UInt8>) -> Int? {
        let tens = pointer[0] &- UInt8(ascii: "0"), ones = pointer[1] &- UInt8(ascii: "0")
        guard tens < 10, ones < 10 else { return nil }
        return Int(tens) * 10 + Int(ones)
    }

    /// A whole string that is a timestamp (ISO-8601, or epoch seconds written as digits).
    static func parse(_ text: String) -> Date? {
        // Nearly always the whole text is one timestamp, with nothing to trim: read it without the trimming,
        // which costs more than the parse (this runs for every JSON and logfmt log line).
        if let (date, length) = prefix(of: text), length == text.utf8.count { return date }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let (date, length) = prefix(of: trimmed), length == trimmed.utf8.count { return date }
        // Decimal digits only, as metric values are read: `Double` would also take hex and `nan(…)`.
        if let number = MetricNumber.value(trimmed) { return epoch(number) }
        return nil
    }

    /// Epoch seconds; values too large to be seconds in this era are taken as milliseconds. Nil for a negative or
    /// non-finite number; a huge one gives a date far outside any release, for ``SampleCheck`` to refuse.
    static func epoch(_ number: Double) -> Date? {
        guard number.isFinite, number >= 0 else { return nil }
        return Date(timeIntervalSince1970: number > 100_000_000_000 ? number / 1000 : number)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        var peekDigit: Int? {
            guard let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            return Int(byte - UInt8(ascii: "0"))
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// ` UTC` or ` GMT` written after the time, as syslog-style and many Java loggers do; a word
        /// that only starts so (` UTCX`) is left alone.
        mutating func takeUTCWord() -> Bool {
            guard peek == UInt8(ascii: " ") else { return false }
            for word in Reader.utcWords where bytes[index...].starts(with: word) {
                let end = index + word.count
                guard end == bytes.count || bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "]") else { continue }
                index = end
                return true
            }
            return false
        }

        /// Made once: this runs for every line of a busy log.
        static let utcWords: [[UInt8]] = [Array(" UTC".utf8), Array(" GMT".utf8)]

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = peekDigit else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }
    }
}
