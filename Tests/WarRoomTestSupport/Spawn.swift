import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs other programs from tests.
public enum Spawn {
    /// Runs a command to completion and returns what it printed (stdout and stderr).
    /// posix_spawn and waitpid rather than Foundation's Process: `tmux new-session` forks the server, which
    /// keeps any pipe open, and Process did not always reap the client here. Output goes to a temporary file.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
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

/// A command a test ran that exited with a failure status; `output` is what it printed.
public struct CommandFailure: Error, CustomStringConvertible {
    public let command: String
    public let status: Int32
    public let output: String

    public init(command: String, status: Int32, output: String) {
        self.command = command
        self.status = status
        self.output = output
    }

    public var description: String { "`\(command)` exited \(status): \(output)" }
}
