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

    /// True while `pid` names a process, ours to signal or not; signal 0 checks without sending anything.
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
