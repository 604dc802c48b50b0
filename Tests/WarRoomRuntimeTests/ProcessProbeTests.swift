import Foundation
import Testing
@testable import WarRoomRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Whether another war room's process on this host is still there: what lets a kill -9 be noticed at once.
@Suite struct ProcessProbeTests {
    @Test func aKilledProcessNobodyReapedIsGone() throws {
        var pid = pid_t()
        let words: [String] = ["sleep", "30"]
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        try #require(posix_spawnp(&pid, "sleep", nil, nil, argv, environ) == 0)
        #expect(ProcessProbe.isRunning(pid))
        #expect(ProcessProbe.isRunning(getpid()))

        #expect(kill(pid, SIGKILL) == 0)
        // Not reaped yet: a zombie, which signal 0 still answers. Wait (bounded) for the kill to land.
        var zombie = false
        for _ in 0..<100 where !zombie {
            zombie = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !zombie { usleep(10_000) }
        }
        try #require(zombie, "the killed child is a zombie until reaped")
        #expect(kill(pid, 0) == 0, "signal 0 alone would call it running")
        #expect(!ProcessProbe.isRunning(pid), "a zombie will never renew a lease: it is gone")

        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(!ProcessProbe.isRunning(pid))
        #expect(!ProcessProbe.isRunning(0) && !ProcessProbe.isRunning(-1))
    }
}
