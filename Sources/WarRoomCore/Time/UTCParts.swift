import Foundation

/// A moment broken into UTC fields by integer arithmetic, for every time the war room prints: no `Calendar`, no
/// `DateFormatter`, so no locale or time zone of the machine's gets in, nothing is allocated, and the screen does
/// not bring ICU's calendar code and data into memory. Seconds round down (so 10:14:59.9 never prints as 10:15:00);
/// milliseconds round down too, so an ISO text never runs ahead of the Unix time it names.
public struct UTCParts: Sendable, Hashable {
    public var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0

    /// Nil outside years 0 to 9999, which four digits hold.
    public init?(_ date: Date) {
        guard date.hasFourDigitYear else { return nil }
        let seconds = date.timeIntervalSince1970
        let millis = Int64((seconds * 1000).rounded(.down))
        let whole = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        millisecond = Int(millis - whole * 1000)
        var days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let ofDay = Int(whole - days * 86_400)
        hour = ofDay / 3600
        minute = ofDay % 3600 / 60
        second = ofDay % 60
        // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
    }

    /// `2025-03-04` + `separator` + `10:15:00`
    public func appendDate(to text: inout String, separator: String) {
        Self.pad(year, 4, &text)
        text += "-"
        Self.pad(month, 2, &text)
        text += "-"
        Self.pad(day, 2, &text)
        text += separator
        appendTime(to: &text)
    }

    /// `10:15:00` for `date`; nil outside the years a calendar can name (a damaged journal).
    public static func clock(_ date: Date) -> String? {
        guard let parts = UTCParts(date) else { return nil }
        var text = ""
        text.reserveCapacity(8)
        parts.appendTime(to: &text)
        return text
    }

    /// `10:15:00`
    public func appendTime(to text: inout String) {
        Self.pad(hour, 2, &text)
        text += ":"
        Self.pad(minute, 2, &text)
        text += ":"
        Self.pad(second, 2, &text)
    }

    /// Appends `value` with leading zeros to at least `width` digits.
    public static func pad(_ value: Int, _ width: Int, _ text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
