import Foundation
import WarRoomCore

/// A finished session as the exporters see it: the plan, the entries, and their fold.
struct PostMortem {
    let plan: Plan
    let entries: [JournalEntry]
    /// Core's own fold of the entries, so the export agrees with what the screen showed.
    let state: AppState

    init(plan: Plan, entries: [JournalEntry]) {
        self.plan = plan
        self.entries = entries
        var state = AppState(plan: plan, session: "export", now: entries.first?.time ?? Date(timeIntervalSince1970: 0))
        state.resume(from: entries)
        self.state = state
    }

    var t0: Date? { state.t0 }
    var lastTime: Date? { entries.map(\.time).max() }

    /// `T+15m00s`, or `—` before anyone set T0.
    func offset(_ date: Date) -> String {
        t0.map { DurationText.formatOffset(date.timeIntervalSince($0)) } ?? "—"
    }

    /// `T+15m00s (10:15:00 UTC)`, or the full UTC time when there is no T0 to count from.
    func when(_ date: Date) -> String {
        t0 == nil ? "\(UTCFormat.dateTime(date)) UTC" : "\(offset(date)) (\(UTCFormat.time(date)) UTC)"
    }

    /// A checklist item's text from the plan; the raw id when the plan no longer has it.
    func itemText(_ id: String) -> String {
        plan.checklist.first { $0.id == id }?.text ?? id
    }

    func stageName(_ index: Int) -> String {
        plan.stages.indices.contains(index) ? plan.stages[index].name : "stage \(index + 1)"
    }

    /// Formats a trigger's value in the unit of the metric it reads.
    func triggerValue(_ trigger: String, _ value: Double) -> String {
        let metric = plan.triggers.first { $0.id == trigger }?.metric
        let unit = metric.flatMap(plan.metric(named:))?.unit ?? .count
        return unit.format(value)
    }
}
