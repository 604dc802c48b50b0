import Foundation
import Testing
import WarRoomCore
@testable import WarRoomRuntime

/// The loop sleeps until something is due: it is driven here as `run` drives it, each step after sleeping exactly
/// as long as `nextWake` says, with the clocks moved on by that much instead of waiting.
@Suite struct SleepTests {
    /// Steps `room` for `seconds` of wall time the way the real loop sleeps; returns how many times it woke.
    private func sleepwalk(_ room: WarRoom, _ test: WarRoomTest, for seconds: TimeInterval) -> Int {
        let end = test.wall.now().addingTimeInterval(seconds)
        var wakes = 0
        while test.wall.now() < end {
            let sleep = room.runtime.nextWake(wall: test.wall.now(), release: test.clock.now())
            #expect(sleep > 0 && sleep <= Runtime.longestSleep, "a sleep between 0 and the longest: \(sleep)")
            test.clock.advance(by: sleep)
            test.wall.advance(by: sleep)
            _ = room.runtime.step(keyWait: 0)
            wakes += 1
        }
        return wakes
    }

    @Test func aQuietWarRoomWakesTwiceASecondAndDrawsOnce() throws {
        var test = WarRoomTest()
        let room = try test.open("alice", start: true)
        test.run(2)  // attached, evaluating, the first frames drawn
        #expect(room.runtime.isEvaluating)
        // Half a second in and off the grid, so the test cannot pass by starting on it.
        test.clock.advance(by: 0.37)
        test.wall.advance(by: 0.37)
        _ = room.runtime.step(keyWait: 0)
        let frames = room.terminal.frameCount
        // A sample every second, as a metric file brings them.
        for second in 0..<30 { test.metrics.write("error_rate", 0.5, at: test.clock.now().addingTimeInterval(Double(second))) }

        let wakes = sleepwalk(room, test, for: 20)

        // Every whole second (clock, check-in, turn, journal) and every half (a look for other war rooms' entries).
        #expect((40...41).contains(wakes), "woke \(wakes) times in 20 s")
        // One frame a second: the clock on screen moved; the turn's samples land on the same wake.
        #expect((20...21).contains(room.terminal.frameCount - frames), "drew \(room.terminal.frameCount - frames) frames in 20 s")
        // And the evaluator still journaled every second's sample.
        #expect(try test.kinds("samples").count >= 20)
    }

    @Test func periodicTasksKeepToTheGridOfTheirInterval() {
        let t = Date(timeIntervalSince1970: 1_000)
        #expect(Runtime.isDue(t.addingTimeInterval(0.9), every: 1, at: t.addingTimeInterval(1.0)))
        #expect(!Runtime.isDue(t.addingTimeInterval(0.1), every: 1, at: t.addingTimeInterval(0.9)))
        #expect(Runtime.nextDue(after: t.addingTimeInterval(0.3), every: 0.5) == t.addingTimeInterval(0.5))
        #expect(!Runtime.isDue(nil, every: 1, at: t), "a task not running is never due")
        #expect(Runtime.isDue(t, every: 1, at: t.addingTimeInterval(-60)), "a clock set back makes a task due at once")
        // Shifted by a war room's phase: due at 1,000.2 s, not at 1,000 s.
        #expect(!Runtime.isDue(t.addingTimeInterval(-0.5), every: 1, at: t.addingTimeInterval(0.1), phase: 0.2))
        #expect(Runtime.isDue(t.addingTimeInterval(-0.5), every: 1, at: t.addingTimeInterval(0.2), phase: 0.2))
        #expect(Runtime.nextDue(after: t, every: 1, phase: 0.2) == t.addingTimeInterval(0.2))
        // War rooms on one machine keep different phases, so they do not all sync their journals at once.
        let phases = Set((0..<20).map { Runtime.phase(of: "session-\($0)") })
        #expect(phases.count > 10 && phases.allSatisfy { (0..<0.25).contains($0) })
    }

    @Test func onlyAnEventTheScreenMustShowAtOnceWakesTheLoop() throws {
        let inbox = Inbox()
        #expect(!Self.isReadable(inbox.wakeDescriptor))
        inbox.post(.sample(MetricSample(name: "error_rate", value: 1, time: Date())))
        #expect(!Self.isReadable(inbox.wakeDescriptor), "a feed reading waits for the evaluator's turn")
        inbox.post(.tick(Date()))
        #expect(Self.isReadable(inbox.wakeDescriptor))
        #expect(inbox.drain().count == 2)
        #expect(!Self.isReadable(inbox.wakeDescriptor), "taking the events quiets the pipe")
    }

    private static func isReadable(_ descriptor: Int32) -> Bool {
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, 0) == 1
    }
}
