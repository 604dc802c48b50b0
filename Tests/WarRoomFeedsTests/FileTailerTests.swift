import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomFeeds

@Suite struct FileTailerTests {
    let dir = TemporaryDirectory()

    @Test func readsAppendsOnlyOnce() {
        dir.append("one\ntwo\n", to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"))
        #expect(tailer.poll() == TailChunk(lines: ["one", "two"]))
        #expect(tailer.poll() == TailChunk())
        dir.append("three\n", to: "app.log")
        #expect(tailer.poll().lines == ["three"])
    }

    @Test func startAtEndSkipsExistingLines() {
        dir.append("old\n", to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"), startAtEnd: true)
        #expect(tailer.poll().lines == [])
        dir.append("new\n", to: "app.log")
        #expect(tailer.poll().lines == ["new"])
    }

    @Test func backlogShowsTheLastWholeLinesForContext() {
        dir.append("first line, too far back\nsecond\nthird\n", to: "app.log")
        // 13 bytes before the end lands inside "second\n": that partial line is skipped, "third" is kept.
        let tailer = FileTailer(path: dir.file("app.log"), startAtEnd: true, backlogBytes: 9)
        #expect(tailer.poll().lines == ["third"])
        dir.append("fourth\n", to: "app.log")
        #expect(tailer.poll().lines == ["fourth"])
        let whole = FileTailer(path: dir.file("app.log"), startAtEnd: true, backlogBytes: 1 << 20)
        #expect(whole.poll().lines == ["first line, too far back", "second", "third", "fourth"], "a backlog larger than the file reads it all")
    }

    @Test func partialLineIsHeldUntilItsNewline() {
        let tailer = FileTailer(path: dir.file("app.log"))
        dir.append("GET /api/che", to: "app.log")
        #expect(tailer.poll().lines == [])
        dir.append("ckout 200\nnext", to: "app.log")
        #expect(tailer.poll().lines == ["GET /api/checkout 200"])
        dir.append("\n", to: "app.log")
        #expect(tailer.poll().lines == ["next"])
    }

    @Test func crlfIsStrippedAndBadUTF8Replaced() {
        dir.append([0x61, 0x0D, 0x0A, 0x62, 0xFF, 0x63, 0x0A, 0x0D, 0x0A], to: "app.log")
        #expect(FileTailer(path: dir.file("app.log")).poll().lines == ["a", "b\u{FFFD}c", ""])
    }

    @Test func truncationRestartsAtZero() {
        dir.append("first line that is long\nsecond\n", to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"))
        #expect(tailer.poll().lines.count == 2)
        dir.truncate("app.log")
        dir.append("after\n", to: "app.log")
        // No copy beside it: nothing known unread was lost, but what came after our read may have been.
        #expect(tailer.poll() == TailChunk(changes: [.truncated, .lost(bytes: 0)]))
        #expect(tailer.poll() == TailChunk(lines: ["after"]))
    }

    @Test func renameRotationLosesNoLine() {
        dir.append("a1\n", to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"))
        #expect(tailer.poll().lines == ["a1"])
        dir.rename("app.log", to: "app.log.1")
        dir.append("a2\n", to: "app.log.1")  // the writer still holds the old file
        #expect(tailer.poll() == TailChunk(lines: ["a2"], changes: [.missing]))
        #expect(tailer.availability == .missing)
        dir.append("a3\nunfinished", to: "app.log.1")
        dir.append("b1\nb2\n", to: "app.log")
        #expect(tailer.poll() == TailChunk(lines: ["a3", "unfinished", "b1", "b2"], changes: [.rotated]))
        #expect(tailer.availability == .readable)
        dir.append("a4\n", to: "app.log.1")  // too late: the old file is closed
        dir.append("b3\n", to: "app.log")
        #expect(tailer.poll().lines == ["b3"])
    }

    @Test func rotationWhileNewFileAlreadyExists() {
        dir.append("a1\n", to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"))
        _ = tailer.poll()
        dir.rename("app.log", to: "app.log.1")
        dir.append("a2\n", to: "app.log.1")
        dir.append("b1\n", to: "app.log")
        #expect(tailer.poll() == TailChunk(lines: ["a2", "b1"], changes: [.rotated]))
    }

    @Test func missingFileIsReportedOnceThenAppears() {
        let tailer = FileTailer(path: dir.file("later.log"), startAtEnd: true)
        #expect(tailer.poll() == TailChunk(changes: [.missing]))
        #expect(tailer.availability == .missing)
        #expect(tailer.poll() == TailChunk())
        dir.append("hello\n", to: "later.log")
        // A file that appears later is read from its start, even when asked to start at the end.
        #expect(tailer.poll() == TailChunk(lines: ["hello"], changes: [.appeared]))
        dir.remove("later.log")
        #expect(tailer.poll().changes == [.missing])
        dir.append("again\n", to: "later.log")
        #expect(tailer.poll() == TailChunk(lines: ["again"], changes: [.rotated]))
    }

    @Test func aFileThatMayNotBeReadSaysWhyAndRecovers() {
        dir.append("one\n", to: "app.log")
        dir.chmod("app.log", 0)
        let tailer = FileTailer(path: dir.file("app.log"))
        // As an ordinary user: root reads anything.
        #expect(Unprivileged.run { tailer.poll() } == TailChunk(changes: [.unreadable(reason: "permission denied")]))
        #expect(tailer.availability == .unreadable(reason: "permission denied"))
        #expect(Unprivileged.run { tailer.poll() } == TailChunk(), "said once")
        dir.chmod("app.log", 0o644)
        #expect(Unprivileged.run { tailer.poll() } == TailChunk(lines: ["one"], changes: [.appeared]))
        #expect(tailer.availability == .readable)
    }

    @Test func aDirectoryInPlaceOfTheFileSaysSoAndRecovers() {
        dir.makeDirectory("app.log")
        let tailer = FileTailer(path: dir.file("app.log"))
        #expect(tailer.poll() == TailChunk(changes: [.unreadable(reason: "is a directory")]))
        dir.removeDirectory("app.log")
        dir.append("one\n", to: "app.log")
        #expect(tailer.poll() == TailChunk(lines: ["one"], changes: [.appeared]))
        // Replaced by a directory while followed: the file already open is still read to its end.
        dir.append("two\n", to: "app.log")
        dir.remove("app.log")
        dir.makeDirectory("app.log")
        #expect(tailer.poll() == TailChunk(lines: ["two"], changes: [.unreadable(reason: "is a directory")]))
        dir.removeDirectory("app.log")
        dir.append("three\n", to: "app.log")
        #expect(tailer.poll() == TailChunk(lines: ["three"], changes: [.rotated]))
    }

    @Test func longLineIsCappedAndTheRestDropped() {
        let tailer = FileTailer(path: dir.file("app.log"), maxLineBytes: 10)
        dir.append(String(repeating: "x", count: 25), to: "app.log")
        #expect(tailer.poll().lines == ["xxxxxxxxxx…[truncated]"])
        dir.append(String(repeating: "y", count: 25) + "\nshort\n", to: "app.log")
        #expect(tailer.poll().lines == ["short"])
        dir.append("ééééééé\n", to: "app.log")  // 14 bytes: the cut backs off to a character boundary
        #expect(tailer.poll().lines == ["ééééé…[truncated]"])
    }

    @Test func aBigBacklogIsSpreadOverPolls() {
        dir.append((1...100).map { "line \($0)\n" }.joined(), to: "app.log")
        let tailer = FileTailer(path: dir.file("app.log"), maxBytesPerPoll: 300)
        var lines: [String] = []
        var polls = 0
        while lines.count < 100 && polls < 100 {
            lines += tailer.poll().lines
            polls += 1
        }
        #expect(lines == (1...100).map { "line \($0)" })
        #expect(polls > 2)
    }
}
