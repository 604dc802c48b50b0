import Foundation
import Testing
import WarRoomTestSupport
@testable import warroom
import WarRoomRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The journal under abuse, with the real binary: killed mid-burst, shared by several writers, refused by
/// the file system, damaged. What the screen confirmed is always in the journal, and nothing is doubled.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct JournalReliabilityTests {
    let scene: JournalScene

    init() async throws { scene = try JournalScene() }

    // MARK: Kill -9

    @Test func killedMidBurstEveryConfirmedActionIsInTheJournal() async throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<15 {
            let before = try scene.checklistEvents()
            let ticksBefore = JournalScene.fold(before)
            let tmux = Tmux()
            try await scene.start(tmux, as: "kim")
            if round > 0 { try await tmux.waitUntil(text: "resumed (") }
            let resumed = JournalScene.checklist(on: try tmux.screen())
            #expect(resumed == ticksBefore, "round \(round): the resumed screen shows the journal's checklist")

            // A burst of ticks and notes; the screen is read and the process killed after a random part of it,
            // while the keys sent so far may still be on their way through the journal.
            let burst = (0..<Int.random(in: 4...10, using: &generator)).map { index in
                Bool.random(using: &generator) ? "tick" : "r\(round)n\(index)"
            }
            let sent = Int.random(in: 1...burst.count, using: &generator)
            for action in burst.prefix(sent) {
                if action == "tick" {
                    try tmux.send(["j", "k"].randomElement(using: &generator)!, "Space")
                } else {
                    try tmux.send("n")
                    try tmux.type(action)
                    try tmux.send("Enter")
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &generator)))
            let screen = try tmux.screen()
            try await scene.kill(tmux)

            // The journal opens and is whole...
            #expect(try scene.sqlite("PRAGMA integrity_check") == ["ok"], "round \(round)")
            #expect(try scene.warroom(["export", scene.journal]).status == 0, "round \(round): the journal must open")
            // ...every checklist change the screen showed is in it, from this round...
            let after = try scene.checklistEvents()
            let thisRound = after.dropFirst(before.count)
            for (item, ticked) in JournalScene.checklist(on: screen) where ticksBefore[item] != ticked {
                #expect(thisRound.contains { $0.item == item && $0.ticked == ticked },
                        "round \(round): the screen showed \(item) \(ticked ? "ticked" : "unticked") but the journal lacks it\n\(screen)")
            }
            // ...and so is the note the status line confirmed.
            if let confirmed = JournalScene.confirmedNote(on: screen) {
                #expect(try scene.notes().contains(confirmed), "round \(round): note '\(confirmed)' confirmed but not in the journal")
            }
        }
        let notes = try scene.notes()
        #expect(Set(notes).count == notes.count, "no note is recorded twice: \(notes)")
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'session_attached'") == ["15"])
    }

    // MARK: Several writers

    @Test func threeNoteLoopsAndARunningWarroomLoseAndDoubleNothing() async throws {
        let tmux = Tmux()
        try await scene.start(tmux, as: "watch")
        let writers = 3, notes = 50
        let journal = scene.journal
        let failures = await withTaskGroup(of: String?.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let loop = "for i in $(seq 1 \(notes)); do \(Tmux.quote(Tmux.binary.path)) note --journal \(Tmux.quote(journal))"
                        + " --as w\(writer) \"w\(writer)-$i\" || exit 1; done"
                    return await onOwnThread {
                        do { try Tmux.run("/bin/sh", ["-c", loop]); return nil } catch { return "\(error)" }
                    }
                }
            }
            return await group.compactMap { $0 }.reduce(into: []) { $0.append($1) }
        }
        #expect(failures.isEmpty, "\(failures)")
        // The running warroom writes too, meanwhile and after.
        try tmux.send("Space")
        try await tmux.waitUntil(text: "[✓] Alpha")

        let recorded = try scene.sqlite("SELECT json_extract(payload, '$.note.text') FROM events WHERE kind = 'note'")
        #expect(recorded.count == writers * notes)
        #expect(Set(recorded) == Set((0..<writers).flatMap { w in (1...notes).map { "w\(w)-\($0)" } }))
        for writer in 0..<writers {
            let order = try scene.sqlite("SELECT json_extract(payload, '$.note.text') FROM events WHERE actor = 'w\(writer)' ORDER BY seq")
            #expect(order == (1...notes).map { "w\(writer)-\($0)" }, "one writer's notes keep their order")
        }

        let newest = "newest-\(UUID().uuidString.prefix(8))"
        let appended = Date()
        #expect(try scene.warroom(["note", "--journal", scene.journal, "--as", "ops", newest]).status == 0)
        try await tmux.waitUntil(text: "Note from ops: \(newest)", timeout: 2)
        let latency = Date().timeIntervalSince(appended)
        #expect(latency < 2, "the running warroom showed the newest note after \(latency) s")
        try await scene.quit(tmux)
    }

    @Test func twoRunningWarroomsSeeEachOthersTicksWithinASecond() async throws {
        // By design: every process folds in the others' entries at least twice a second.
        #expect(Runtime.journalPollInterval <= 1)
        let ann = Tmux(), ben = Tmux()
        try await scene.start(ann, as: "ann")
        try await scene.start(ben, as: "ben")
        try await ann.waitUntil(text: "with ben")
        for (doer, watcher, item, down) in [(ann, ben, "Alpha", 0), (ben, ann, "Bravo", 1), (ann, ben, "Charlie", 2)] {
            for _ in 0..<down { try doer.send("j") }
            try doer.send("Space")
            try await doer.waitUntil(text: "[✓] \(item)")
            let confirmed = Date()
            // Allow for a loaded two-core machine; the poll interval above is what keeps it under a second.
            let seen = try await watcher.waitUntil(text: "[✓] \(item)", timeout: 2)
            #expect(Date().timeIntervalSince(confirmed) < 2)
            #expect(seen.contains(doer === ann ? "ann" : "ben"), "the tick shows who made it")
            for _ in 0..<down { try doer.send("k") }
        }
        try await scene.quit(ann)
        try await scene.quit(ben)
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'checklist_ticked'") == ["3"])
    }

    // MARK: A journal the file system refuses

    @Test(arguments: JournalFault.available)
    func refusedWritesAreShownRetriedAndRecordedOnceTheFaultIsGone(_ fault: JournalFault) async throws {
        let scene = try JournalScene(onTmpfs: fault == .diskFull)
        defer { scene.unmount() }
        let tmux = Tmux()
        try await scene.start(tmux, as: "liv")
        try tmux.send("s")
        try tmux.send("y")
        try await tmux.waitUntil("the release to start") { JournalScene.clock(on: $0)?.hasPrefix("T+") == true }

        var cleared = false
        let lock = try await fault.apply(to: scene)
        defer { if !cleared { try? fault.remove(from: scene, lock) } }
        try tmux.send("Space")
        let refused = try await tmux.waitUntil(text: "JOURNAL: 1 entry NOT RECORDED — retrying", timeout: 5)
        #expect(refused.contains("[ ] Alpha"), "an unrecorded tick is not shown as done")
        let clock = JournalScene.clock(on: refused)
        try await tmux.waitUntil("the clock to keep ticking", timeout: 3) { JournalScene.clock(on: $0) != clock }
        #expect(try tmux.screen().contains("NOT RECORDED"), "the warning stays")

        let export = try scene.warroom(["export", scene.journal])
        #expect(export.status == 0, "export reads a journal that refuses writes: \(export.output)")
        #expect(export.output.contains("tiny 1.0.0"))

        try fault.remove(from: scene, lock)
        cleared = true
        try await tmux.waitUntil("the tick to be recorded and the warning to clear", timeout: 3) {
            $0.contains("[✓] Alpha") && !$0.contains("NOT RECORDED")
        }
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'checklist_ticked'") == ["1"], "retried once, stored once")

        // Quitting while refused: the dialog says so and the entries are printed, not dropped.
        let again = try await fault.apply(to: scene)
        defer { try? fault.remove(from: scene, again) }
        try tmux.send("j", "Space")
        try await tmux.waitUntil(text: "NOT RECORDED", timeout: 5)
        try tmux.send("q")
        try await tmux.waitUntil(text: "1 action is NOT in the journal yet:")
        try tmux.send("y")
        try await tmux.waitUntil("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 1)
        let printed = try tmux.tmux(["capture-pane", "-p", "-J", "-t", tmux.session])  // long lines joined
        #expect(printed.contains("NOT recorded in \(scene.journal)"))
        #expect(printed.contains("checklist_ticked"))
        #expect(printed.contains("launch_day.2"))
    }

    // MARK: Damaged and foreign journals

    @Test func garbageJournalIsRefusedByEveryCommandAndLeftAlone() async throws {
        var bytes = (0..<8192).map { _ in UInt8.random(in: 0...255) }
        bytes[0] = 0
        let garbage = Data(bytes)
        try garbage.write(to: URL(fileURLWithPath: scene.journal))
        for command in [["run", scene.plan, "--journal", scene.journal], ["note", "--journal", scene.journal, "hello"],
                        ["export", scene.journal]] {
            let result = try scene.warroom(command)
            #expect(result.status == 1, "\(command[0]) must fail cleanly, not crash: \(result)")
            #expect(result.output.contains("\(scene.journal): is not a warroom journal (not an SQLite database)"), "\(command[0]): \(result.output)")
        }
        #expect(FileManager.default.contents(atPath: scene.journal) == garbage)
        #expect(!FileManager.default.fileExists(atPath: scene.journal + "-wal"))
    }

    @Test func journalOfAnotherPlanIsRefusedUnlessForced() async throws {
        let first = Tmux()
        try await scene.start(first, as: "ann")
        try await scene.quit(first)
        let other = scene.directory.appendingPathComponent("other.yaml").path
        try JournalScene.planText(version: "2.0.0").write(toFile: other, atomically: true, encoding: .utf8)

        let refused = try scene.warroom(["run", other, "--journal", scene.journal])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(scene.journal): this journal is for tiny 1.0.0; the plan is for tiny 2.0.0."),
                "\(refused.output)")
        #expect(refused.output.contains("--force"))
        #expect(try scene.sqlite("SELECT json_extract(value, '$.release.version') FROM meta WHERE key = 'plan'") == ["1.0.0"])

        let forced = Tmux()
        try forced.start([Tmux.binary.path, "run", other, "--journal", scene.journal, "--force", "--as", "ann"], width: 120, height: 36)
        try await forced.waitUntil(text: "tiny 2.0.0")
        try await scene.quit(forced)
        #expect(try scene.sqlite("SELECT json_extract(value, '$.release.version') FROM meta WHERE key = 'plan'") == ["2.0.0"])
    }

    /// The plan edited mid-release: a change that can apply is journaled and announced to the war room already
    /// running; one that would rewrite history is refused before the screen opens, naming the change and the way out.
    @Test func aPlanEditedMidReleaseIsAnAmendmentOrARefusal() async throws {
        let first = Tmux()
        try await scene.start(first, as: "ann")
        try first.send("s")
        try await first.waitUntil(text: "Start the release")
        try first.send("y")
        try await first.waitUntil(text: "stage 1/2")

        let edited = scene.directory.appendingPathComponent("edited.yaml").path
        try JournalScene.planText(version: "1.0.0").replacingOccurrences(of: "for 5m", with: "for 10m")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        let second = Tmux()
        try second.start([Tmux.binary.path, "run", edited, "--journal", scene.journal, "--as", "ben"], width: 120, height: 36)
        try await first.waitUntil(text: "Plan amended by ben: trigger changed: error_rate > 2% for 5m → error_rate > 2% for 10m")
        try await first.waitUntil(text: "error_rate > 2% for 10m")
        try await scene.quit(second)

        let rewritten = scene.directory.appendingPathComponent("rewritten.yaml").path
        try JournalScene.planText(version: "1.0.0").replacingOccurrences(of: "Canary 5%", with: "Canary 1%")
            .write(toFile: rewritten, atomically: true, encoding: .utf8)
        let refused = try scene.warroom(["run", rewritten, "--journal", scene.journal])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(scene.journal): the plan renames stage 'Canary 5%'"), "\(refused.output)")
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'plan_amended'") == ["1"])
        try await scene.quit(first)
    }
}

/// A fault that makes a running warroom's journal writes fail, even for root. Changing modes would not:
/// root ignores them, and an open file keeps its write access anyway. What does fail an open journal:
/// an immutable file (needs CAP_LINUX_IMMUTABLE), a full file system (a tmpfs, needs mount), and a lock
/// another process holds (always possible, and what a locked-down container gets).
enum JournalFault: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case readOnly, diskFull, locked

    var testDescription: String { rawValue }

    /// The faults this machine can make; the lock only when neither file-system fault is possible.
    static var available: [JournalFault] {
        let faults = [readOnly, diskFull].filter(\.isPossible)
        return faults.isEmpty ? [.locked] : faults
    }

    private var isPossible: Bool {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-probe-\(UUID().uuidString)").path
        switch self {
        case .readOnly:
            guard FileManager.default.createFile(atPath: probe, contents: Data()) else { return false }
            defer { _ = try? Tmux.run("/usr/bin/env", ["chattr", "-i", probe]); unlink(probe) }
            return (try? Tmux.run("/usr/bin/env", ["chattr", "+i", probe])) != nil && !FileManager.default.isWritableFile(atPath: probe)
        case .diskFull:
            guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: false)) != nil else { return false }
            defer { _ = try? Tmux.run("/usr/bin/env", ["umount", probe]); rmdir(probe) }
            return (try? Tmux.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe])) != nil
        case .locked:
            return true
        }
    }

    /// Makes the journal refuse writes; returns the lock holder for `.locked`.
    func apply(to scene: JournalScene) async throws -> Tmux? {
        switch self {
        case .readOnly:
            // Not the -shm: SQLite maps it, and a write fault there is a SIGBUS, not an error.
            try Tmux.run("/usr/bin/env", ["chattr", "+i", scene.journal, scene.journal + "-wal"])
            return nil
        case .diskFull:
            let filler = scene.directory.appendingPathComponent("filler").path
            _ = try? Tmux.run("/usr/bin/env", ["dd", "if=/dev/zero", "of=\(filler)", "bs=4096"])
            return nil
        case .locked:
            let holder = Tmux()
            try holder.start(["sqlite3", scene.journal], width: 80, height: 10)
            // tmux takes an argument ending in ';' for a command separator: hence the trailing space.
            try holder.type("BEGIN IMMEDIATE; SELECT 'locked' || 'now'; ")
            try holder.send("Enter")
            try await holder.waitUntil(text: "lockednow")
            return holder
        }
    }

    func remove(from scene: JournalScene, _ holder: Tmux?) throws {
        switch self {
        case .readOnly: try Tmux.run("/usr/bin/env", ["chattr", "-i", scene.journal, scene.journal + "-wal"])
        case .diskFull: try FileManager.default.removeItem(at: scene.directory.appendingPathComponent("filler"))
        case .locked:
            try holder?.type("ROLLBACK; ")
            try holder?.send("Enter")
            try holder?.type(".quit")
            try holder?.send("Enter")
        }
    }
}

/// A temporary directory with a small plan (six checklist items, no feeds), a journal path, and the ways to
/// run `warroom` on them and read the journal back with `sqlite3`. Removed when the test lets go of it.
final class JournalScene {
    let directory: URL
    let plan: String
    let journal: String
    private let mounted: Bool

    init(onTmpfs: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-journal-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if onTmpfs { try Tmux.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", directory.path]) }
        mounted = onTmpfs
        plan = directory.appendingPathComponent("plan.yaml").path
        journal = directory.appendingPathComponent("journal.sqlite").path
        try Self.planText(version: "1.0.0").write(toFile: plan, atomically: true, encoding: .utf8)
    }

    func unmount() {
        if mounted { _ = try? Tmux.run("/usr/bin/env", ["umount", directory.path]) }
    }

    deinit {
        unmount()
        try? FileManager.default.removeItem(at: directory)
    }

    static let items = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]

    static func planText(version: String) -> String {
        """
        release:
          name: tiny
          version: \(version)
          owner: Dana
          on_call: Sam
        strategy: canary
        stages:
          - name: Canary 5%
            traffic: 5%
            min_duration: 5m
          - name: Full 100%
            traffic: 100%
            min_duration: 0s
        metrics:
          - name: error_rate
            unit: "%"
            success: "< 1"
            alert: "> 2"
        triggers:
          - error_rate > 2% for 5m
        rollback:
          steps: [Roll back]
        checklist:
          launch_day:
        \(items.map { "    - \($0)" }.joined(separator: "\n"))
        """
    }

    /// Starts `warroom run` and waits for its first full screen.
    func start(_ tmux: Tmux, as actor: String) async throws {
        try tmux.start([Tmux.binary.path, "run", plan, "--journal", journal, "--as", actor], width: 120, height: 36)
        try await tmux.waitUntil(text: "tab:pane")
    }

    func quit(_ tmux: Tmux) async throws {
        try tmux.send("q")
        try await tmux.waitUntil(text: "Quit warroom?")
        try tmux.send("y")
        try await tmux.waitUntil("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 0)
    }

    /// SIGKILL to the warroom process itself (the pane's shell is its parent), then waits for it to be gone.
    func kill(_ tmux: Tmux) async throws {
        let shell = try #require(pid_t(try tmux.tmux(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let program = try #require(Self.child(of: shell, named: "warroom"), "no warroom process under the pane")
        #expect(Glibc.kill(program, SIGKILL) == 0)
        try await tmux.waitUntil("the killed program to be gone", timeout: 10) { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 128 + Int(SIGKILL))
    }

    static func child(of parent: pid_t, named name: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            let command = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
            if fields.count > 1, pid_t(fields[1]) == parent, command == name { return pid }
        }
        return nil
    }

    /// Runs the binary to completion: its exit status and everything it printed.
    func warroom(_ arguments: [String]) throws -> (status: Int32, output: String) {
        do {
            return (0, try Tmux.run(Tmux.binary.path, arguments))
        } catch let failure as CommandFailure {
            return (failure.status, failure.output)
        }
    }

    /// One query through `sqlite3`, one line per row.
    func sqlite(_ query: String) throws -> [String] {
        try Tmux.run("/usr/bin/env", ["sqlite3", journal, query]).split(separator: "\n").map(String.init)
    }

    func notes() throws -> [String] {
        try sqlite("SELECT json_extract(payload, '$.note.text') FROM events WHERE kind = 'note' ORDER BY seq")
    }

    struct ChecklistEvent: Equatable {
        let item: String
        let ticked: Bool
    }

    /// The checklist ticks and unticks in journal order, by item text.
    func checklistEvents() throws -> [ChecklistEvent] {
        guard FileManager.default.fileExists(atPath: journal) else { return [] }
        return try sqlite("""
            SELECT kind, coalesce(json_extract(payload, '$.checklistTicked.item'), json_extract(payload, '$.checklistUnticked.item'))
            FROM events WHERE kind IN ('checklist_ticked', 'checklist_unticked') ORDER BY seq
            """).map { row in
            let parts = row.split(separator: "|")
            let index = Int(parts[1].split(separator: ".").last!)! - 1
            return ChecklistEvent(item: Self.items[index], ticked: parts[0] == "checklist_ticked")
        }
    }

    static func fold(_ events: [ChecklistEvent]) -> [String: Bool] {
        var ticks = Dictionary(uniqueKeysWithValues: items.map { ($0, false) })
        for event in events { ticks[event.item] = event.ticked }
        return ticks
    }

    /// The checklist as the screen shows it: `[✓] Alpha` or `[ ] Alpha`.
    static func checklist(on screen: String) -> [String: Bool] {
        var ticks: [String: Bool] = [:]
        for item in items {
            if screen.contains("[✓] \(item)") { ticks[item] = true } else if screen.contains("[ ] \(item)") { ticks[item] = false }
        }
        return ticks
    }

    /// The note the status line says was recorded, if it says so.
    static func confirmedNote(on screen: String) -> String? {
        guard let range = screen.range(of: "Note recorded: ") else { return nil }
        return screen[range.upperBound...].prefix { !$0.isWhitespace }.description
    }

    /// The clock that starts the header's second row: `T+5s`, `T+1m05s`, or `T0` while not started.
    static func clock(on screen: String) -> String? {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return rows.count > 1 ? rows[1].split(separator: " ").first.map(String.init) : nil
    }
}

/// Runs blocking work (a shell loop) on a thread of its own, so the cooperative pool stays free for the
/// timed async tests that run beside these. Nothing in `body` may record an issue: a plain thread has no test.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

extension Tmux {
    /// `waitFor`, sleeping with `Task.sleep` between looks, so a waiting end-to-end test gives its thread
    /// back to the async tests (on two cores, blocked threads starve their timeouts).
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    @discardableResult
    func waitUntil(text: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await waitUntil("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }
}
