import Foundation
import Testing
@testable import WarRoomCore

/// Notifications in the fold: the evaluator alone queues one notice per entry and target, sends each target's oldest
/// first, retries by its policy, and after a takeover sends again only what the receiver would drop as a repeat.
@Suite struct CommsOutboxTests {
    static let slack = NotifyTarget(name: "releases", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL")))
    static let pager = NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_KEY"), eventsURL: nil))
    static let hooks = NotifyTarget(name: "hooks", destination: .webhook(url: "http://127.0.0.1:9/hook", secret: nil))

    static func plan(targets: [NotifyTarget] = [slack, pager], sends: Bool = true, cadence: TimeInterval? = nil) throws -> Plan {
        var plan = try Fixture.plan()
        plan.notify = targets
        plan.communication = Communication(cadence: cadence, escalation: ["on-call", "Priya Raman", "VP Engineering"],
                                           sendNotifications: sends)
        return plan
    }

    /// A war room that evaluates (holds the lease) as `session`, the release started at T0.
    static func evaluating(_ plan: Plan, session: String = "s1") -> Fixture.Harness {
        var harness = Fixture.Harness(plan: plan)
        harness.state = AppState(plan: plan, session: session, now: Fixture.t0)
        harness.send(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: session,
                                            event: .evaluatorChanged(host: nil, previous: nil, reason: "first"))))
        harness.act(.start)
        return harness
    }

    static func time(_ offset: TimeInterval) -> Date { Fixture.t0.addingTimeInterval(offset) }

    func outbox(_ harness: Fixture.Harness, _ target: String) -> [CommsState.Outgoing] {
        harness.state.comms.outbox.filter { $0.notice.target == target }
    }

    // MARK: Queued once, sent once

    @Test func aPromotionIsQueuedForEachTargetThatWantsItAndSentOnce() throws {
        var room = Self.evaluating(try Self.plan())
        room.at(1)  // release_started: both targets want it
        room.act(.promote(override: "smoke tests done by hand"), as: "dana")
        room.at(2)
        #expect(room.state.comms.unqueued.isEmpty)
        let promoted = room.state.comms.outbox.filter { $0.notice.event == .stagePromoted }
        #expect(promoted.map(\.notice.target) == ["releases", "pager"])
        #expect(promoted.allSatisfy { $0.notice.isSent })
        #expect(promoted[0].notice.summary == "checkout 2.14.0: promoted to stage 2/3 Canary 50% by dana past a gate that was INCONCLUSIVE")
        // Each target's oldest goes first: the start, then (once it is answered) the promotion.
        #expect(room.deliveries.map(\.notice.event) == [.releaseStarted, .releaseStarted])
        for request in room.deliveries { room.send(.noticeFinished(request, .sent(status: 200, answer: "ok"))) }
        room.at(3)
        #expect(room.deliveries.map(\.notice.event) == [.releaseStarted, .releaseStarted, .stagePromoted, .stagePromoted])
        for request in room.deliveries.suffix(2) { room.send(.noticeFinished(request, .sent(status: 202, answer: nil))) }
        room.at(60)
        #expect(room.deliveries.count == 4, "nothing is sent twice")
        #expect(room.state.comms.outbox.allSatisfy { $0.isSettled })
        #expect(room.kinds.filter { $0 == "notice_queued" }.count == 4)
        #expect(room.kinds.filter { $0 == "notice_sending" }.count == 4)
    }

    @Test func aWarRoomThatDoesNotEvaluateNeitherQueuesNorSends() throws {
        let plan = try Self.plan()
        var evaluator = Self.evaluating(plan)
        evaluator.at(1)
        var watcher = Fixture.Harness(plan: plan)
        watcher.state = AppState(plan: plan, session: "s2", now: Fixture.t0)
        for entry in evaluator.journal { watcher.send(.recorded(entry)) }
        // Its clock moves on; the runtime gives the evaluator's turn only to the war room that holds the lease.
        watcher.send(.tick(Self.time(2)))
        #expect(watcher.deliveries.isEmpty)
        #expect(watcher.journal.isEmpty, "only the evaluator's turn journals notices")
        #expect(watcher.state.comms == evaluator.state.comms, "every war room folds the same outbox")
    }

    @Test func aSecondQueueOfTheSameEntryOrASecondStartOfAnAttemptIsIgnored() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack]))
        room.at(1)
        let queued = try #require(room.journal.first { $0.event.kind == "notice_queued" })
        let started = try #require(room.journal.first { $0.event.kind == "notice_sending" })
        var copy = queued
        copy.seq = room.state.journalSeq + 1
        copy.session = "s2"
        room.send(.recorded(copy))
        var race = started
        race.seq = room.state.journalSeq + 1
        race.session = "s2"
        room.send(.recorded(race))
        #expect(room.state.comms.outbox.count == 1)
        #expect(room.state.comms.outbox[0].attempts.map(\.session) == ["s1"])
    }

    // MARK: What is not sent

    @Test func withoutSendingEveryNoticeIsShownWithWhyAndNeverStarted() throws {
        var room = Self.evaluating(try Self.plan(sends: false))
        room.at(1)
        #expect(room.state.comms.outbox.count == 2)
        #expect(room.state.comms.outbox.allSatisfy { !$0.notice.isSent && $0.isSettled })
        #expect(room.state.comms.outbox[0].notice.withheld?.contains("--notify") == true)
        #expect(room.deliveries.isEmpty)

        var demo = Self.evaluating(try Self.plan(sends: true))
        demo.state.notifyPolicy = .never("a demo never sends notifications")
        demo.at(1)
        #expect(demo.state.comms.outbox.allSatisfy { $0.notice.withheld == "a demo never sends notifications" })
        #expect(demo.deliveries.isEmpty)

        var told = Self.evaluating(try Self.plan(sends: false))
        told.state.notifyPolicy = .always
        told.at(1)
        #expect(told.deliveries.count == 2, "--notify sends what the plan would only show")
    }

    @Test func aNoticeOfSomethingLongAgoIsShownNotSent() throws {
        let plan = try Self.plan(targets: [Self.slack])
        var first = Self.evaluating(plan)
        // The start is journaled, then nobody evaluates for 40 minutes.
        var late = Fixture.Harness(plan: plan)
        late.state = AppState(plan: plan, session: "s2", now: Fixture.t0)
        for entry in first.journal where entry.event.kind == "release_started" { late.send(.recorded(entry)) }
        late.send(.recorded(JournalEntry(seq: late.state.journalSeq + 1, time: Self.time(2400), actor: "lee", session: "s2",
                                         event: .evaluatorChanged(host: nil, previous: nil, reason: "took over"))))
        late.at(2400)
        let notice = try #require(late.state.comms.outbox.first?.notice)
        #expect(notice.withheld?.hasPrefix("it told of") == true)
        #expect(late.deliveries.isEmpty)
        first.at(1)
    }

    // MARK: Retries

    @Test func eachTargetsOldestGoesFirstAndFailuresRetryByBackoffOrRetryAfter() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack]))
        room.at(1)
        room.act(.note("first note"))
        room.act(.rollback(reason: "errors"), as: "dana")
        room.at(2)
        let start = try #require(room.deliveries.last)
        #expect(room.deliveries.count == 1)
        room.send(.noticeFinished(start, .retryable(reason: "HTTP 503", retryAfter: nil)))
        room.at(5)
        #expect(room.deliveries.count == 1, "5 s backoff after the first failure; the rollback waits behind it")
        room.at(7)
        #expect(room.deliveries.map(\.attempt) == [1, 2])
        room.send(.noticeFinished(room.deliveries[1], .retryable(reason: "HTTP 429", retryAfter: 30)))
        room.at(20)
        #expect(room.deliveries.count == 2, "a 429's Retry-After is longer than the 10 s backoff")
        room.at(37.5)
        #expect(room.deliveries.count == 3)
        room.send(.noticeFinished(room.deliveries[2], .sent(status: 200, answer: "ok")))
        room.at(38)
        #expect(room.deliveries.last?.notice.event == .rollback)
        #expect(room.deliveries.last?.notice.severity == .error)
    }

    @Test func refusedGivesUpAtOnceAndRetryableGivesUpAfterTheLastAttempt() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack]))
        room.at(1)
        room.send(.noticeFinished(room.deliveries[0], .refused(reason: "HTTP 404 no_service")))
        #expect(room.state.comms.outbox[0].phase == .gaveUp("HTTP 404 no_service", attempts: 1))

        var patient = Self.evaluating(try Self.plan(targets: [Self.hooks]))
        var offset: TimeInterval = 1
        patient.at(offset)
        for attempt in 1...AppState.noticeAttempts {
            let request = try #require(patient.deliveries.last)
            #expect(request.attempt == attempt)
            patient.send(.noticeFinished(request, .retryable(reason: "connection refused", retryAfter: nil)))
            offset += AppState.noticeBackoff(after: attempt) + 1
            patient.at(offset)
        }
        #expect(patient.deliveries.count == AppState.noticeAttempts)
        guard case .gaveUp(let reason, 8) = patient.state.comms.outbox[0].phase else {
            Issue.record("gave up after the last attempt: \(patient.state.comms.outbox[0].phase)")
            return
        }
        #expect(reason == "connection refused; gave up after 8 attempts")

        var asked = Self.evaluating(try Self.plan(targets: [Self.slack]))
        asked.at(1)
        asked.send(.noticeFinished(asked.deliveries[0], .retryable(reason: "HTTP 429", retryAfter: 7200)))
        guard case .gaveUp = asked.state.comms.outbox[0].phase else { Issue.record("a two-hour wait is given up"); return }
    }

    // MARK: Takeover

    /// s1 started sending and went silent; s2 takes the evaluator over.
    func takeOver(_ targets: [NotifyTarget]) throws -> Fixture.Harness {
        let plan = try Self.plan(targets: targets)
        var old = Self.evaluating(plan)
        old.at(1)
        #expect(old.state.comms.outbox.allSatisfy { $0.attempts.count == 1 && $0.attempts[0].outcome == nil })
        var new = Fixture.Harness(plan: plan)
        new.state = AppState(plan: plan, session: "s2", now: Fixture.t0)
        for entry in old.journal { new.send(.recorded(entry)) }
        new.send(.recorded(JournalEntry(seq: new.state.journalSeq + 1, time: Self.time(8), actor: "lee", session: "s2",
                                        event: .evaluatorChanged(host: nil, previous: "s1", reason: "s1 went silent"))))
        // Not yet known gone: s1 may only have lost the lease for a moment and still be sending.
        new.at(8)
        #expect(new.deliveries.isEmpty && new.journal.allSatisfy { $0.event.kind != "notice_delivered" })
        new.send(.recorded(JournalEntry(seq: new.state.journalSeq + 1, time: Self.time(9), actor: "lee", session: "s2",
                                        event: .sessionGone(session: "s1", pid: 1))))
        new.at(9)
        return new
    }

    @Test func anAttemptLeftOpenIsNotSentAgainToSlackOrAsAPagerDutyChange() throws {
        let new = try takeOver([Self.slack, Self.pager])
        #expect(new.deliveries.isEmpty)
        for item in new.state.comms.outbox {
            guard case .unknown(let reason) = item.phase else { Issue.record("\(item.notice.target): \(item.phase)"); continue }
            #expect(reason.contains("not sent again"))
            #expect(reason.contains("check \(item.notice.target)"))
        }
    }

    @Test func anAttemptLeftOpenIsSentAgainWhereTheReceiverDropsRepeats() throws {
        let new = try takeOver([Self.hooks])
        #expect(new.deliveries.map(\.attempt) == [2])
        #expect(new.state.comms.outbox[0].attempts.map(\.session) == ["s1", "s2"])
    }

    @Test func anOwnAttemptUnansweredPastItsTimeCountsAsLostToo() throws {
        // The answer waits in a journal that refuses writes: the evaluator must not wait on it for ever.
        var room = Self.evaluating(try Self.plan(targets: [Self.hooks, Self.slack]))
        room.at(1)
        room.at(1 + AppState.noticeAnswerWindow - 1)
        #expect(room.deliveries.count == 2)
        room.at(1 + AppState.noticeAnswerWindow + 1)
        #expect(room.deliveries.map(\.notice.target) == ["hooks", "releases", "hooks"])
        #expect(room.state.comms.outbox.first { $0.notice.target == "releases" }.map {
            if case .unknown = $0.phase { true } else { false }
        } == true)
    }

    @Test func aTimeoutIsTriedAgainOnlyWhereTheReceiverDropsARepeat() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack, Self.hooks]))
        room.at(1)
        for request in room.deliveries { room.send(.noticeFinished(request, .uncertain(reason: "no answer within 10s"))) }
        room.at(7)
        #expect(room.deliveries.map(\.notice.target) == ["releases", "hooks", "hooks"])
        let slack = try #require(room.state.comms.outbox.first { $0.notice.target == "releases" })
        #expect(slack.phase == .unknown("no answer within 10s, and the request may have reached Slack; not sent again, so it "
                                        + "is never doubled: check releases"))
    }

    @Test func attemptsThatNeverAnswerStopAtTheLastAttempt() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.hooks]))
        for second in stride(from: 1.0, through: 600, by: 1) { room.at(second) }
        #expect(room.deliveries.count == AppState.noticeAttempts)
        guard case .gaveUp(let reason, 8) = room.state.comms.outbox[0].phase else {
            Issue.record("\(room.state.comms.outbox[0].phase)")
            return
        }
        #expect(reason.contains("the last one warroom makes"))
    }

    @Test func aQuittingTurnQueuesButStartsNothing() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack]))
        room.state.startsSends = false
        room.at(1)
        #expect(room.state.comms.outbox.map(\.phase) == [.queued])
        #expect(room.deliveries.isEmpty)
    }

    @Test func aSourceNoTargetWantsAnyMoreIsForgotten() throws {
        let plan = try Self.plan(targets: [Self.slack])
        var room = Fixture.Harness(plan: plan)
        room.act(.start)
        #expect(room.state.comms.unqueued.count == 1)
        var amended = plan
        amended.notify = []
        room.send(.recorded(JournalEntry(seq: room.state.journalSeq + 1, time: Fixture.t0, actor: "sam", session: "s1",
                                         event: .planAmended(PlanAmendment(plan: amended, changes: ["notify"])))))
        #expect(room.state.comms.unqueued.isEmpty)
    }

    @Test func aBacktestTellsNobody() throws {
        var replayed = Fixture.Harness(plan: try Self.plan())
        replayed.act(.start)
        replayed.at(1)
        #expect(replayed.state.comms.outbox.isEmpty, "no evaluator, no notices")
        #expect(replayed.state.comms.unqueued.map(\.event) == [.releaseStarted], "the fold still knows what a target would want")
    }

    @Test func theSendersOwnLateAnswerReplacesUnknown() throws {
        var new = try takeOver([Self.slack])
        let id = new.state.comms.outbox[0].id
        new.send(.recorded(JournalEntry(seq: new.state.journalSeq + 1, time: Self.time(10), actor: "warroom", session: "s1",
                                        event: .noticeDelivered(NoticeDelivery(notice: id, attempt: 1,
                                                                               outcome: .sent(status: 200, answer: "ok"))))))
        guard case .sent(_, 200, _) = new.state.comms.outbox[0].phase else {
            Issue.record("the real answer stands: \(new.state.comms.outbox[0].phase)")
            return
        }
    }

    // MARK: Triggers

    @Test func aFiringTriggerPagesWithOneDedupKeyThatItsResolveCloses() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.pager]))
        room.at(1)
        room.send(.noticeFinished(room.deliveries[0], .sent(status: 202, answer: "Event processed")))
        for offset in stride(from: 10.0, through: 310, by: 10) { room.sample("error_rate", 3.2, at: offset) }
        let firing = try #require(room.deliveries.last)
        #expect(firing.notice.event == .triggerFiring)
        #expect(firing.notice.severity == .critical)
        #expect(firing.notice.dedupKey == "warroom/checkout/2.14.0/error_rate > 2% for 5m")
        #expect(firing.notice.summary == "checkout 2.14.0: rollback trigger FIRING: error_rate > 2% for 5m (3.2%)")
        #expect(firing.notice.body == "Escalate: on-call → Priya Raman → VP Engineering")
        room.sample("error_rate", 0.5, at: 320)
        room.at(321)
        #expect(room.deliveries.count == 2, "the resolve waits for the trigger's answer")
        room.send(.noticeFinished(firing, .sent(status: 202, answer: nil)))
        room.at(322)
        let resolved = try #require(room.deliveries.last)
        #expect(resolved.notice.event == .triggerResolved)
        #expect(resolved.notice.dedupKey == firing.notice.dedupKey)
    }

    @Test func theFinalPromotionAlsoTellsTheReleaseIsDone() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack], sends: false))
        room.act(.promote(override: "fine"), as: "dana")
        room.act(.promote(override: "fine"), as: "dana")
        room.at(1)
        #expect(room.state.comms.outbox.map(\.notice.event) == [.releaseStarted, .stagePromoted, .stagePromoted, .releaseDone])
        #expect(room.state.comms.outbox.last?.notice.summary == "checkout 2.14.0: release done: promoted to the final stage, Full 100%")
    }

    @Test func aLongDedupKeyKeepsWithinPagerDutysLimitAndStaysStable() {
        let release = ReleaseInfo(name: String(repeating: "é", count: 200), version: "1", owner: "o", onCall: "c")
        let key = AppState.dedupKey(release: release, trigger: "error_rate > 2% for 5m")
        #expect(key.utf8.count <= 255)
        #expect(key == AppState.dedupKey(release: release, trigger: "error_rate > 2% for 5m"))
        #expect(key != AppState.dedupKey(release: release, trigger: "error_rate > 3% for 5m"))
    }

    // MARK: Cadence and updates

    @Test func theCadenceCountsFromTheLastUpdateThenGoesDueAndOverdue() throws {
        var room = Self.evaluating(try Self.plan(targets: [], cadence: 1800))
        #expect(room.state.updateCadence == .dueIn(1800))
        room.send(.tick(Self.time(1500)))
        #expect(room.state.updateCadence == .dueIn(300))
        room.send(.tick(Self.time(1900)))
        #expect(room.state.updateCadence == .due(since: 100))
        room.send(.tick(Self.time(2200)))
        #expect(room.state.updateCadence == .overdue(by: 400))
        room.act(.postUpdate(StatusUpdate(text: "All fine at 5%.")), as: "dana")
        #expect(room.state.updateCadence == .dueIn(1800))
        #expect(room.state.comms.updates.map(\.by) == ["dana"])
        room.act(.postUpdate(StatusUpdate(text: " \n ")))
        #expect(room.refusals == [.emptyUpdate])

        var unplanned = Self.evaluating(try Self.plan(targets: []))
        unplanned.send(.tick(Self.time(99_999)))
        #expect(unplanned.state.updateCadence == .none)
    }

    @Test func aPostedUpdateIsToldWithItsWholeText() throws {
        var room = Self.evaluating(try Self.plan(targets: [Self.slack, Self.pager]))
        room.at(1)
        room.act(.postUpdate(StatusUpdate(text: "Canary at 5%: all green.\nNext: T+1h.")), as: "dana")
        room.at(2)
        let told = room.state.comms.outbox.filter { $0.notice.event == .updatePosted }
        #expect(told.map(\.notice.target) == ["releases"], "a pager is not told of updates unless it asks")
        #expect(told.first?.notice.body == "Canary at 5%: all green.\nNext: T+1h.")
        #expect(told.first?.notice.summary == "checkout 2.14.0: status update from dana")
    }
}
