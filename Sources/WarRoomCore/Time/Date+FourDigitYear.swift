import Foundation

extension Date {
    /// Times from 0000-01-01 to 9999-12-31 UTC: what a four-digit year holds. A date outside (a damaged journal, a
    /// broken clock) is shown as out of range rather than as a year a calendar made up.
    public static let fourDigitYears: Range<TimeInterval> = -62_167_219_200..<253_402_300_800

    /// Whether this date has a four-digit year.
    public var hasFourDigitYear: Bool { Self.fourDigitYears.contains(timeIntervalSince1970) }
}
