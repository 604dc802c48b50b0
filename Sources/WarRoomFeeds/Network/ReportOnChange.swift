import WarRoomCore

/// Passes a report on only when it differs from the last one passed on (always the first), so a steady source
/// costs no events and every change reaches the journal.
struct ReportOnChange: Sendable {
    private var lastSent: SourceReport?

    mutating func pass(_ report: SourceReport) -> SourceReport? {
        guard report != lastSent else { return nil }
        lastSent = report
        return report
    }
}
