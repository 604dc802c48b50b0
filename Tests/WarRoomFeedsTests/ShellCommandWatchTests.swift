import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomFeeds

/// A rollback step's command, watched by the war room's process: it ends as it would unwatched, and dies with
/// everything it started once the watcher is gone.
@Suite(.timeLimit(.minutes(1))) struct ShellCommandWatchTests {
    /// A stand-in for the war room: a process the test can kill.
    func watcher() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["60"]
        try process.run()
        return process
    }

    @Test func aWatchedCommandEndsAsItWouldUnwatched() async throws {
        let war = try watcher()
        defer { war.terminate() }
        let pid = war.processIdentifier
        #expect(await ShellCommand("echo out; echo err >&2; exit 3", timeout: .seconds(20), watchedBy: pid).run()
            == .finished(.exited(3), output: Array("out\n".utf8), errorOutput: Array("err\n".utf8)))
        let killed = await ShellCommand("kill -TERM $$", timeout: .seconds(20), watchedBy: pid).run()
        #expect(killed == .finished(.signalled(15), output: [], errorOutput: []), "\(killed)")
        let interrupted = await ShellCommand("kill -INT $$; sleep 5", timeout: .seconds(20), watchedBy: pid).run()
        #expect(interrupted == .finished(.signalled(2), output: [], errorOutput: []), "Ctrl-C's signal is not ignored: \(interrupted)")
        #expect(await ShellCommand("exit 147", timeout: .seconds(20), watchedBy: pid).run()
            == .finished(.exited(147), output: [], errorOutput: []), "an exit code is not taken for a signal (147 would be SIGSTOP)")
        #expect(await ShellCommand("printf '%s' \"$0\"", timeout: .seconds(20), watchedBy: pid).run()
            == .finished(.exited(0), output: Array("/bin/sh".utf8), errorOutput: []))
    }

    @Test func itsProcessGroupDiesWithItsWatcher() async throws {
        let directory = TemporaryDirectory("watch")
        let war = try watcher()
        let marker = directory.file("marker")
        let run = Task {
            await ShellCommand("sleep 30 & echo $! > \(marker); wait; touch \(marker).done", timeout: .seconds(50),
                               watchedBy: war.processIdentifier).run()
        }
        var child: Int32?
        for _ in 0..<100 where child == nil {
            child = (try? String(contentsOfFile: marker, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            try await Task.sleep(for: .milliseconds(50))
        }
        let sleeper = try #require(child)
        #expect(Self.isRunning(sleeper), "the command's child runs")
        kill(war.processIdentifier, SIGKILL)
        let outcome = await run.value
        #expect(outcome == .finished(.signalled(9), output: [], errorOutput: []), "killed whole by its watchdog")
        for _ in 0..<40 where Self.isRunning(sleeper) { try await Task.sleep(for: .milliseconds(50)) }  // a kill lands soon, not at once
        #expect(!Self.isRunning(sleeper), "its child went with it")
        #expect(!FileManager.default.fileExists(atPath: marker + ".done"))
    }

    /// Running, not a zombie waiting for a reaper (a container's init may never reap an orphan).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let state = stat.split(separator: ")").last?.split(separator: " ").first else { return false }
        return state != "Z" && state != "X"
    }
}
