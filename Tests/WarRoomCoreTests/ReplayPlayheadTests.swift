import Foundation
import Testing
@testable import WarRoomCore

/// The playhead is moved by wall times passed in, so these tests run instantly.
@Suite struct ReplayPlayheadTests {
    let start = Fixture.t0.addingTimeInterval(-600)
    let end = Fixture.t0.addingTimeInterval(3600)
    let wall = Date(timeIntervalSince1970: 2_000_000_000)
    func wall(_ seconds: Double) -> Date { wall.addingTimeInterval(seconds) }
    func head(speed: Double = 60) -> ReplayPlayhead {
        ReplayPlayhead(start: start, end: end, from: Fixture.t0, speed: speed, wall: wall)
    }

    @Test func playingRunsAtItsSpeed() {
        #expect(head().position(at: wall(10)) == Fixture.t0.addingTimeInterval(600))
        #expect(head(speed: 1).position(at: wall(10)) == Fixture.t0.addingTimeInterval(10))
    }

    @Test func pausedTimeStandsStillAndResumesWhereItStopped() {
        var playhead = head()
        playhead.togglePause(at: wall(1))
        #expect(playhead.isPaused)
        #expect(playhead.position(at: wall(30)) == Fixture.t0.addingTimeInterval(60))
        playhead.togglePause(at: wall(30))
        #expect(playhead.position(at: wall(31)) == Fixture.t0.addingTimeInterval(120))
    }

    @Test func seekingMovesFromWhereItIsAndStaysInsideTheJournal() {
        var playhead = head()
        playhead.seek(by: 60, at: wall(1))
        #expect(playhead.position(at: wall(1)) == Fixture.t0.addingTimeInterval(120))
        playhead.seek(by: -86_400, at: wall(1))
        #expect(playhead.position(at: wall(1)) == start)
        playhead.seek(to: end.addingTimeInterval(999), at: wall(1))
        #expect(playhead.position(at: wall(1)) == end)
    }

    @Test func startingOutsideTheJournalStartsAtItsEdge() {
        let early = ReplayPlayhead(start: start, end: end, from: start.addingTimeInterval(-60), speed: 1, wall: wall)
        #expect(early.position(at: wall) == start)
    }

    @Test func reachingTheEndPausesThere() {
        var playhead = head()
        playhead.stopAtEnd(at: wall(59))
        #expect(!playhead.isPaused)
        playhead.stopAtEnd(at: wall(61))
        #expect(playhead.isPaused)
        #expect(playhead.isAtEnd(at: wall(100)))
        #expect(playhead.position(at: wall(100)) == end)
        playhead.seek(by: -60, at: wall(100))
        #expect(!playhead.isAtEnd(at: wall(100)))
    }

    @Test func aNewSpeedDoesNotMakeTimeJump() {
        var playhead = head()
        playhead.scaleSpeed(by: 2, at: wall(10))
        #expect(playhead.speed == 120)
        #expect(playhead.position(at: wall(10)) == Fixture.t0.addingTimeInterval(600))
        #expect(playhead.position(at: wall(11)) == Fixture.t0.addingTimeInterval(720))
    }

    @Test func speedStaysInItsRange() {
        var slow = head(speed: 0.25)
        slow.scaleSpeed(by: 0.5, at: wall)
        #expect(slow.speed == 0.25)
        var fast = head(speed: 8192)
        fast.scaleSpeed(by: 2, at: wall)
        #expect(fast.speed == 8192)
    }
}
