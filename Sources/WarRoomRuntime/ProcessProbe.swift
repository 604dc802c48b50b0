import Foundation

/// Whether a process on this host is still there, and which host "this host" is.
enum ProcessProbe {
    /// This boot of this machine and this pid namespace: two war rooms agree on it only when a pid of one means the
    /// same process to the other (not across machines sharing a directory, nor across containers).
    static let host: String? = {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
              let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return nil }
        return boot.trimmingCharacters(in: .whitespacesAndNewlines) + ":" + namespace
    }()

    /// The machine's name as people know it, from the kernel: `ProcessInfo.hostName` may ask DNS first, and on a
    /// machine without a resolver that can hold the screen blank for seconds.
    static let hostName: String? = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return nil }
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }()

    /// True while `pid` names a live process, ours to signal or not; signal 0 checks without sending anything. A
    /// zombie (killed, not yet reaped: a tmux pane with `remain-on-exit` keeps one) answers signal 0 but will never
    /// renew a lease again, so it counts as gone.
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !isZombie(pid)
    }

    /// The state letter of `/proc/<pid>/stat` (after the command name, which may hold spaces and parentheses) is
    /// `Z`, or `X` for a process being removed. False when it cannot be read (no `/proc`): signal 0 decides then.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state == "Z" || state == "X"
    }
}
