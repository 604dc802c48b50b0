import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomFeeds
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes numbered lines the way a logger does: through a descriptor it keeps open (O_APPEND) until told to reopen.
private final class NumberedWriter {
    let path: String
    private var fd: Int32
    private(set) var next = 1

    init(path: String) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    }

    deinit { close(fd) }

    func lines(_ count: Int) {
        for _ in 0..<count {
            startLine()
            endLine()
        }
    }

    /// The next line without its newline: a writer caught mid-line.
    func startLine() { raw("line \(next)") }

    func endLine() {
        raw("\n")
        next += 1
    }

    private func raw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Like a logger after SIGHUP: closes the old file and opens (creates) the path again.
    func reopen() {
        close(fd)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    }
}

@Suite struct FileTailerRotationTests {
    let dir = TemporaryDirectory()

    func expected(_ range: ClosedRange<Int>) -> [String] { range.map { "line \($0)" } }

    /// Copies the file aside, then empties it in place, as logrotate's `copytruncate` does.
    func copyTruncate(_ name: String, copy: String? = nil) {
        dir.copy(name, to: copy ?? name + ".\(UUID().uuidString.prefix(8))")
        dir.truncate(name)
    }

    @Test func deleteAndRecreate() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"))
        writer.lines(2)
        #expect(tailer.poll().lines == expected(1...2))
        writer.lines(1)  // not yet read when the file is deleted: still read, from the descriptor we hold
        dir.remove("app.log")
        #expect(tailer.poll() == TailChunk(lines: expected(3...3), changes: [.missing]))
        writer.reopen()
        writer.lines(2)
        #expect(tailer.poll() == TailChunk(lines: expected(4...5), changes: [.rotated]))
        // Deleted and recreated between two polls, without the tailer seeing it missing.
        writer.lines(1)
        dir.remove("app.log")
        writer.reopen()
        writer.lines(1)
        #expect(tailer.poll() == TailChunk(lines: expected(6...7), changes: [.rotated]))
    }

    @Test func copyTruncateWhileWritesContinue() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"))
        writer.lines(3)
        #expect(tailer.poll().lines == expected(1...3))
        writer.lines(2)  // written after our read and before the copy: read from the copy
        copyTruncate("app.log", copy: "app.log.1")
        writer.lines(1)  // shorter than what was read: the size alone shows the truncation
        #expect(tailer.poll() == TailChunk(lines: expected(4...5), changes: [.truncated]), "a poll stops at a truncation")
        #expect(tailer.poll() == TailChunk(lines: expected(6...6)))
        writer.lines(2)
        dir.rename("app.log.1", to: "app.log.2")
        copyTruncate("app.log", copy: "app.log.1")
        writer.lines(5)  // already longer than before the truncation: only the changed bytes show it
        #expect(tailer.poll() == TailChunk(lines: expected(7...8), changes: [.truncated]))
        #expect(tailer.poll() == TailChunk(lines: expected(9...13)))
        writer.lines(1)
        #expect(tailer.poll() == TailChunk(lines: expected(14...14)), "a plain append is not a truncation")
        #expect(tailer.heldFileCount == 1, "the copy is let go once read")
    }

    @Test func theCopyIsFoundByItsContentWhateverItsName() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"))
        writer.lines(4)
        #expect(tailer.poll().lines == expected(1...4))
        writer.lines(3)
        dir.copy("app.log", to: "app.log-20261122")
        // Siblings that are not it: an older copy that differs where we stopped, one too short, and two that begin
        // like it but are not copies of it by name: a compressed one (never read as text) and another log.
        dir.append("line 1\nline 2\nline 3\nother 4\nother 5\nother 6\nother 7\nother 8\n", to: "app.log.1")
        dir.append("line 1\nline 2\n", to: "app.log.0")
        dir.append("line 1\nline 2\nline 3\nline 4\nzipped 5\n", to: "app.log.2.gz")
        dir.append("line 1\nline 2\nline 3\nline 4\nlogger 5\n", to: "app.logger")
        dir.truncate("app.log")
        writer.lines(1)
        #expect(tailer.poll() == TailChunk(lines: expected(5...7), changes: [.truncated]))
        #expect(tailer.poll() == TailChunk(lines: expected(8...8)))
    }

    @Test func withNoCopyTheBytesKnownUnreadAreReportedLost() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        // A small budget: the tailer knows the file holds more than it has read, as when it falls behind.
        let tailer = FileTailer(path: dir.file("app.log"), maxBytesPerPoll: 20)
        writer.lines(9)  // "line 1\n" … "line 9\n": 63 bytes
        #expect(tailer.poll().lines == expected(1...2))  // 20 bytes: two lines and "line "
        dir.copy("app.log", to: "app.log.1.gz")  // compressed at once: no copy to read
        dir.truncate("app.log")
        writer.lines(1)
        #expect(tailer.poll() == TailChunk(changes: [.truncated, .lost(bytes: 43)]))
        #expect(tailer.poll() == TailChunk(lines: expected(10...10)), "the partial line went with the lost bytes")
    }

    @Test func aRenamedFileIsReadUntilTheWriterMovesToTheNewOne() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"))
        writer.lines(2)
        #expect(tailer.poll().lines == expected(1...2))
        // logrotate `create`: renamed, a new empty file made; the logger has not reopened yet.
        dir.rename("app.log", to: "app.log.1")
        dir.append("", to: "app.log")
        writer.lines(2)
        #expect(tailer.poll() == TailChunk(lines: expected(3...4)))
        writer.lines(2)  // still the old file: a tailer that had moved to the empty new one lost these
        #expect(tailer.poll() == TailChunk(lines: expected(5...6)))
        #expect(tailer.heldFileCount == 2)
        writer.reopen()
        writer.lines(2)
        #expect(tailer.poll() == TailChunk(lines: expected(7...8), changes: [.rotated]))
        #expect(tailer.heldFileCount == 1)
    }

    @Test func renamedAgainBeforeTheWriterMovedIsStillReadInOrder() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"))
        writer.lines(1)
        #expect(tailer.poll().lines == expected(1...1))
        for round in 1...3 {
            // Each new empty file is rotated away before the logger ever writes to it.
            dir.rename("app.log", to: "app.log.\(round)")
            dir.append("", to: "app.log")
            writer.lines(1)
            #expect(tailer.poll() == TailChunk(lines: expected((round + 1)...(round + 1))))
        }
        #expect(tailer.heldFileCount == 4)
        writer.reopen()
        writer.lines(1)
        #expect(tailer.poll() == TailChunk(lines: expected(5...5), changes: [.rotated, .rotated, .rotated]))
        #expect(tailer.heldFileCount == 1)
    }

    @Test func filesHeldAreBounded() {
        let tailer = FileTailer(path: dir.file("app.log"))
        dir.append("first\n", to: "app.log")
        #expect(tailer.poll().lines == ["first"])
        for round in 1...(FileTailer.mostFilesHeld + 4) {
            dir.rename("app.log", to: "app.log.\(round)")
            dir.append("", to: "app.log")
            _ = tailer.poll()
            #expect(tailer.heldFileCount <= FileTailer.mostFilesHeld)
        }
    }

    @Test func noLineLostOrDuplicatedAcrossRepeatedRotations() {
        let writer = NumberedWriter(path: dir.file("app.log"))
        let tailer = FileTailer(path: dir.file("app.log"), maxBytesPerPoll: 40)
        var lines: [String] = []
        var changes: [TailChunk.Change] = []
        func poll() {
            // Several polls: a small per-poll budget means one poll may not reach the end.
            for _ in 0..<20 {
                let chunk = tailer.poll()
                lines += chunk.lines
                changes += chunk.changes
            }
        }
        for round in 0..<4 {
            writer.lines(3)
            poll()
            writer.lines(2)  // unread when the rotation starts
            // By rename: the writer goes on in the old file for a while, then reopens.
            dir.rename("app.log", to: "app.log.\(round)")
            writer.lines(2)
            writer.reopen()
            writer.lines(2)
            poll()
            writer.lines(1)
            // By delete and recreate.
            dir.remove("app.log")
            writer.lines(1)
            writer.reopen()
            writer.startLine()  // half a line across a poll
            poll()
            writer.endLine()
            poll()
            // By copytruncate: lines written after the last poll and before the copy are read from the copy;
            // writing then goes past the old offset.
            writer.lines(2)
            copyTruncate("app.log")
            writer.lines(6)
            poll()
        }
        let written = writer.next - 1
        #expect(lines == expected(1...written))
        #expect(changes.filter { $0 == .rotated }.count == 8)
        #expect(changes.filter { $0 == .truncated }.count == 4)
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let tailer = FileTailer(path: dir.file("app.log"))
        dir.append([0x61, 0xC3, 0x0A,              // a lead byte without its continuation
                    0xC0, 0xAF, 0x0A,              // an overlong '/'
                    0xED, 0xA0, 0x80, 0x0A,        // a UTF-16 surrogate
                    0x80, 0x62, 0x0A], to: "app.log")  // a lone continuation byte
        let lines = tailer.poll().lines
        #expect(lines.count == 4)
        #expect(lines[0] == "a\u{FFFD}")
        #expect(lines.allSatisfy { $0.contains("\u{FFFD}") })
        #expect(lines[3] == "\u{FFFD}b")
        // A valid character split across two polls is not damaged.
        dir.append([0x63, 0xC3], to: "app.log")
        #expect(tailer.poll().lines == [])
        dir.append([0xA9, 0x0A], to: "app.log")
        #expect(tailer.poll().lines == ["cé"])
    }

    @Test func aHugeLineIsCappedMarkedAndNeverHeldWhole() {
        let tailer = FileTailer(path: dir.file("app.log"), maxLineBytes: 1_000, maxBytesPerPoll: 64 * 1024)
        dir.append("before\n" + String(repeating: "z", count: 1_000_000) + "\nafter\n", to: "app.log")
        var lines: [String] = []
        var polls = 0
        var mostBuffered = 0
        while !lines.contains("after") && polls < 100 {
            lines += tailer.poll().lines
            mostBuffered = max(mostBuffered, tailer.bufferedByteCount)
            polls += 1
        }
        #expect(lines == ["before", String(repeating: "z", count: 1_000) + FileTailer.truncationMark, "after"])
        #expect(polls > 10, "a megabyte is spread over polls of 64 KiB")
        #expect(mostBuffered <= 1_000)
    }

    @Test func startAtEndOrAtTheBeginning() {
        dir.append("old 1\nold 2\n", to: "app.log")
        let fromEnd = FileTailer(path: dir.file("app.log"), startAtEnd: true)
        let fromStart = FileTailer(path: dir.file("app.log"))
        #expect(fromEnd.poll().lines == [])
        #expect(fromStart.poll().lines == ["old 1", "old 2"])
        dir.append("new\n", to: "app.log")
        #expect(fromEnd.poll().lines == ["new"])
        #expect(fromStart.poll().lines == ["new"])
        // Starting at the end applies to the first open only: after a rotation the new file is read whole.
        dir.rename("app.log", to: "app.log.1")
        dir.append("fresh 1\nfresh 2\n", to: "app.log")
        #expect(fromEnd.poll() == TailChunk(lines: ["fresh 1", "fresh 2"], changes: [.rotated]))
    }
}
