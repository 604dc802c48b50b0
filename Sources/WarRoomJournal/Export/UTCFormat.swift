import Foundation

/// Fixed UTC date formats, independent of the machine's locale and time zone, so exports are reproducible.
enum UTCFormat {
    /// `2025-03-04 10:15:00`
    static func dateTime(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%04d-%02d-%02d %@", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, time(date))
    }

    /// `10:15:00`
    static func time(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        // Whole seconds, rounded down, so 10:14:59.9 never prints as 10:15:00.
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
    }
}
