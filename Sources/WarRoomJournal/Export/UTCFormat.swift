import Foundation
import WarRoomCore

/// Fixed UTC date formats, independent of the machine's locale and time zone, so exports are reproducible.
///
/// Computed with integer arithmetic (``UTCParts``) rather than `Calendar` or a `DateFormatter`: an export of
/// 100,000 entries formats a few hundred thousand times, and both Foundation paths cost microseconds and allocations
/// per call.
enum UTCFormat {
    /// What a date no four-digit year holds prints as: a damaged journal, never a made-up date.
    static let outOfRange = "(date out of range)"

    /// `2025-03-04 10:15:00`
    static func dateTime(_ date: Date) -> String {
        guard let parts = UTCParts(date) else { return outOfRange }
        var text = ""
        text.reserveCapacity(19)
        parts.appendDate(to: &text, separator: " ")
        return text
    }

    /// `10:15:00`
    static func time(_ date: Date) -> String { UTCParts.clock(date) ?? outOfRange }

    /// `2025-03-04T10:15:00.250Z`: ISO 8601 with milliseconds, like the journal's `timeline` view.
    static func iso8601(_ date: Date) -> String {
        guard let parts = UTCParts(date) else { return outOfRange }
        var text = ""
        text.reserveCapacity(24)
        parts.appendDate(to: &text, separator: "T")
        text += "."
        UTCParts.pad(parts.millisecond, 3, &text)
        text += "Z"
        return text
    }
}
