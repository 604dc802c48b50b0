import Foundation
import Synchronization
import WarRoomCore

/// Time the soak sets: its release clock and its wall clock, both moved on by hand, so a simulated day takes no
/// sleeping.
final class ManualClock: WarRoomCore.Clock, Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    func now() -> Date { time.withLock { $0 } }
    func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
