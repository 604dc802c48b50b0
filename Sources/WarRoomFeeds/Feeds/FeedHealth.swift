import Foundation
import WarRoomCore

/// A file feed's health as a ``SourceReport``, handed out only when it differs from the last one sent.
struct FeedHealth: Sendable {
    /// Longest malformed line kept in a report, so one giant bad line cannot bloat every report.
    static let keptLineLength = 200
    /// How long lines lost at a truncation stay in the report: long enough to be seen, and the minute in which the
    /// error count and the log-derived metrics are short of them.
    static let lossShownFor: TimeInterval = 60

    let source: String
    private var malformedLines = 0
    private var lastMalformed: String?
    private var lastSent: SourceReport?
    /// Losses since the report last showed none: bytes known lost, truncations, and the newest one's time.
    private var lostBytes: Int64 = 0
    private var lossCount = 0
    private var lastLoss: Date?

    init(source: String) { self.source = source }

    /// Counts a line that could not be parsed, keeping why and (the start of) the line itself.
    mutating func malformed(_ line: String, because reason: String) {
        malformedLines += 1
        lastMalformed = "\(reason): \(line.excerpt(Self.keptLineLength))"
    }

    /// Takes note of the lines a poll of a followed file says were lost. In a file only ever appended to (a log), a
    /// truncation with no copy beside it is a rotation whose copy is gone, so whatever was written since the last
    /// read is lost; a metric file may be rewritten in place on purpose, so there only bytes seen unread count.
    mutating func note(_ changes: [TailChunk.Change], at now: Date, appendOnly: Bool) {
        for change in changes {
            switch change {
            case .lost(let bytes):
                guard appendOnly || bytes > 0 else { continue }
                if !isShowingLoss(at: now) { (lostBytes, lossCount) = (0, 0) }
                lostBytes += bytes
                lossCount += 1
                lastLoss = now
            case .missing, .unreadable, .appeared, .truncated, .rotated:
                break
            }
        }
    }

    /// The current report for a followed file, called `label` in it, if it is news.
    mutating func report(file availability: FileAvailability, label: String, now: Date) -> SourceReport? {
        var problems: [String] = []
        switch availability {
        case .readable: break
        case .missing: problems.append("waiting for \(label) to appear")
        case .unreadable(let reason): problems.append("\(label) is there but cannot be read (\(reason)); retrying")
        }
        if isShowingLoss(at: now) {
            let times = lossCount == 1 ? "" : " (\(lossCount) times)"
            let lost = lostBytes > 0 ? "at least \(lostBytes) bytes are lost, and any lines written since the last read"
                                     : "any lines written since the last read are lost"
            problems.append("\(label) was truncated\(times) with no rotated copy beside it: \(lost)")
        }
        return report(failure: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    /// The current report if it is news, with `failure` (nil when healthy: a recovery clears the last failure).
    mutating func report(failure: String?) -> SourceReport? {
        let report = SourceReport(source: source, failure: failure,
                                  malformedLines: malformedLines, lastMalformed: lastMalformed)
        guard report != lastSent else { return nil }
        lastSent = report
        return report
    }

    private func isShowingLoss(at now: Date) -> Bool {
        lastLoss.map { now.timeIntervalSince($0) < Self.lossShownFor } ?? false
    }
}
