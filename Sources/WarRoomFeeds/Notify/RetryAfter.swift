import Foundation

/// A `Retry-After` header (RFC 9110, section 10.2.3) read as seconds to wait from `now`: delta-seconds (`120`) or an
/// HTTP-date in any of the three forms a recipient must accept (`Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete
/// `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`). A date already past is no wait; anything else
/// is no answer, and the usual backoff applies.
enum RetryAfter {
    static func seconds(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return Double(text) }
        guard let date = httpDate(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The three forms share their parts in different orders: the day is the first number, the year the other, the
    /// month a name, the time the part with colons; the weekday is not checked. Only GMT is a zone HTTP dates have.
    static func httpDate(_ text: String) -> Date? {
        let parts = text.split { $0 == " " || $0 == "," || $0 == "-" }.map { $0.lowercased() }
        guard parts.count == 5 || parts.count == 6 else { return nil }
        if parts.count == 6 { guard parts[5] == "gmt" else { return nil } }
        let numbers = parts.filter { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard numbers.count == 2, let day = Int(numbers[0]), var year = Int(numbers[1]),
              let month = parts.compactMap({ months.firstIndex(of: $0) }).first.map({ $0 + 1 }),
              let clock = parts.first(where: { $0.contains(":") }) else { return nil }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard fields.count == 3, let hour = fields[0], let minute = fields[1], let second = fields[2],
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        // The obsolete form's two-digit year: RFC 9110 reads one more than 50 years ahead as the past century's.
        if numbers[1].count == 2 { year += year < 70 ? 2000 : 1900 }
        guard (1970...9999).contains(year) else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
