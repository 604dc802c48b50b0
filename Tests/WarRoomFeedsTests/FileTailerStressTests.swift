import Foundation
import Synchronization
import Testing
import WarRoomTestSupport
@testable import WarRoomFeeds
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A logger on a thread of its own: numbered lines at about 2,000 a second, in bursts of 10 every 5 ms, through a
/// descriptor it holds (O_APPEND). Asked to reopen the path (logrotate's SIGHUP), it keeps writing the old file for
/// a few more bursts first, as a busy logger does.
private final class BusyLogger: Sendable {
    let path: String
    let total: Int
    /// The descriptor, held while a line is written: a copytruncate holds it while copying and truncating, so no line
    /// falls between the two (logrotate's own window, which no reader can close).
    let descriptor: Mutex<Int32>
    let written = Atomic<Int>(0)
    let reopenRequests = Atomic<Int>(0)
    let reopens = Atomic<Int>(0)
    let finished = Atomic<Bool>(false)
    let started = ContinuousClock.now

    init(path: String, total: Int) {
        self.path = path
        self.total = total
        descriptor = Mutex(open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644))
    }

    func start(seed: UInt64) {
        Thread { self.run(seed: seed) }.start()
    }

    private func run(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var next = 1
        var lingering = 0
        while next <= total {
            for _ in 0..<10 where next <= total {
                let line = Array("line \(next)\n".utf8)
                // Counted under the lock it was written under: a rotation between the write and the count would find a
                // line in the file the count does not have, and a loss one more than the lines it thinks were unread.
                descriptor.withLock { fd in
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    written.store(next, ordering: .releasing)
                }
                next += 1
            }
            if reopens.load(ordering: .acquiring) < reopenRequests.load(ordering: .acquiring) {
                if lingering == 0 {
                    lingering = Int.random(in: 1...5, using: &random)
                } else {
                    lingering -= 1
                    if lingering == 0 {
                        descriptor.withLock { fd in
                            close(fd)
                            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                        }
                        reopens.add(1, ordering: .releasing)
                    }
                }
            }
            usleep(5_000)
        }
        _ = descriptor.withLock { fd in close(fd) }
        finished.store(true, ordering: .releasing)
    }

    var linesPerSecond: Double {
        let elapsed = ContinuousClock.now - started
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// How a rotation is made while the logger writes.
private enum Rotation: String {
    /// logrotate `copytruncate`: the file is copied to `app.log.1` (older copies shifted up), then emptied in place.
    case copyTruncate
    /// `copytruncate` with `compress` and no `delaycompress`: the copy is gone (compressed) before the tailer looks.
    case copyTruncateCompressed
    /// logrotate `create`: renamed to `app.log.1`, a new empty `app.log` created, the logger asked to reopen.
    case rename
    /// The file deleted and created again empty (`rm app.log; touch app.log`), the logger asked to reopen.
    case delete
}

/// What the rotator thread and the polling test thread tell each other.
private final class Progress: Sendable {
    let polls = Atomic<Int>(0)
    /// The number of the newest line the tailer delivered.
    let delivered = Atomic<Int>(0)
    let rotations = Atomic<Int>(0)
    /// Lines the logger had written and the tailer not yet delivered, summed over the rotations.
    let unread = Atomic<Int>(0)
    let rotatorDone = Atomic<Bool>(false)

    func noteUnread(of logger: BusyLogger) {
        unread.add(logger.written.load(ordering: .acquiring) - delivered.load(ordering: .acquiring), ordering: .releasing)
    }
}

/// What a run of the logger, a rotator and the tailer produced.
private struct StressRun {
    var lines: [String] = []
    var changes: [TailChunk.Change] = []
    var rotations = 0
    /// Lines the logger had written and the tailer not yet delivered, summed over the rotations: what an old
    /// tailer would have had to get from elsewhere.
    var unreadAtRotations = 0
    var polls = 0
    var linesPerSecond = 0.0
}

@Suite(.serialized) struct FileTailerStressTests {
    let dir = TemporaryDirectory()
    static let total = 6_000

    /// Runs the logger, a rotator thread rotating at random moments 10–60 ms after the tailer has read past the last
    /// rotation, and the tailer polling every 20 ms on this thread, until every line is delivered and a few more polls
    /// bring nothing, or a deadline passes.
    private func run(_ rotation: Rotation) -> StressRun {
        var random = SeededRandom(label: "FileTailerStressTests.\(rotation.rawValue)")
        let logger = BusyLogger(path: dir.file("app.log"), total: Self.total)
        let tailer = FileTailer(path: dir.file("app.log"))
        let progress = Progress()
        let dir = dir
        let rotatorSeed = random.next()
        logger.start(seed: random.next())
        Thread {
            var random = SeededRandom(seed: rotatorSeed)
            // The last rotation leaves the logger time to reopen before it stops, so each new file gets lines.
            var writtenAtRotation = 0
            while logger.written.load(ordering: .acquiring) < Self.total - 300 {
                // logrotate does not rotate a file again before a tailer polling it has read what was written since
                // (it runs hourly or daily): wait (bounded) for that, and for the logger to have reopened.
                let waitUntil = ContinuousClock.now + .seconds(5)
                while ContinuousClock.now < waitUntil
                        && (progress.delivered.load(ordering: .acquiring) <= writtenAtRotation
                            || logger.reopens.load(ordering: .acquiring) < logger.reopenRequests.load(ordering: .acquiring)) {
                    usleep(1_000)
                }
                // Then any moment between two polls, so lines written since the last read are usually there.
                usleep(UInt32.random(in: 10_000...60_000, using: &random))
                guard logger.written.load(ordering: .acquiring) < Self.total - 300 else { break }
                writtenAtRotation = Self.rotate(rotation, logger: logger, dir: dir, progress: progress)
                progress.rotations.add(1, ordering: .releasing)
            }
            progress.rotatorDone.store(true, ordering: .releasing)
        }.start()

        var run = StressRun()
        var quietPollsAtTheEnd = 0
        let deadline = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < deadline {
            let chunk = tailer.poll()
            run.lines += chunk.lines
            run.changes += chunk.changes
            if let last = run.lines.last, let number = Int(last.dropFirst("line ".count)) {
                progress.delivered.store(number, ordering: .releasing)
            }
            progress.polls.add(1, ordering: .releasing)
            if logger.finished.load(ordering: .acquiring) && progress.rotatorDone.load(ordering: .acquiring) {
                quietPollsAtTheEnd = chunk.lineCount == 0 ? quietPollsAtTheEnd + 1 : 0
                if quietPollsAtTheEnd >= 5 { break }
            }
            usleep(20_000)
        }
        run.rotations = progress.rotations.load(ordering: .acquiring)
        run.unreadAtRotations = progress.unread.load(ordering: .acquiring)
        run.polls = progress.polls.load(ordering: .acquiring)
        run.linesPerSecond = logger.linesPerSecond
        print("[FileTailerStressTests.\(rotation.rawValue)] \(Self.total) lines at \(Int(run.linesPerSecond)) lines/s, "
              + "\(run.rotations) rotations, \(run.unreadAtRotations) lines unread at them, \(run.polls) polls, "
              + "\(run.lines.count) lines delivered")
        return run
    }

    /// Rotates the logger's file; returns how many lines the logger had written when it did.
    private static func rotate(_ rotation: Rotation, logger: BusyLogger, dir: TemporaryDirectory, progress: Progress) -> Int {
        func shiftOlderCopies() {
            var highest = 1
            while FileManager.default.fileExists(atPath: dir.file("app.log.\(highest)")) { highest += 1 }
            for number in stride(from: highest - 1, through: 1, by: -1) { dir.rename("app.log.\(number)", to: "app.log.\(number + 1)") }
        }
        let written = logger.written.load(ordering: .acquiring)
        switch rotation {
        case .copyTruncate, .copyTruncateCompressed:
            return logger.descriptor.withLock { _ in
                progress.noteUnread(of: logger)
                shiftOlderCopies()
                // Compressed at once, the copy is never there under a name the tailer reads.
                dir.copy("app.log", to: rotation == .copyTruncateCompressed ? "app.log.1.gz" : "app.log.1")
                dir.truncate("app.log")
                return logger.written.load(ordering: .acquiring)
            }
        case .rename:
            progress.noteUnread(of: logger)
            shiftOlderCopies()
            dir.rename("app.log", to: "app.log.1")
            close(open(dir.file("app.log"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644))
            logger.reopenRequests.add(1, ordering: .releasing)
        case .delete:
            progress.noteUnread(of: logger)
            dir.remove("app.log")
            close(open(dir.file("app.log"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644))
            logger.reopenRequests.add(1, ordering: .releasing)
        }
        return written
    }

    /// Every line exactly once and in order; on a mismatch, where the first one is rather than two huge arrays.
    private func expectEveryLineOnce(_ run: StressRun, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = (1...Self.total).map { "line \($0)" }
        let firstDifference = run.lines.indices.first { $0 >= expected.count || run.lines[$0] != expected[$0] }
            ?? min(run.lines.count, expected.count)
        let got = Array(run.lines.dropFirst(firstDifference).prefix(3)), wanted = Array(expected.dropFirst(firstDifference).prefix(3))
        #expect(run.lines.count == expected.count, "delivered \(run.lines.count) of \(expected.count) lines",
                sourceLocation: sourceLocation)
        #expect(run.lines == expected, "first difference at line \(firstDifference + 1): \(got) instead of \(wanted)",
                sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(1))) func copyTruncateAtTwoThousandLinesASecondLosesNothing() {
        let run = run(.copyTruncate)
        #expect(run.rotations >= 5)
        #expect(run.unreadAtRotations > 0, "some lines were written and not yet read when a copy was made")
        expectEveryLineOnce(run)
        #expect(run.changes.count { $0 == .truncated } == run.rotations)
        #expect(!run.changes.contains { if case .lost = $0 { true } else { false } })
    }

    @Test(.timeLimit(.minutes(1))) func renameAtTwoThousandLinesASecondLosesNothing() {
        let run = run(.rename)
        #expect(run.rotations >= 5)
        expectEveryLineOnce(run)
        #expect(run.changes.count { $0 == .rotated } == run.rotations)
    }

    @Test(.timeLimit(.minutes(1))) func deleteAndRecreateAtTwoThousandLinesASecondLosesNothing() {
        let run = run(.delete)
        #expect(run.rotations >= 5)
        expectEveryLineOnce(run)
        #expect(run.changes.count { $0 == .rotated } == run.rotations)
    }

    @Test(.timeLimit(.minutes(1))) func copyTruncateWithTheCopyGoneReportsEveryLoss() {
        let run = run(.copyTruncateCompressed)
        #expect(run.rotations >= 5)
        let numbers = run.lines.compactMap { Int($0.dropFirst("line ".count)) }
        #expect(numbers.count == run.lines.count)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }, "in order, none twice")
        #expect(numbers.last == Self.total, "the end after the last truncation is all there")
        #expect(Self.total - numbers.count <= run.unreadAtRotations, "only lines unread at a truncation are missing")
        #expect(run.changes.count { $0 == .truncated } == run.rotations)
        #expect(run.changes.count { if case .lost = $0 { true } else { false } } == run.rotations, "every loss is reported")
    }
}
