#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WarRoomCore

/// Where feeds and commands running on other threads leave their events for the run loop to take.
///
/// The loop sleeps until a key, a timer or this inbox wakes it. Feed readings wait for the evaluator's next turn,
/// which is a timer anyway, so only events the screen must show at once (a command that ended) wake the loop:
/// a busy log costs no wake-ups of its own.
final class Inbox: Sendable {
    private let events = Mutex<[Event]>([])
    /// Set when a shared journal says an entry landed, so the loop folds it in now rather than at its next look.
    private let journalChanged = Atomic<Bool>(false)
    /// A pipe with a byte in it while an urgent event waits; the loop waits on its read end beside the keyboard.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        (wakeRead, wakeWrite) = (ends[0], ends[1])
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// The descriptor that becomes readable when an urgent event is posted; -1 when no pipe could be made (the loop
    /// then still wakes on its timers).
    var wakeDescriptor: Int32 { wakeRead }

    func post(_ event: Event) {
        events.withLock { $0.append(event) }
        if !event.isFeedReading { wake() }
    }

    /// Called from the database's thread when an entry landed in a shared journal.
    func journalDidChange() {
        journalChanged.store(true, ordering: .releasing)
        wake()
    }

    /// True once after each ``journalDidChange()``.
    func takeJournalChange() -> Bool {
        journalChanged.exchange(false, ordering: .acquiringAndReleasing)
    }

    private func wake() {
        guard wakeWrite >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe is already a wake-up
    }

    func drain() -> [Event] {
        var scratch = [UInt8](repeating: 0, count: 64)
        while wakeRead >= 0, read(wakeRead, &scratch, scratch.count) > 0 {}
        return events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
