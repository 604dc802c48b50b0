import WarRoomCore

/// A file feed's health as a ``SourceReport``, handed out only when it differs from the last one sent.
struct FeedHealth: Sendable {
    /// Longest malformed line kept in a report, so one giant bad line cannot bloat every report.
    static let keptLineLength = 200

    let source: String
    private var malformedLines = 0
    private var lastMalformed: String?
    private var lastSent: SourceReport?

    init(source: String) { self.source = source }

    /// Counts a line that could not be parsed, keeping why and (the start of) the line itself.
    mutating func malformed(_ line: String, because reason: String) {
        malformedLines += 1
        let shown = line.count > Self.keptLineLength ? line.prefix(Self.keptLineLength) + "…" : Substring(line)
        lastMalformed = "\(reason): \(shown)"
    }

    /// The current report if it is news: always on the first call, then on every change.
    mutating func report(missing: Bool) -> SourceReport? {
        report(failure: missing ? "waiting for \(source) to appear" : nil)
    }

    /// The current report if it is news, with `failure` (nil when healthy: a recovery clears the last failure).
    mutating func report(failure: String?) -> SourceReport? {
        let report = SourceReport(source: source, failure: failure,
                                  malformedLines: malformedLines, lastMalformed: lastMalformed)
        guard report != lastSent else { return nil }
        lastSent = report
        return report
    }
}
