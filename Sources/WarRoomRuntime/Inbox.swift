import Synchronization
import WarRoomCore

/// Where feeds running on other threads leave their events for the run loop to take.
final class Inbox: Sendable {
    private let events = Mutex<[Event]>([])

    func post(_ event: Event) {
        events.withLock { $0.append(event) }
    }

    func drain() -> [Event] {
        events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
