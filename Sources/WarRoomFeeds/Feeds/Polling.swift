import WarRoomCore

/// The loop of every polled feed: poll, hand on what it produced, wait out the rest of the interval.
enum Polling {
    /// Runs `poll` every `interval`, measured start to start (a slow poll delays the next, never overlaps it), until
    /// the task is cancelled. A poll cut short by cancellation is dropped: it says nothing about the source.
    static func every(_ interval: Duration, emit: @Sendable (Event) -> Void, _ poll: () async -> [Event]) async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            let events = await poll()
            if Task.isCancelled { return }
            for event in events { emit(event) }
            next = max(next.advanced(by: interval), clock.now)
            do { try await clock.sleep(until: next) } catch { return }
        }
    }
}
