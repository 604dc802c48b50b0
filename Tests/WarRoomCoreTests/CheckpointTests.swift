import Foundation
import Testing
@testable import WarRoomCore

/// A checkpoint and the entries after it resume exactly what folding the whole journal resumes, wherever the
/// checkpoint was cut and whichever session restores it.
@Suite struct CheckpointTests {
    static let rule = "error_rate > 2% for 5m"

    /// A release as three sessions and a note script leave it: every kind of entry, a session that restarts, one
    /// firing recorded twice, an ack on either side of a resolution, clocks that disagree (one entry far ahead,
    /// one dated before the entry stored ahead of it), more notes than the screen keeps, fractional times.
    static func journal(plan: Plan) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        func add(_ offset: TimeInterval, _ session: String, _ actor: String, _ event: JournalEvent) {
            entries.append(JournalEntry(seq: Int64(entries.count + 1), time: Fixture.t0.addingTimeInterval(offset),
                                        actor: actor, session: session, event: event))
        }
        let evidence = AppState(plan: plan, session: "s1", now: Fixture.t0).evidence()
        func decision(_ point: String, _ verdict: Verdict) -> JournalEvent {
            .decisionRecorded(DecisionRecord(point: point, verdict: verdict, note: "\(verdict)", evidence: evidence))
        }
        add(-900, "s1", "warroom", .sessionAttached(pid: 101))
        add(-800, "s1", "dana", .checklistTicked(item: "pre_launch.1"))
        add(-700, "s2", "warroom", .sessionAttached(pid: 202))
        add(-650, "s2", "sam", .checklistTicked(item: "launch_day.1"))
        add(-600.5, "s2", "sam", .checklistUnticked(item: "launch_day.1"))
        add(-500, "note-77", "deploy-bot", .note(text: "cache warmed"))
        add(0, "s1", "dana", .releaseStarted(t0: Fixture.t0))
        add(5, "s2", "warroom", .releaseStarted(t0: Fixture.t0.addingTimeInterval(5)))  // a second start is ignored
        add(60, "s1", "warroom", .sourceFailed(source: "metrics.jsonl", message: "file truncated"))
        add(90, "s1", "warroom", .sourceRecovered(source: "metrics.jsonl"))
        add(120, "s3", "warroom", .sessionAttached(pid: 303))
        add(200, "s1", "warroom", .triggerPending(trigger: rule, value: 2.4))
        add(500, "s1", "warroom", .triggerFiring(trigger: rule, value: 3.1))
        add(501, "s2", "warroom", .triggerFiring(trigger: rule, value: 3.0))
        add(530, "s2", "sam", .triggerAcknowledged(trigger: rule))
        add(600, "s1", "sam", .commandRun(command: "kubectl rollout pause", exitStatus: 0, output: "paused"))
        add(700, "s1", "warroom", .triggerResolved(trigger: rule, value: 0.6))
        add(4000, "note-77", "deploy-bot", .note(text: "from a clock an hour fast"))
        add(900, "s1", "dana", decision("T+15m", .go))
        add(960, "s1", "dana", .stagePromoted(from: 0, to: 1, stage: "Canary 50%"))
        add(1000, "s3", "warroom", .sessionDetached)
        add(1100, "s2", "sam", .stagePromoted(from: 1, to: 2, stage: "Full 100%",
                                              override: PromotionOverride(reason: "on call says go", gate: "BLOCKED",
                                                                          gateReasons: ["error_rate: stale"])))
        add(1150, "s2", "sam", .stagePromoted(from: 2, to: 5, stage: "beyond the plan"))
        add(1200, "s1", "warroom", .sessionDetached)
        add(1300, "s1", "warroom", .sessionAttached(pid: 104))
        add(1400, "s1", "warroom", .triggerFiring(trigger: rule, value: 2.8))
        add(1430, "s2", "sam", .triggerAcknowledged(trigger: rule))
        add(1425, "s1", "warroom", .triggerResolved(trigger: rule, value: 1.9))  // before the ack: the ack stands
        add(1450.75, "s1", "dana", .rolledBack(fromStage: 2, reason: "errors again"))
        add(1460, "s1", "dana", .commandStarted(step: 0, command: "kubectl rollout undo"))
        add(1460.5, "s2", "sam", .commandStarted(step: 0, command: "kubectl rollout undo"))  // lost the race
        add(1470, "s2", "sam", .commandStarted(step: 1, command: "kubectl rollout status"))  // never ends
        add(1500, "s1", "dana", decision("T+1h", .rollback))
        add(1600, "s2", "warroom", .exportMade(format: "markdown", file: "postmortem.md"))
        for index in 0..<60 {
            add(1700 + Double(index) * 7.5, ["s1", "s2", "note-77"][index % 3], ["dana", "sam", "deploy-bot"][index % 3],
                .note(text: "note \(index)"))
        }
        add(2200.25, "s2", "sam", .checklistTicked(item: "launch_day.1"))
        add(2210, "s2", "warroom", .evaluatorChanged(host: "build-1", previous: "s1", reason: "s1's war room quit"))
        add(2211, "s2", "warroom", .samplesRecorded(SampleBatch(
            samples: [MetricSample(name: "error_rate", value: 0.4, time: Fixture.t0.addingTimeInterval(2209.5)),
                      MetricSample(name: "p99_latency", value: 212, time: Fixture.t0.addingTimeInterval(2210))],
            refusedFromFuture: ["error_rate": 2])))
        add(2211, "s2", "warroom", .logLines(LogRecord(
            source: "app", lines: [LogLine(time: Fixture.t0.addingTimeInterval(2210.2), level: .error, text: "boom", source: "app")],
            lineCount: 40, errorCount: 3, errorSeconds: ErrorTally([Fixture.t0.addingTimeInterval(2210.2)]))))
        add(2212, "s2", "warroom", .sourceReported(SourceReport(source: "app", malformedLines: 2, lastMalformed: "{oops")))
        var amended = plan
        amended.metrics[0].alert = Bound(.above, 2.5)
        add(2213, "s2", "dana", .planAmended(PlanAmendment(plan: amended, changes: ["error_rate alert > 2 → > 2.5"])))
        add(2214, "s2", "warroom", .sessionGone(session: "note-77", pid: 77, silentSince: Fixture.t0.addingTimeInterval(2190)))
        add(2300, "s1", "sam", .commandRun(command: "kubectl rollout undo", exitStatus: nil, output: "", step: 0))
        return entries
    }

    /// Every stored property of a fold, by name, so a failure names the fields that differ.
    static func fields(of state: FoldedState) -> [String: AnyHashable] {
        var fields: [String: AnyHashable] = [:]
        for child in Mirror(reflecting: state).children {
            guard let label = child.label else { continue }
            fields[label] = (child.value as? any Hashable).map { AnyHashable($0) } ?? AnyHashable(String(reflecting: child.value))
        }
        return fields
    }

    /// The names of the fields in which two states differ.
    static func differences(_ one: AppState, _ other: AppState) -> [String] {
        let (a, b) = (fields(of: one.folded), fields(of: other.folded))
        var names = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }
        if one.now != other.now { names.insert("now") }
        if one.resumedEntries != other.resumedEntries { names.insert("resumedEntries") }
        return names.sorted()
    }

    /// `s2` is in the journal itself (attached, promoting, acknowledging); `s9` is a session that never was.
    @Test(arguments: ["s2", "s9"])
    func aCheckpointAndTheRestResumeLikeTheWholeJournal(restoredBy session: String) throws {
        let plan = try Fixture.plan()
        let entries = Self.journal(plan: plan)
        var whole = AppState(plan: plan, session: session, now: Fixture.t0)
        whole.resume(from: entries)
        #expect(Set(entries.map(\.event.kind)).count == 24, "every kind of entry")
        #expect(whole.startedCommands.keys.sorted() == [1], "step 1 still running; step 0 ended")
        #expect(whole.notes.count == AppState.noteCapacity, "more notes than the screen keeps")

        #expect(Self.fields(of: whole.folded).count > 25, "every stored property is compared")
        #expect(whole.plan.metrics[0].alert == Bound(.above, 2.5), "the amended plan")
        #expect(whole.series["error_rate"]?.latest?.value == 0.4 && whole.futureSamples["error_rate"] == 2)
        for cut in 0...entries.count {
            let checkpoint = FoldedState(plan: plan).folding(Array(entries[..<cut]))
            var resumed = AppState(plan: plan, session: session, now: Fixture.t0)
            resumed.resume(from: checkpoint, then: Array(entries[cut...]))
            let differences = Self.differences(resumed, whole)
            #expect(differences == [], "resumed from a checkpoint cut after entry \(cut)")
            if !differences.isEmpty { break }
        }
    }

    @Test func theWriterStillAttachedIsAnotherSessionForTheOneThatRestores() throws {
        let plan = try Fixture.plan()
        let entries = Self.journal(plan: plan)
        let checkpoint = FoldedState(plan: plan).folding(entries)
        #expect(Set(checkpoint.attendees.keys) == ["s1", "s2"])
        var restored = AppState(plan: plan, session: "s2", now: Fixture.t0)
        restored.resume(from: checkpoint)
        #expect(restored.otherSessions == ["s1"])
        #expect(restored.resumedEntries == entries.count)
        #expect(restored.now == Fixture.t0.addingTimeInterval(4000), "the newest entry, not the last")
        var other = AppState(plan: plan, session: "s9", now: Fixture.t0)
        other.resume(from: checkpoint)
        #expect(other.folded == restored.folded, "the fold does not depend on who folds it")
    }

    /// The runtime advances its checkpoint a batch at a time; entries it already holds are skipped, as the fold skips them.
    @Test func aCheckpointAdvancedInBatchesEqualsOneFoldedAtOnce() throws {
        let plan = try Fixture.plan()
        let entries = Self.journal(plan: plan)
        var advanced = FoldedState(plan: plan)
        for start in stride(from: 0, to: entries.count, by: 7) {
            advanced = advanced.folding(Array(entries[max(0, start - 3)..<min(entries.count, start + 7)]))
        }
        #expect(advanced == FoldedState(plan: plan).folding(entries))
        #expect(advanced.entryCount == entries.count)
        #expect(advanced.journalSeq == Int64(entries.count))
        #expect(advanced.folding([]) == advanced)
    }

    @Test func aCheckpointSurvivesJSON() throws {
        let plan = try Fixture.plan()
        let entries = Self.journal(plan: plan)
        for cut in [0, 1, 17, 40, entries.count] {
            let checkpoint = FoldedState(plan: plan).folding(Array(entries[..<cut]))
            let json = try JSONEncoder().encode(checkpoint)
            #expect(try JSONDecoder().decode(FoldedState.self, from: json) == checkpoint, "checkpoint after entry \(cut)")
        }
    }
}
