import Foundation
import Synchronization
import Testing
import WarRoomCore
import WarRoomFeeds
import WarRoomJournal
import WarRoomRuntime
import WarRoomTestSupport
import WarRoomUI

/// What every war room's sender was asked to send, in order: the test's stand-in for the services.
final class SendLog: Sendable {
    enum Answer: Sendable {
        case sent
        /// Never answers: the war room is killed mid-send.
        case hang
    }

    private let sent = Mutex<[(session: String, request: String)]>([])
    private let answer: Mutex<Answer>

    init(_ answer: Answer = .sent) { self.answer = Mutex(answer) }

    var count: Int { sent.withLock { $0.count } }
    var ids: [String] { sent.withLock { $0.map(\.request) } }
    func sessions() -> [String] { sent.withLock { $0.map(\.session) } }
    func answer(with next: Answer) { answer.withLock { $0 = next } }

    /// A sender for one war room.
    func sender(for session: String) -> any NoticeSending { Sender(log: self, session: session) }

    private struct Sender: NoticeSending {
        let log: SendLog
        let session: String

        func send(_ notice: Notice, to target: NotifyTarget) async -> SendResult {
            log.sent.withLock { $0.append((session, notice.id)) }
            switch log.answer.withLock({ $0 }) {
            case .sent: return .sent(status: 200, answer: "ok")
            case .hang:
                try? await Task.sleep(for: .seconds(3600))
                return .retryable(reason: "cancelled", retryAfter: nil)
            }
        }
    }
}

/// Notices through the real runtime: several war rooms on one journal, a restart, and an evaluator killed mid-send,
/// each notice sent once.
@Suite(.timeLimit(.minutes(2)))
struct CommsRuntimeTests {
    static func plan(_ targets: [NotifyTarget]) throws -> Plan {
        var plan = try WarRoom.plan()
        plan.notify = targets
        plan.communication = Communication(cadence: 1800, sendNotifications: true)
        return plan
    }

    static let slack = NotifyTarget(name: "releases", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL")))
    static let hooks = NotifyTarget(name: "hooks", destination: .webhook(url: "http://127.0.0.1:9/hook", secret: nil))

    func open(_ test: inout WarRoomTest, _ actor: String, plan: Plan, log: SendLog, start: Bool = false) throws -> WarRoom {
        let room = try test.open(actor, plan: plan, start: start)
        room.runtime.noticeSender = log.sender(for: room.session)
        return room
    }

    func settled(_ room: WarRoom) -> Bool { !room.state.comms.outbox.isEmpty && room.state.comms.outbox.allSatisfy { $0.isSettled } }

    @Test func twoWarRoomsSendEachNoticeOnceWhoeverActs() async throws {
        var test = WarRoomTest()
        let log = SendLog()
        let plan = try Self.plan([Self.slack, Self.hooks])
        let alice = try open(&test, "alice", plan: plan, log: log, start: true)
        let bob = try open(&test, "bob", plan: plan, log: log)
        #expect(await test.runUntil(seconds: 30) { settled(alice) && settled(bob) })
        bob.type([.character("r"), .character("y"), .escape])  // bob rolls back; alice's war room tells it
        #expect(await test.runUntil(seconds: 30) { bob.state.comms.outbox.count == 4 && settled(alice) && settled(bob) })
        test.run(5)
        #expect(log.count == 4, "a start and a rollback, to two targets: \(log.ids)")
        #expect(Set(log.ids).count == 4)
        #expect(Set(log.sessions()) == [alice.session], "only the evaluator sends")
        #expect(try test.kinds("notice_delivered").count == 4)
        #expect(try test.kinds("rolled_back").first?.actor == "bob")
        RuntimeTests.expectSameFold([alice, bob])
    }

    /// The clipboard and the updates file are written only once the person confirms with them turned on, on their own
    /// machine; the journal keeps where the file went.
    @Test func theClipboardAndTheFileOnlyAfterConfirmation() async throws {
        var test = WarRoomTest()
        let log = SendLog()
        var plan = try Self.plan([Self.slack])
        plan.communication.updatesFile = test.directory.file("updates.md")
        let alice = try open(&test, "alice", plan: plan, log: log, start: true)
        alice.type([.character("u"), .tab])
        #expect(alice.terminal.clipboardWrites.isEmpty)
        alice.type([.escape, .character("y")])  // back to the text, then discard
        #expect(alice.terminal.clipboardWrites.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: plan.communication.updatesFile!))
        #expect(alice.state.comms.updates.isEmpty)

        alice.type([.character("u"), .tab, .character("c"), .character("w"), .enter])
        test.run(1)
        #expect(alice.terminal.clipboardWrites.count == 1)
        let update = try #require(alice.state.comms.updates.first)
        #expect(update.update.file == plan.communication.updatesFile)
        let written = try String(contentsOfFile: plan.communication.updatesFile!, encoding: .utf8)
        #expect(written.contains(update.update.text.trimmingCharacters(in: .newlines)))
    }

    @Test func aRestartSendsNothingAgain() async throws {
        var test = WarRoomTest()
        let log = SendLog()
        let plan = try Self.plan([Self.slack])
        let alice = try open(&test, "alice", plan: plan, log: log, start: true)
        #expect(await test.runUntil(seconds: 30) { settled(alice) })
        alice.runtime.detach()
        alice.killed = true
        let again = try open(&test, "alice", plan: plan, log: log)
        test.run(30)
        #expect(again.runtime.isEvaluating)
        let kinds = try test.entries().map(\.event.kind)
        #expect(log.count == 1, "\(log.ids) \(kinds)")
        #expect(try test.kinds("notice_queued").count == 1)
    }

    /// Killed between sending and journaling: Slack is not sent again (a repeat would be a second message), the
    /// webhook is (its receiver drops a repeat by its Idempotency-Key), and the journal says which.
    @Test func anEvaluatorKilledMidSendLeavesSlackUnknownAndTheWebhookSentAgain() async throws {
        var test = WarRoomTest()
        test.leaseTimeout = 2
        let log = SendLog(.hang)
        let plan = try Self.plan([Self.slack, Self.hooks])
        let alice = try open(&test, "alice", plan: plan, log: log, start: true)
        #expect(await test.runUntil(seconds: 30) { log.count == 2 })
        alice.killed = true
        log.answer(with: .sent)
        let bob = try open(&test, "bob", plan: plan, log: log)
        #expect(await test.runUntil(seconds: 40) { bob.runtime.isEvaluating && settled(bob) })
        #expect(log.sessions() == [alice.session, alice.session, bob.session], "\(log.ids)")
        #expect(log.ids.last?.hasSuffix(">hooks") == true)
        let slack = try #require(bob.state.comms.outbox.first { $0.notice.target == "releases" })
        guard case .unknown(let reason) = slack.phase else { Issue.record("\(slack.phase)"); return }
        #expect(reason.hasPrefix("alice's war room stopped before it said whether Slack took it"))
        let hook = try #require(bob.state.comms.outbox.first { $0.notice.target == "hooks" })
        #expect(hook.attempts.map(\.session) == [alice.session, bob.session])
    }
}
