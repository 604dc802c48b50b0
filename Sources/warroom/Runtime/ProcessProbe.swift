#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process on this host is still there.
enum ProcessProbe {
    /// True while `pid` names a process, ours to signal or not; signal 0 checks without sending anything.
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
