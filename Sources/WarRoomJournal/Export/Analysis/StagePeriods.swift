import Foundation
import WarRoomCore

/// The stages a release went through, read from its journal in one pass, for every exporter.
///
/// Follows the reducer's fold: the first `releaseStarted` enters the first stage at T0, each promotion
/// ends the current stage and enters the one it names, and a rollback ends the current stage for good.
struct StagePeriods: Sendable {
    let periods: [StagePeriod]
    /// When the release was rolled back, if it was: after this no stage is current.
    let rolledBackAt: Date?

    init(plan: Plan, entries: [JournalEntry], end: Date) {
        var periods: [StagePeriod] = []
        var rolledBackAt: Date?
        var open: StagePeriod?
        for entry in entries where rolledBackAt == nil {
            switch entry.event {
            case .releaseStarted(let t0) where open == nil && periods.isEmpty:
                open = StagePeriod(index: 0, name: plan.stageName(0), start: t0, enteredBy: entry.actor,
                                   end: end, ending: .current)
            case .stagePromoted(_, let to, _, let override):
                if var previous = open {
                    previous.end = entry.time
                    previous.ending = .promoted(by: entry.actor)
                    periods.append(previous)
                }
                let index = max(0, min(to, plan.stages.count - 1))
                open = StagePeriod(index: index, name: plan.stageName(index), start: entry.time, enteredBy: entry.actor,
                                   override: override, end: end, ending: .current)
            case .rolledBack(_, let reason):
                rolledBackAt = entry.time
                if var previous = open {
                    previous.end = entry.time
                    previous.ending = .rolledBack(by: entry.actor, reason: reason)
                    periods.append(previous)
                    open = nil
                }
            default:
                break
            }
        }
        if var current = open {
            current.end = max(end, current.start)
            periods.append(current)
        }
        self.periods = periods
        self.rolledBackAt = rolledBackAt
    }

    /// The period a plan stage was (last) lived in; nil for a stage never reached.
    func period(ofStage index: Int) -> StagePeriod? { periods.last { $0.index == index } }
}
