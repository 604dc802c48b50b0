import Foundation
import WarRoomCore

/// Wall-clock times on screen are UTC and say so, so two engineers in different zones read the same thing.
public enum TimeText {
    /// What a date outside years 0 to 9999 shows (a damaged journal): a calendar would make one up.
    public static let outOfRange = "out of range"

    /// `14:03:07`
    public static func clock(_ date: Date) -> String { UTCParts.clock(date) ?? outOfRange }

    /// `2026-11-22 14:03Z`
    public static func dateTime(_ date: Date) -> String {
        guard let parts = UTCParts(date) else { return outOfRange }
        var text = ""
        UTCParts.pad(parts.year, 4, &text)
        text += "-"
        UTCParts.pad(parts.month, 2, &text)
        text += "-"
        UTCParts.pad(parts.day, 2, &text)
        text += " "
        UTCParts.pad(parts.hour, 2, &text)
        text += ":"
        UTCParts.pad(parts.minute, 2, &text)
        return text + "Z"
    }

    /// `T+12m04s` relative to T0, or the UTC clock when there is no T0 yet.
    public static func offset(_ date: Date, from t0: Date?) -> String {
        guard let t0 else { return clock(date) }
        return DurationText.formatOffset(date.timeIntervalSince(t0))
    }
}
