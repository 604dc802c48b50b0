import Foundation
import WarRoomCore

/// Every episode of every trigger that went pending or fired, in the order they began.
///
/// One war room evaluates and journals each transition once; journals written before the evaluator lease may hold
/// one per attached war room, so a repeated `pending` or `firing` inside an open episode is the same episode.
struct TriggerPeriods: Sendable {
    let periods: [TriggerPeriod]

    init(entries: [JournalEntry]) {
        var open: [String: Int] = [:]
        var periods: [TriggerPeriod] = []
        func episode(_ trigger: String) -> Int {
            if let index = open[trigger] { return index }
            periods.append(TriggerPeriod(trigger: trigger))
            open[trigger] = periods.count - 1
            return periods.count - 1
        }
        for entry in entries {
            switch entry.event {
            case .triggerPending(let trigger, let value):
                let index = episode(trigger)
                if periods[index].pending == nil && periods[index].firing == nil {
                    periods[index].pending = .init(at: entry.time, value: value)
                }
            case .triggerFiring(let trigger, let value):
                let index = episode(trigger)
                if periods[index].firing == nil { periods[index].firing = .init(at: entry.time, value: value) }
            case .triggerAcknowledged(let trigger):
                guard let index = open[trigger], periods[index].acknowledged == nil else { continue }
                periods[index].acknowledged = .init(by: entry.actor, at: entry.time)
            case .triggerResolved(let trigger, let value):
                guard let index = open.removeValue(forKey: trigger) else { continue }
                periods[index].resolved = .init(at: entry.time, value: value)
            default:
                continue
            }
        }
        self.periods = periods
    }
}
