import Foundation
import WarRoomCore

/// Wall-clock times on screen are UTC and say so, so two engineers in different zones read the same thing.
public enum TimeText {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// What a date outside years 0 to 9999 shows (a damaged journal): a calendar would make one up.
    public static let outOfRange = "out of range"

    /// `14:03:07`
    public static func clock(_ date: Date) -> String {
        guard date.hasFourDigitYear else { return outOfRange }
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `2026-11-22 14:03Z`
    public static func dateTime(_ date: Date) -> String {
        guard date.hasFourDigitYear else { return outOfRange }
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `T+12m04s` relative to T0, or the UTC clock when there is no T0 yet.
    public static func offset(_ date: Date, from t0: Date?) -> String {
        guard let t0 else { return clock(date) }
        return DurationText.formatOffset(date.timeIntervalSince(t0))
    }
}
