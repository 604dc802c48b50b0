import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The two journal stores, as the contract suite runs them.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    /// PostgreSQL only when a cluster is named: without one its cases are left out, not failed; with one they run
    /// and fail like the SQLite ones.
    static var available: [StoreKind] { allCases.filter { $0 != .postgres || testPostgres != nil } }
}

/// What ``JournalStore`` promises, checked the same way on a SQLite file and on PostgreSQL: the runtime never asks
/// which it has, so neither may behave otherwise. Each test opens a fresh journal of its kind.
@Suite(.timeLimit(.minutes(1)))
struct JournalContractTests {
    /// The SQLite journal's home; one per test, as Swift Testing makes a suite value per test case.
    let directory = TemporaryDirectory("contract")

    /// Lapses and live leases are judged by this in both stores; PostgreSQL measures silence by the server's clock,
    /// so a live lease must stay live however slowly the test runs.
    static let timeout: TimeInterval = 60
    static let pids: [String: Int32] = ["alice": 4242, "bob": 5151, "carol": 6161]

    func open(_ kind: StoreKind) throws -> any JournalStore {
        switch kind {
        case .sqlite:
            return try Journal.open(path: directory.file("journal.sqlite"), plan: Fixtures.plan)
        case .postgres:
            let address = try PostgresAddress(url: try #require(testPostgres), environment: [:])
            // Tests share the cluster's database; a name of its own keeps each journal fresh.
            return try PostgresJournal.open(address, name: "contract-\(UUID().uuidString.prefix(8))", plan: Fixtures.plan)
        }
    }

    func entry(_ offset: TimeInterval, _ event: JournalEvent, actor: String = "dana") -> JournalEntry {
        JournalEntry(time: Fixtures.at(offset), actor: actor, session: "s-\(actor)", event: event)
    }

    /// `who` checks in as session `s-<who>` from `host-<who>`, `offset` seconds after the fixtures' T0.
    func checkIn(_ journal: any JournalStore, _ who: String, at offset: TimeInterval, timeout: TimeInterval = Self.timeout,
                 takeOverFrom: String? = nil) throws -> LeaseClaim {
        try journal.checkIn(session: "s-\(who)", actor: who, host: "host-\(who)", pid: Self.pids[who] ?? 1,
                            now: Fixtures.at(offset), timeout: timeout, takeOverFrom: takeOverFrom)
    }

    /// The entry a check-in that took the lease journaled, and who held it before; nil when it did not take it.
    func taken(_ claim: LeaseClaim) -> (previous: LeaseHolder?, entry: JournalEntry)? {
        guard case .acquired(let previous, let entry) = claim else { return nil }
        return (previous, entry)
    }

    /// A holder's session, for comparing across stores: PostgreSQL gives `renewed` on this machine's clock from the
    /// server's, so whole holders cannot match.
    func heldBy(_ claim: LeaseClaim) -> String? {
        guard case .heldBy(let holder) = claim else { return nil }
        return holder.session
    }

    func reason(_ entry: JournalEntry) -> String? {
        guard case .evaluatorChanged(_, _, let reason) = entry.event else { return nil }
        return reason
    }

    // MARK: Entries

    @Test(arguments: StoreKind.available)
    func entriesAreNumberedInOrderAndReadBackAsWritten(_ kind: StoreKind) throws {
        let journal = try open(kind)
        #expect(try journal.lastEntryTime() == nil)
        #expect(try journal.storedPlan() == Fixtures.plan)

        // The last by seq is not the latest by time: "newest" means the last stored.
        let written = try journal.append(contentsOf: [
            entry(0, .note(text: "first")),
            entry(20, .decisionRecorded(DecisionRecord(point: "T+15m", verdict: .go, note: "promote",
                                                       evidence: Fixtures.evidence))),
            entry(10, .checklistTicked(item: "pre_launch.1"), actor: "sam"),
        ])
        #expect(written.map(\.seq) == [1, 2, 3])
        #expect(try journal.entries() == written)
        #expect(try journal.entries(after: 1) == Array(written.dropFirst()))
        #expect(try journal.entries(after: 3) == [])

        let stored = try journal.storedEntries()
        #expect(stored.map(\.entry) == written)
        let decoder = JournalJSON.makeDecoder()
        #expect(try stored.map { try decoder.decode(JournalEvent.self, from: Data($0.payload.utf8)) } == written.map(\.event))
        #expect(try journal.storedEntries(after: 2).map(\.entry.seq) == [3])

        #expect(try journal.lastEntryTime() == Fixtures.at(10))
    }

    @Test(arguments: StoreKind.available)
    func aRetriedEntryIsStoredOnceWithItsFirstSeq(_ kind: StoreKind) throws {
        let journal = try open(kind)
        let first = PendingEntry(entry: entry(1, .checklistTicked(item: "pre_launch.1")))
        let stored = try journal.append([first], lockWait: nil)
        #expect(stored.map(\.seq) == [1])

        // The answer was lost: the same entry comes again, with a new one behind it.
        let second = PendingEntry(entry: entry(2, .note(text: "second")))
        let retried = try journal.append([first, second], lockWait: nil)
        #expect(retried.first == stored.first)
        #expect(retried.map(\.seq) == [1, 2])

        // An old id between new ones, and a new one repeated, each keep one seq.
        let third = PendingEntry(entry: entry(3, .note(text: "third")))
        #expect(try journal.append([third, second, third], lockWait: nil).map(\.seq) == [3, 2, 3])
        #expect(try journal.entries().map(\.event) == [first, second, third].map(\.entry.event))
        #expect(try journal.entries().map(\.seq) == [1, 2, 3])
    }

    // MARK: Samples

    @Test(arguments: StoreKind.available)
    func theFirstWriterOfASampleWindowWins(_ kind: StoreKind) throws {
        let journal = try open(kind)
        func window(_ metric: String, _ offset: TimeInterval, _ value: Double) -> SampleBucket {
            SampleBucket(metric: metric, start: Fixtures.at(offset), width: 10, count: 2, min: value, max: value + 1,
                         sum: 2 * value + 1, last: value + 1)
        }
        // Written out of time order: reads come back by start, then metric.
        try journal.append(samples: [window("error_rate", 20, 0.5), window("p99_latency", 0, 210), window("error_rate", 0, 0.4)])
        try journal.append(samples: [window("error_rate", 0, 9.9), window("error_rate", 10, 0.6), window("error_rate", 10, 8.8)])

        #expect(try journal.samples(of: "error_rate") == [window("error_rate", 0, 0.4), window("error_rate", 10, 0.6),
                                                          window("error_rate", 20, 0.5)])
        #expect(try journal.samples(of: "p99_latency") == [window("p99_latency", 0, 210)])
        #expect(try journal.samples(of: "no_such_metric") == [])
        #expect(try journal.samples() == [window("error_rate", 0, 0.4), window("p99_latency", 0, 210),
                                          window("error_rate", 10, 0.6), window("error_rate", 20, 0.5)])
    }

    // MARK: The evaluator lease

    @Test(arguments: StoreKind.available)
    func theFirstCheckInTakesTheLeaseAndJournalsWhyOnce(_ kind: StoreKind) throws {
        let journal = try open(kind)
        #expect(try journal.leaseHolder() == nil)

        let claim = try #require(taken(try checkIn(journal, "alice", at: 0)))
        #expect(claim.previous == nil)
        #expect(claim.entry == JournalEntry(
            seq: 1, time: Fixtures.at(0), actor: "alice", session: "s-alice",
            event: .evaluatorChanged(host: "host-alice", previous: nil, reason: "first war room on this journal")))
        #expect(try journal.entries() == [claim.entry])

        let holder = try #require(try journal.leaseHolder())
        #expect([holder.session, holder.actor, holder.host] == ["s-alice", "alice", "host-alice"])
        #expect(holder.pid == 4242 && holder.acquired == Fixtures.at(0))
    }

    @Test(arguments: StoreKind.available)
    func theHolderRenewsOthersWaitAndAGoneHolderIsTakenOver(_ kind: StoreKind) throws {
        let journal = try open(kind)
        _ = try checkIn(journal, "alice", at: 0)
        #expect(try checkIn(journal, "alice", at: 1) == .renewed)
        #expect(heldBy(try checkIn(journal, "bob", at: 2)) == "s-alice")
        // Naming a session that does not hold the lease takes nothing.
        #expect(heldBy(try checkIn(journal, "bob", at: 3, takeOverFrom: "s-carol")) == "s-alice")
        #expect(try journal.entries().count == 1, "renewing and waiting journal nothing")

        let claim = try #require(taken(try checkIn(journal, "bob", at: 4, takeOverFrom: "s-alice")))
        #expect(claim.previous?.session == "s-alice")
        #expect(claim.entry.event == .evaluatorChanged(host: "host-bob", previous: "s-alice",
                                                       reason: "alice's war room (pid 4242) is gone"))
        #expect(claim.entry.seq == 2)
        #expect(try journal.leaseHolder()?.session == "s-bob")
        #expect(heldBy(try checkIn(journal, "alice", at: 5)) == "s-bob")
    }

    @Test(arguments: StoreKind.available)
    func aLapsedLeaseIsTaken(_ kind: StoreKind) throws {
        let journal = try open(kind)
        _ = try checkIn(journal, "alice", at: 0)
        // A zero timeout lapses at once: by the server's clock on PostgreSQL, by the caller's (a millisecond on) on SQLite.
        let claim = try #require(taken(try checkIn(journal, "bob", at: 0.001, timeout: 0)))
        #expect(claim.previous?.session == "s-alice")
        // The reason ends with the renewal's time, which PostgreSQL gives on this machine's clock: the prefix is shared.
        let why = try #require(reason(claim.entry))
        #expect(why.hasPrefix("alice's war room stopped renewing the lease"), "\(why)")
        #expect(try journal.leaseHolder()?.session == "s-bob")
        #expect(try journal.entries().map(\.event.kind) == ["evaluator_changed", "evaluator_changed"])
    }

    @Test(arguments: StoreKind.available)
    func aReleasedLeaseGoesToTheNextCheckIn(_ kind: StoreKind) throws {
        let journal = try open(kind)
        _ = try checkIn(journal, "alice", at: 0)
        #expect(try journal.releaseLease(session: "s-bob") == false, "bob holds nothing to release")
        #expect(try journal.leaseHolder()?.session == "s-alice")

        #expect(try journal.releaseLease(session: "s-alice") == true)
        #expect(try journal.releaseLease(session: "s-alice") == false, "released once only")
        #expect(try journal.leaseHolder() == nil)

        let claim = try #require(taken(try checkIn(journal, "bob", at: 1)))
        #expect(claim.previous?.session == "s-alice")
        #expect(claim.entry.event == .evaluatorChanged(host: "host-bob", previous: "s-alice", reason: "alice's war room quit"))
        #expect(try journal.leaseHolder()?.session == "s-bob")
    }

    @Test(arguments: StoreKind.available)
    func presenceListsCheckedInWarRoomsLongestSilentFirst(_ kind: StoreKind) throws {
        let journal = try open(kind)
        #expect(try journal.presence() == [])
        for (offset, who) in ["alice", "bob", "carol"].enumerated() { _ = try checkIn(journal, who, at: Double(offset)) }
        _ = try checkIn(journal, "alice", at: 3)

        let seen = try journal.presence()
        #expect(seen.map(\.session) == ["s-bob", "s-carol", "s-alice"])
        #expect(seen.map(\.actor) == ["bob", "carol", "alice"])
        #expect(seen.map(\.host) == ["host-bob", "host-carol", "host-alice"])
        #expect(seen.map(\.pid) == [5151, 6161, 4242])

        // Releasing removes the heartbeat whether or not the session held the lease.
        try journal.releaseLease(session: "s-bob")
        try journal.releaseLease(session: "s-alice")
        #expect(try journal.presence().map(\.session) == ["s-carol"])
    }

    @Test(arguments: StoreKind.available)
    func onlyTheHolderAppendsAndOnlyAfterTheNewestSeq(_ kind: StoreKind) throws {
        let journal = try open(kind)
        let notes = [entry(10, .note(text: "seen"), actor: "alice"), entry(11, .note(text: "decided"), actor: "alice")]
        #expect(throws: JournalError.notEvaluator(path: journal.location, holder: nil)) {
            try journal.append(asEvaluator: "s-alice", notes, after: 0)
        }

        _ = try checkIn(journal, "alice", at: 0)
        _ = try checkIn(journal, "bob", at: 1)
        #expect(throws: JournalError.notEvaluator(path: journal.location, holder: "alice")) {
            try journal.append(asEvaluator: "s-bob", notes, after: 1)
        }
        #expect(throws: JournalError.moved(path: journal.location), "the lease's own entry is seq 1") {
            try journal.append(asEvaluator: "s-alice", notes, after: 0)
        }

        let written = try journal.append(asEvaluator: "s-alice", notes, after: 1)
        #expect(written.map(\.seq) == [2, 3])
        #expect(try journal.entries(after: 1) == written)

        try journal.releaseLease(session: "s-alice")
        #expect(throws: JournalError.notEvaluator(path: journal.location, holder: nil)) {
            try journal.append(asEvaluator: "s-alice", notes, after: 3)
        }
        #expect(try journal.entries().count == 3, "a refused append stores nothing")
    }

    // MARK: Checkpoints

    @Test(arguments: StoreKind.available)
    func theNewestThreeCheckpointsAreKeptAndTheFurthestIsUsed(_ kind: StoreKind) throws {
        let journal = try open(kind)
        try journal.append(contentsOf: Fixtures.session)
        let entries = try journal.entries()
        let whole = FoldedState(plan: Fixtures.plan).folding(entries)
        // Checkpoints of a forced plan count towards the kept three but are never used for this one.
        var forced = Fixtures.plan
        forced.stages.removeLast()
        func checkpoint(_ plan: Plan, after count: Int) -> FoldedState {
            FoldedState(plan: plan).folding(Array(entries.prefix(count)))
        }

        try journal.writeCheckpoint(checkpoint(Fixtures.plan, after: 2), plan: Fixtures.plan)
        try journal.writeCheckpoint(checkpoint(Fixtures.plan, after: 6), plan: Fixtures.plan)
        #expect(journal.latestCheckpoint(plan: Fixtures.plan)?.journalSeq == 6)
        #expect(journal.latestCheckpoint(plan: forced) == nil)
        let resumed = try journal.folded(plan: Fixtures.plan)
        #expect(resumed.checkpointSeq == 6)
        #expect(resumed.state == whole)

        // Written after seq 10, seq 8 is not the newest: the highest seq is.
        try journal.writeCheckpoint(checkpoint(forced, after: 10), plan: forced)
        try journal.writeCheckpoint(checkpoint(forced, after: 8), plan: forced)
        #expect(journal.latestCheckpoint(plan: forced) == checkpoint(forced, after: 10))
        #expect(journal.latestCheckpoint(plan: Fixtures.plan)?.journalSeq == 6, "seq 6 is the third newest, kept")

        try journal.writeCheckpoint(checkpoint(forced, after: 12), plan: forced)
        #expect(journal.latestCheckpoint(plan: forced)?.journalSeq == 12)
        #expect(journal.latestCheckpoint(plan: Fixtures.plan) == nil, "seq 6 is the fourth newest, dropped")
        let refolded = try journal.folded(plan: Fixtures.plan)
        #expect(refolded.checkpointSeq == 0)
        #expect(refolded.state == whole)
    }

    /// Shows, as a skipped test, that the PostgreSQL cases were left out; fails if they are left out with a cluster.
    @Test(.enabled(if: testPostgres != nil, "WARROOM_TEST_POSTGRES is not set: the contract ran on SQLite only"))
    func theContractRunsOnPostgresWhenAClusterIsNamed() {
        #expect(StoreKind.available == StoreKind.allCases)
    }
}
