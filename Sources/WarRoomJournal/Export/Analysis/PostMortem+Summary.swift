import Foundation
import WarRoomCore

/// The summary's figures in plain words, shared by every format so they cannot disagree.
extension PostMortem {
    /// `standard, risk medium`.
    var releaseKind: String {
        [plan.release.type.rawValue, plan.release.risk.map { "risk \($0.rawValue)" }].compactMap { $0 }.joined(separator: ", ")
    }

    /// `Canary 5% (5%) → Canary 25% (25%) → Full (100%)`.
    var stageList: String {
        plan.stages.map { stage in
            stage.name + (stage.traffic.map { " (\(MetricUnit.percent.format($0)))" } ?? "")
        }.joined(separator: " → ")
    }

    /// Everyone who wrote to the journal, by name.
    var actors: [String] { Set(entries.map(\.actor)).sorted() }

    var sessionCount: Int { Set(entries.map(\.session)).count }

    /// `17 entries, 1 session; actors: dana, sam, warroom; 540 sample windows`.
    var journalDescription: String {
        "\(entries.count) entries, \(sessionCount) session\(sessionCount == 1 ? "" : "s")"
            + (actors.isEmpty ? "" : "; actors: \(actors.joined(separator: ", "))")
            + "; \(samples.count) sample windows"
    }

    /// "1 fired (at least one firing for 5m00s), 1 went pending but never fired", or that none did.
    var triggerDescription: String {
        let episodes = triggers.periods
        guard !episodes.isEmpty else { return "none went pending or fired" }
        let fired = episodes.filter { $0.firing != nil }
        let quiet = episodes.count - fired.count
        var parts: [String] = []
        if !fired.isEmpty {
            parts.append("\(fired.count) fired (at least one firing for \(DurationText.format(firingTime)))")
        }
        if quiet > 0 { parts.append("\(quiet) went pending but never fired") }
        return parts.joined(separator: ", ")
    }

    /// `40m00s (T0 to the last entry)`, nil before T0.
    var durationDescription: String? {
        guard let t0, let last = lastTime else { return nil }
        return "\(DurationText.format(last.timeIntervalSince(t0))) (T0 to the last entry)"
    }

    /// How long at least one trigger was firing: the union of the firing periods, so overlaps count once.
    var firingTime: TimeInterval {
        let spans = triggers.periods.compactMap { episode -> (Date, Date)? in
            episode.firing.map { ($0.at, episode.resolved?.at ?? end) }
        }.sorted { $0.0 < $1.0 }
        var total: TimeInterval = 0
        var current: (Date, Date)?
        for span in spans {
            if let open = current, span.0 <= open.1 {
                current = (open.0, max(open.1, span.1))
            } else {
                if let open = current { total += open.1.timeIntervalSince(open.0) }
                current = span
            }
        }
        if let open = current { total += open.1.timeIntervalSince(open.0) }
        return max(0, total)
    }
}
