import Foundation
import Testing
@testable import WarRoomCore

/// A live session recorded the way the runtime records it (journal entries plus 10-second sample windows), and
/// the live state at chosen moments, to hold the replay against.
struct RecordedSession {
    var live = Fixture.Harness(plan: try! Fixture.plan(), now: Fixture.t0.addingTimeInterval(-600))
    var downsampler = SampleDownsampler()
    var attached: [JournalEntry] = []
    let errorRule = "error_rate > 2% for 5m"

    /// T-10m attach, T-5m a tick, T0 start, healthy metrics every 5 s except error_rate at 3% from T+20m to T+30m;
    /// promotion at T+6m, a source failure T+10m..T+12m, the T+15m decision at T+16m, an ack at T+27m,
    /// a rollback at T+32m, samples until T+40m.
    static func make(until end: TimeInterval = 2400) -> RecordedSession {
        var session = RecordedSession()
        session.attached = [JournalEntry(time: Fixture.t0.addingTimeInterval(-600), actor: "sam", session: "s1",
                                         event: .sessionAttached(pid: 42))]
        session.live.at(-300)
        session.live.act(.toggleChecklist(item: "pre_launch.1"))
        session.live.at(0)
        session.live.act(.start)
        var offset: TimeInterval = 0
        while offset <= end {
            let error = (1200..<1800).contains(offset) ? 3.0 : 0.4
            session.sample("error_rate", error, at: offset)
            session.sample("p99_latency", 210, at: offset)
            session.sample("health", 1, at: offset)
            switch offset {
            case 360:
                session.live.act(.toggleChecklist(item: "launch_day.1"), as: "priya")
                session.live.act(.promote(override: "replay test"))
            case 600: session.live.send(.source(SourceReport(source: "prometheus", failure: "connection refused")))
            case 720: session.live.send(.source(SourceReport(source: "prometheus")))
            case 960: session.live.act(.decide(point: "T+15m", verdict: .go, note: "clean"), as: "dana")
            case 1620: session.live.act(.acknowledge(trigger: session.errorRule))
            case 1920: session.live.act(.rollback(reason: "replay test"))
            default: break
            }
            offset += 5
        }
        return session
    }

    mutating func sample(_ name: String, _ value: Double, at offset: TimeInterval) {
        live.sample(name, value, at: offset)
        downsampler.add(MetricSample(name: name, value: value, time: Fixture.t0.addingTimeInterval(offset)))
    }

    var entries: [JournalEntry] { attached + live.journal }

    func timeline(checkpointInterval: TimeInterval = ReplayTimeline.defaultCheckpointInterval) -> ReplayTimeline {
        var downsampler = downsampler
        return ReplayTimeline(plan: live.state.plan, entries: entries, samples: downsampler.takeAll(),
                              checkpointInterval: checkpointInterval)
    }
}

/// Everything the screen reads from the state, compared as one value.
struct ShownState: Hashable {
    var now: Date, t0: Date?, stageIndex: Int, stageEnteredAt: Date?, rollback: AppState.Rollback?
    var ticks: [String: AppState.Tick], decisions: [String: AppState.Decision], notes: [AppState.Note]
    var series: [String: Series], triggers: [String: TriggerState], acks: [String: AppState.Tick]
    var sources: [String: SourceReport], otherSessions: Set<String>

    init(_ state: AppState) {
        now = state.now; t0 = state.t0; stageIndex = state.stageIndex; stageEnteredAt = state.stageEnteredAt
        rollback = state.rollback; ticks = state.ticks; decisions = state.decisions; notes = Array(state.notes)
        series = state.series; triggers = state.triggers; acks = state.acks; sources = state.sources
        otherSessions = state.otherSessions
    }
}

@Suite struct ReplayTimelineTests {
    let session = RecordedSession.make()
    func at(_ minutes: Double) -> Date { Fixture.t0.addingTimeInterval(minutes * 60) }

    @Test func beforeT0ShowsThePreLaunchChecklistAndNoRelease() {
        let state = session.timeline().state(at: at(-1))
        #expect(state.t0 == nil)
        #expect(state.ticks["pre_launch.1"]?.by == "sam")
        #expect(state.series["error_rate"]?.latest == nil)
        #expect(state.now == at(-1))
    }

    @Test func theTimelineStartsAtItsFirstEntryAndPlaysFromT0() {
        let timeline = session.timeline()
        #expect(timeline.first == at(-10))
        #expect(timeline.t0 == Fixture.t0)
        #expect(timeline.origin == Fixture.t0)
        #expect(timeline.end >= at(40))
    }

    @Test func afterPromotionTheStageAndItsEntryTimeShow() {
        let state = session.timeline().state(at: at(7))
        #expect(state.t0 == Fixture.t0)
        #expect(state.stageIndex == 1)
        #expect(state.stageEnteredAt == at(6))
        #expect(state.ticks["launch_day.1"]?.by == "priya")
        #expect(session.timeline().state(at: at(5.9)).stageIndex == 0, "not a moment before it happened")
    }

    @Test func afterADecisionItShowsWithWhoMadeIt() {
        let timeline = session.timeline()
        #expect(timeline.state(at: at(15.9)).decisions["T+15m"] == nil)
        let decision = timeline.state(at: at(16)).decisions["T+15m"]
        #expect(decision?.by == "dana")
        #expect(decision?.record.verdict == .go)
    }

    @Test func afterRollbackTheScreenSaysRolledBack() {
        let timeline = session.timeline()
        #expect(timeline.state(at: at(31.9)).rollback == nil)
        let state = timeline.state(at: at(33))
        #expect(state.rollback?.reason == "replay test")
        #expect(state.overallStatus == .rolledBack)
    }

    @Test func journaledSamplesAppearAtTheirOwnTimes() throws {
        let timeline = session.timeline()
        let state = timeline.state(at: at(10))
        let series = try #require(state.series["error_rate"])
        // Every sample from T0 to T+10m, every 5 s, each at its own time: not the batch's, not a window's.
        #expect(series.points.count == 121)
        #expect(series.latest?.time == at(10))
        #expect(series.latest?.value == 0.4)
        #expect(timeline.state(at: at(22)).series["error_rate"]?.latest?.value == 3.0)
        #expect(timeline.state(at: at(10) - 0.001).series["error_rate"]?.points.count == 120)
    }

    /// A journal written before samples were journaled still charts: each window's `last`, at the window's end.
    @Test func aJournalWithoutSamplesFallsBackToItsWindows() throws {
        var downsampler = session.downsampler
        let entries = session.entries.filter { !$0.event.isFeedData }
        let timeline = ReplayTimeline(plan: session.live.state.plan, entries: entries, samples: downsampler.takeAll())
        let series = try #require(timeline.state(at: at(10)).series["error_rate"])
        #expect(series.points.count == 60)
        #expect(series.latest?.time == at(10))
    }

    /// Triggers are the journaled transitions, at the times the live session journaled them.
    @Test func triggersShowTheJournaledTransitionsAtTheirTimes() throws {
        let timeline = session.timeline()
        let rule = session.errorRule
        #expect(timeline.state(at: at(19)).triggers[rule]?.phase == .inactive)
        #expect(timeline.state(at: at(22)).triggers[rule]?.phase == .pending(since: at(20)))
        #expect(timeline.state(at: at(25) - 0.001).triggers[rule]?.isPending == true)
        #expect(timeline.state(at: at(25)).triggers[rule]?.phase == .firing(since: at(25)))
        let firing = timeline.state(at: at(27))
        #expect(firing.triggers[rule]?.isFiring == true)
        #expect(firing.acks[rule]?.by == "sam", "the acknowledgement comes from the journal")
        #expect(firing.overallStatus == .rollbackRecommended)
        #expect(timeline.state(at: at(31)).triggers[rule]?.isFiring == false)
    }

    @Test func aSourceFailureShowsItsErrorUntilItRecovered() {
        let timeline = session.timeline()
        #expect(timeline.state(at: at(9)).sources["prometheus"] == nil)
        #expect(timeline.state(at: at(11)).sources["prometheus"]?.failure == "connection refused")
        #expect(timeline.state(at: at(13)).sources["prometheus"]?.failure == nil)
    }

    @Test func theReplayedSessionIsNotCountedAsAnotherOne() {
        #expect(session.timeline().state(at: at(5)).otherSessions.isEmpty)
    }

    @Test func seekingBackwardsEqualsAFreshFold() {
        let timeline = session.timeline(checkpointInterval: 60)
        var cursor = ReplayCursor(timeline: timeline, at: at(35))
        cursor.move(to: at(10.5))
        #expect(ShownState(cursor.state) == ShownState(timeline.state(at: at(10.5))))
        let unchecked = session.timeline(checkpointInterval: 1e9)
        #expect(ShownState(cursor.state) == ShownState(unchecked.state(at: at(10.5))))
        // Playing on from there in small steps arrives where a jump does.
        for second in stride(from: 631.0, through: 1700, by: 7) { cursor.move(to: Fixture.t0.addingTimeInterval(second)) }
        #expect(ShownState(cursor.state) == ShownState(unchecked.state(at: cursor.time)))
    }

    @Test func checkpointsGiveTheSameStateAsAFullFold() {
        let checkpointed = session.timeline(checkpointInterval: 60)
        let full = session.timeline(checkpointInterval: 1e9)
        #expect(full.checkpoints.count == 2, "one at the start, one covering everything")
        for seconds in stride(from: -700.0, through: 2500, by: 37) {
            let time = Fixture.t0.addingTimeInterval(seconds)
            #expect(ShownState(checkpointed.state(at: time)) == ShownState(full.state(at: time)), "at T\(seconds)s")
        }
    }

    /// Several processes can write seqs out of time order; the replay folds by time and keeps every entry.
    @Test func entriesAreFoldedInTimeOrderWhateverTheirSeq() {
        var entries = session.entries
        let late = JournalEntry(seq: 10_000, time: at(3), actor: "lee", session: "s2", event: .note(text: "from a script"))
        entries.append(late)
        var downsampler = session.downsampler
        let timeline = ReplayTimeline(plan: session.live.state.plan, entries: entries, samples: downsampler.takeAll())
        let state = timeline.state(at: at(40))
        #expect(state.notes.map(\.text) == ["from a script"])
        #expect(state.decisions["T+15m"] != nil, "entries with a lower seq after it still fold")
    }

    /// The logs pane of a replay is the journaled lines, as they arrived in the live session.
    @Test func logLinesShowFromTheJournal() throws {
        var entries = session.entries
        let line = LogLine(time: at(21), level: .error, text: "upstream timed out", source: "app")
        entries.append(JournalEntry(seq: 20_000, time: at(21) + 0.5, actor: "warroom", session: "s1",
                                    event: .logLines(LogRecord(source: "app", lines: [line], lineCount: 30, errorCount: 1,
                                                               errorSeconds: ErrorTally([line.time])))))
        var downsampler = session.downsampler
        let timeline = ReplayTimeline(plan: session.live.state.plan, entries: entries, samples: downsampler.takeAll())
        #expect(timeline.state(at: at(21)).logs.isEmpty)
        let state = timeline.state(at: at(21.5))
        #expect(state.logs.map(\.text) == ["upstream timed out"])
        #expect(state.errorsLastMinute == 1 && state.errorTotal == 1 && state.logLinesOmitted == 29)
    }

    @Test func aJournalWithoutT0PlaysFromItsFirstEntry() throws {
        let entries = [JournalEntry(seq: 1, time: at(-10), actor: "sam", session: "s1", event: .sessionAttached(pid: 1)),
                       JournalEntry(seq: 2, time: at(-8), actor: "sam", session: "s1", event: .checklistTicked(item: "pre_launch.1"))]
        let timeline = ReplayTimeline(plan: try Fixture.plan(), entries: entries, samples: [])
        #expect(timeline.t0 == nil)
        #expect(timeline.origin == at(-10))
        #expect(timeline.end == at(-8))
        #expect(timeline.state(at: at(-8)).ticks["pre_launch.1"] != nil)
    }

    @Test func anEmptyJournalIsEmpty() throws {
        #expect(ReplayTimeline(plan: try Fixture.plan(), entries: [], samples: []).isEmpty)
    }

    @Test func offsetsParseAsTheScreenWritesThem() {
        #expect(ReplayOffset.parse("T+50m") == 3000)
        #expect(ReplayOffset.parse("T+1h30m") == 5400)
        #expect(ReplayOffset.parse("T-5m") == -300)
        #expect(ReplayOffset.parse("50m") == 3000)
        #expect(ReplayOffset.parse("T+") == nil)
        #expect(ReplayOffset.parse("fifty") == nil)
    }
}
