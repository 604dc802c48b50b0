import Dispatch
import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The evaluator lease and presence (migration `v4`), on real SQLite with an injected clock: who takes the lease,
/// when and why, and the fence that keeps a war room that lost it from journaling what it evaluated.
@Suite struct JournalLeaseTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = TemporaryDirectory()
        path = directory.file("journal.sqlite")
    }

    static let timeout: TimeInterval = 5
    static let pids: [String: Int32] = ["alice": 4242, "bob": 5151, "carol": 6161]

    /// `who` checks in as session `s-<who>` from host `host-<who>`, `offset` seconds after the fixtures' T0.
    func checkIn(_ journal: Journal, _ who: String, at offset: TimeInterval,
                 takeOverFrom: String? = nil) throws -> LeaseClaim {
        try journal.checkIn(session: "s-\(who)", actor: who, host: "host-\(who)", pid: Self.pids[who] ?? 1,
                            now: Fixtures.at(offset), timeout: Self.timeout, takeOverFrom: takeOverFrom)
    }

    func holder(_ who: String, acquired: TimeInterval, renewed: TimeInterval) -> LeaseHolder {
        LeaseHolder(session: "s-\(who)", actor: who, host: "host-\(who)", pid: Self.pids[who] ?? 1,
                    acquired: Fixtures.at(acquired), renewed: Fixtures.at(renewed))
    }

    func acquisition(_ claim: LeaseClaim) -> (previous: LeaseHolder?, entry: JournalEntry)? {
        guard case .acquired(let previous, let entry) = claim else { return nil }
        return (previous, entry)
    }

    func reason(_ entry: JournalEntry) -> String? {
        guard case .evaluatorChanged(_, _, let reason) = entry.event else { return nil }
        return reason
    }

    func evaluatorChanges(_ journal: Journal) throws -> [JournalEntry] {
        try journal.entries().filter { $0.event.kind == "evaluator_changed" }
    }

    func note(_ text: String, at offset: TimeInterval) -> JournalEntry {
        JournalEntry(time: Fixtures.at(offset), actor: "alice", session: "s-alice", event: .note(text: text))
    }

    @Test func theFirstCheckInTakesTheLeaseAndJournalsWhy() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(try journal.leaseHolder() == nil)

        let taken = try #require(acquisition(try checkIn(journal, "alice", at: 0)))
        #expect(taken.previous == nil)
        #expect(taken.entry == JournalEntry(
            seq: 1, time: Fixtures.at(0), actor: "alice", session: "s-alice",
            event: .evaluatorChanged(host: "host-alice", previous: nil, reason: "first war room on this journal")))
        #expect(try journal.entries() == [taken.entry])
        #expect(try journal.leaseHolder() == holder("alice", acquired: 0, renewed: 0))
    }

    @Test func aRenewalKeepsTheLeaseAndJournalsNothing() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 0)
        #expect(try checkIn(journal, "alice", at: 1) == .renewed)
        #expect(try checkIn(journal, "alice", at: 2) == .renewed)
        #expect(try journal.entries().count == 1)
        #expect(try journal.leaseHolder() == holder("alice", acquired: 0, renewed: 2))
    }

    @Test func aLiveLeaseIsHeldAgainstAnotherWarRoomUpToTheTimeout() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 0)
        #expect(try checkIn(journal, "bob", at: 1) == .heldBy(holder("alice", acquired: 0, renewed: 0)))
        #expect(try checkIn(journal, "bob", at: Self.timeout) == .heldBy(holder("alice", acquired: 0, renewed: 0)),
                "exactly `timeout` seconds since the renewal is not yet more than it")
        #expect(try journal.entries().count == 1)
        #expect(try journal.leaseHolder()?.session == "s-alice")
    }

    @Test func aLeaseNotRenewedForLongerThanTheTimeoutIsTaken() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 120)
        _ = try checkIn(journal, "alice", at: 127)  // 10:02:07 UTC, its last renewal
        #expect(try checkIn(journal, "bob", at: 132) == .heldBy(holder("alice", acquired: 120, renewed: 127)))

        let taken = try #require(acquisition(try checkIn(journal, "bob", at: 132.5)))
        #expect(taken.previous == holder("alice", acquired: 120, renewed: 127))
        #expect(taken.entry.event == .evaluatorChanged(
            host: "host-bob", previous: "s-alice", reason: "alice's war room stopped renewing the lease at 10:02:07Z"))
        #expect(taken.entry.seq == 2 && taken.entry.session == "s-bob" && taken.entry.actor == "bob")
        #expect(try journal.leaseHolder() == holder("bob", acquired: 132.5, renewed: 132.5))

        // Alice comes back: Bob's lease is live, so she only shows the journal.
        #expect(try checkIn(journal, "alice", at: 133) == .heldBy(holder("bob", acquired: 132.5, renewed: 132.5)))
        #expect(try evaluatorChanges(journal).map(\.session) == ["s-alice", "s-bob"])
    }

    @Test func aHolderWhoseProcessIsGoneIsTakenOverAtOnce() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 0)
        // Naming a session that does not hold the lease takes nothing.
        #expect(try checkIn(journal, "bob", at: 1, takeOverFrom: "s-carol") == .heldBy(holder("alice", acquired: 0, renewed: 0)))

        let taken = try #require(acquisition(try checkIn(journal, "bob", at: 1, takeOverFrom: "s-alice")))
        #expect(taken.previous == holder("alice", acquired: 0, renewed: 0))
        #expect(reason(taken.entry) == "alice's war room (pid 4242) is gone")
        #expect(try journal.leaseHolder()?.session == "s-bob")
    }

    @Test func aReleasedLeaseIsTakenAtOnceByTheNextCheckIn() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 0)
        _ = try checkIn(journal, "bob", at: 1)
        _ = try checkIn(journal, "carol", at: 1)
        #expect(try journal.releaseLease(session: "s-carol") == false, "carol does not hold it")
        #expect(try journal.leaseHolder()?.session == "s-alice")

        #expect(try journal.releaseLease(session: "s-alice") == true)
        #expect(try journal.leaseHolder() == nil)
        #expect(try journal.releaseLease(session: "s-alice") == false, "released once")

        let taken = try #require(acquisition(try checkIn(journal, "bob", at: 2)))
        #expect(taken.previous?.session == "s-alice")
        #expect(taken.entry.event == .evaluatorChanged(host: "host-bob", previous: "s-alice", reason: "alice's war room quit"))
        #expect(try journal.leaseHolder() == holder("bob", acquired: 2, renewed: 2))
    }

    @Test func presenceIsEachWarRoomsLastHeartbeatAndReleaseRemovesIt() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(try journal.presence().isEmpty)
        _ = try checkIn(journal, "alice", at: 0)
        _ = try checkIn(journal, "bob", at: 1)
        _ = try journal.checkIn(session: "s-alice", actor: "alice", host: nil, pid: 4343, now: Fixtures.at(2),
                                timeout: Self.timeout)
        #expect(try journal.presence() == [
            Presence(session: "s-bob", actor: "bob", host: "host-bob", pid: 5151, seen: Fixtures.at(1)),
            Presence(session: "s-alice", actor: "alice", host: nil, pid: 4343, seen: Fixtures.at(2)),
        ], "the longest silent first; a heartbeat replaces the session's row")

        try journal.releaseLease(session: "s-alice")
        #expect(try journal.presence().map(\.session) == ["s-bob"])
        try journal.releaseLease(session: "s-bob")
        #expect(try journal.presence().isEmpty)
    }

    @Test func theEvaluatorAppendsOnlyOnTheSeqItFolded() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let taken = try #require(acquisition(try checkIn(journal, "alice", at: 0)))

        let stored = try journal.append(asEvaluator: "s-alice", [note("one", at: 1), note("two", at: 1)], after: taken.entry.seq)
        #expect(stored.map(\.seq) == [2, 3])
        #expect(try journal.entries().suffix(2) == stored)

        #expect(throws: JournalError.moved(path: path)) {
            try journal.append(asEvaluator: "s-alice", [note("stale", at: 2)], after: taken.entry.seq)
        }
        // Another war room's note arrives; the evaluator must fold it before it journals again.
        try journal.append(JournalEntry(time: Fixtures.at(2), actor: "bob", session: "s-bob", event: .note(text: "hi")))
        #expect(throws: JournalError.moved(path: path)) {
            try journal.append(asEvaluator: "s-alice", [note("stale", at: 2)], after: 3)
        }
        #expect(try journal.append(asEvaluator: "s-alice", [note("three", at: 3)], after: 4).map(\.seq) == [5])
        #expect(try journal.append(asEvaluator: "s-alice", [], after: 5).isEmpty)

        #expect(throws: JournalError.notEvaluator(path: path, holder: "alice")) {
            try journal.append(asEvaluator: "s-bob", [note("not mine", at: 3)], after: 5)
        }
        #expect(try journal.entries().map(\.seq) == [1, 2, 3, 4, 5], "refused appends wrote nothing")
    }

    @Test func aWarRoomThatLostTheLeaseIsFencedOut() throws {
        let alice = try Journal.open(path: path, plan: Fixtures.plan)
        let bob = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(throws: JournalError.notEvaluator(path: path, holder: nil), "no lease yet") {
            try alice.append(asEvaluator: "s-alice", [note("early", at: 0)], after: 0)
        }
        _ = try checkIn(alice, "alice", at: 0)
        _ = try #require(acquisition(try checkIn(bob, "bob", at: 10)))  // alice stalled past the timeout

        // Alice has not folded bob's evaluator_changed yet: the fence, not the seq, refuses her.
        #expect(throws: JournalError.notEvaluator(path: path, holder: "bob")) {
            try alice.append(asEvaluator: "s-alice", [note("late", at: 11)], after: 1)
        }
        #expect(throws: JournalError.notEvaluator(path: path, holder: "bob")) {
            try alice.append(asEvaluator: "s-alice", [note("late", at: 11)], after: 2)
        }
        try bob.releaseLease(session: "s-bob")
        #expect(throws: JournalError.notEvaluator(path: path, holder: nil)) {
            try bob.append(asEvaluator: "s-bob", [note("after quitting", at: 12)], after: 2)
        }
        #expect(try alice.entries().count == 2)
    }

    /// Several connections checking in at the same moment: SQLite serialises the IMMEDIATE transactions, so exactly
    /// one takes the lease and one `evaluator_changed` is journaled.
    @Test func racingCheckInsNeverBothTakeTheLease() throws {
        for round in 0..<8 {
            let file = directory.file("race-\(round).sqlite")
            let journals = try (0..<4).map { _ in try Journal.open(path: file, plan: Fixtures.plan) }
            let claims = Claims()
            DispatchQueue.concurrentPerform(iterations: journals.count) { index in
                let claim = Result { () throws(JournalError) in
                    try journals[index].checkIn(session: "s-\(index)", actor: "user\(index)", host: "host", pid: Int32(index + 100),
                                                now: Fixtures.at(0), timeout: Self.timeout)
                }
                claims.add(claim)
            }
            let results = try claims.all.map { try $0.get() }
            #expect(results.count(where: { acquisition($0) != nil }) == 1, "round \(round): \(results)")
            #expect(results.count(where: { if case .heldBy = $0 { true } else { false } }) == 3, "round \(round)")
            let changes = try evaluatorChanges(journals[0])
            #expect(changes.count == 1, "round \(round)")
            #expect(try journals[0].leaseHolder()?.session == changes.first?.session)
            #expect(try journals[0].presence().count == 4)
        }
    }

    @Test func aReadOnlyJournalShowsTheLeaseAndPresenceButTakesNothing() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        _ = try checkIn(journal, "alice", at: 0)
        _ = try checkIn(journal, "bob", at: 1)

        let reader = try Journal.openForReading(path: path)
        #expect(try reader.leaseHolder() == holder("alice", acquired: 0, renewed: 0))
        #expect(try reader.presence().map(\.session) == ["s-alice", "s-bob"])
        #expect(throws: JournalError.readOnly(path: path)) { try checkIn(reader, "carol", at: 2) }
        #expect(throws: JournalError.readOnly(path: path)) { try reader.releaseLease(session: "s-alice") }
        #expect(throws: JournalError.readOnly(path: path)) {
            try reader.append(asEvaluator: "s-alice", [note("x", at: 2)], after: 1)
        }
        #expect(try journal.presence().count == 2)
    }

    @Test func aJournalFromBeforeTheLeaseReadsAsNoneAndIsUpgradedInPlace() throws {
        // A journal as the build before v4 left it: v1 to v3 and one entry.
        do {
            let queue = try DatabaseQueue(path: path)
            try JournalSchema.migrator.migrate(queue, upTo: "v3")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO events (time, actor, session, kind, payload)
                    VALUES (1741082400, 'sam', 's-old', 'note', '{"note":{"text":"before the lease"}}')
                    """)
            }
        }
        let reader = try Journal.openForReading(path: path)
        #expect(try reader.leaseHolder() == nil)
        #expect(try reader.presence().isEmpty)

        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let taken = try #require(acquisition(try checkIn(journal, "alice", at: 0)))
        #expect(taken.entry.seq == 2)
        #expect(reason(taken.entry) == "first war room on this journal")
        #expect(try journal.entries().map(\.event.kind) == ["note", "evaluator_changed"])
        #expect(try reader.leaseHolder()?.session == "s-alice", "the reader sees the tables once they exist")
        let applied = try journal.queue.read { db in try JournalSchema.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("v4"))
    }

    @Test func theNewErrorsSayWhatHappensNext() {
        #expect(JournalError.notEvaluator(path: "/j.sqlite", holder: "alice").description
            == "/j.sqlite: another war room (alice's) evaluates now; this one only shows the journal.")
        #expect(JournalError.notEvaluator(path: "/j.sqlite", holder: nil).description
            == "/j.sqlite: this war room does not hold the evaluator lease; it only shows the journal until it takes the lease.")
        #expect(JournalError.moved(path: "/j.sqlite").description
            == "/j.sqlite: other entries arrived while this war room evaluated; it evaluates again.")
        #expect(JournalError.notEvaluator(path: "/j.sqlite", holder: "alice").shortReason == "another war room evaluates")
        #expect(JournalError.notEvaluator(path: "/j.sqlite", holder: nil).shortReason == "not the evaluator")
        #expect(JournalError.moved(path: "/j.sqlite").shortReason == "other entries arrived")
    }
}

/// The claims of racing check-ins, collected from several threads.
private final class Claims: @unchecked Sendable {
    private let lock = NSLock()
    private var claims: [Result<LeaseClaim, JournalError>] = []

    func add(_ claim: Result<LeaseClaim, JournalError>) { lock.withLock { claims.append(claim) } }
    var all: [Result<LeaseClaim, JournalError>] { lock.withLock { claims } }
}
