import Foundation
import Testing
import WarRoomTestSupport

/// Drives the real `warroom` binary in a real pty: a private tmux server, keys in, screen text out.
final class Tmux {
    let socket: String
    let session = "e2e"
    /// Where the pane's shell writes the program's exit status.
    let statusFile: String

    init() {
        socket = "warroom-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent(socket + ".status").path
    }

    deinit {
        _ = try? tmux(["kill-server"])
        unlink(statusFile)
    }

    /// The built `warroom` binary, next to the test bundle.
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !directory.path.hasSuffix(".xctest") && directory.pathComponents.count > 1,
              !FileManager.default.fileExists(atPath: directory.appendingPathComponent("warroom").path) {
            directory.deleteLastPathComponent()
        }
        if directory.path.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("warroom")
    }

    static var isAvailable: Bool { (try? run("/usr/bin/env", ["tmux", "-V"])) != nil }

    /// Starts `command` in a detached session of the given size, with a UTF-8 locale and a colour terminal.
    func start(_ command: [String], width: Int, height: Int, environment: [String: String] = [:]) throws {
        let env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"].merging(environment) { $1 }
        // The pane's shell records the exit status itself: tmux may take seconds to reap its child on a loaded
        // machine (seen: the program a zombie, tmux with no status yet), and the shell waits for it at once.
        let line = (["env"] + env.map { "\($0)=\($1)" } + command).map(Self.quote).joined(separator: " ")
            + "; echo $? > " + Self.quote(statusFile)
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line])
        try tmux(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// Types text literally (no key-name lookup).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// Waits (bounded) for the screen to satisfy `condition`; returns the last screen either way.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(100_000)
        }
        Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// True once the program in the pane has exited.
    func paneIsDead() throws -> Bool {
        try tmux(["display-message", "-p", "-t", session, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The program's exit status, once its shell has written it (nil if it never does within 10 s).
    func exitStatus() throws -> Int? {
        let deadline = Date().addingTimeInterval(10)
        repeat {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Self.run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a command to completion and returns what it printed (see ``Spawn/run(_:_:in:)``).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        try Spawn.run(executable, arguments, in: directory)
    }
}

