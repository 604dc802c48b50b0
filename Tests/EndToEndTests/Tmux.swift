import Foundation
import Testing

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

    /// Runs a command to completion and returns what it printed (stdout and stderr).
    /// posix_spawn and waitpid rather than Foundation's Process: `tmux new-session` forks the server, which
    /// keeps any pipe open, and Process did not always reap the client here. Output goes to a temporary file.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        // The child's own working directory, through a shell: changing the test process's would move every test
        // running beside it.
        if let directory { return try run("/bin/sh", ["-c", #"cd "$0" && exec "$@""#, directory, executable] + arguments) }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-e2e-out-\(UUID().uuidString)").path
        defer { unlink(capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The calling thread (a Swift concurrency worker) blocks every signal; the child must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw CommandFailure(command: executable, status: spawned, output: "posix_spawn failed") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 else {
            throw CommandFailure(command: ([executable] + arguments).joined(separator: " "), status: code, output: text)
        }
        return text
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let output: String
    var description: String { "`\(command)` exited \(status): \(output)" }
}
