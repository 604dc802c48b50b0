import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// Damaged, read-only and full journals on real SQLite: every failure is the specific ``JournalError``
/// naming the file, never a crash, and a damaged file is never changed.
@Suite struct JournalFailureTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = TemporaryDirectory()
        path = directory.file("journal.sqlite")
    }

    /// A closed journal big enough to span many pages, so cutting it leaves a partial B-tree.
    func writeJournal(notes: Int = 200) throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        for entry in Fixtures.session { try journal.append(entry) }
        for index in 0..<notes {
            try journal.append(JournalEntry(time: Fixtures.at(Double(index)), actor: "ann", session: "s",
                                            event: .note(text: "note \(index) " + String(repeating: "x", count: 200))))
        }
    }

    func contents() -> Data? { FileManager.default.contents(atPath: path) }

    /// Every way in reports `expected` (or, opening for a plan, the same), and none changes the file.
    func expectRefused(_ expected: JournalError, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = contents()
        let attempts: [(String, () throws(JournalError) -> Void)] = [
            ("open", { () throws(JournalError) in _ = try Journal.open(path: path, plan: Fixtures.plan) }),
            ("openExisting", { () throws(JournalError) in _ = try Journal.openExisting(path: path) }),
            ("openForReading", { () throws(JournalError) in _ = try Journal.openForReading(path: path).entries() }),
        ]
        for (name, attempt) in attempts {
            do {
                try attempt()
                Issue.record("\(name) accepted a damaged journal", sourceLocation: sourceLocation)
            } catch {
                #expect(error == expected, "\(name)", sourceLocation: sourceLocation)
                #expect(error.description.hasPrefix(path + ": "), "\(name): \(error)", sourceLocation: sourceLocation)
            }
        }
        #expect(contents() == before, "a damaged journal must be left as it was", sourceLocation: sourceLocation)
    }

    @Test func journalCutInHalfIsCorrupt() throws {
        try writeJournal()
        let size = try #require(contents()?.count)
        #expect(truncate(path, off_t(size / 2)) == 0)
        expectRefused(.corrupt(path: path, detail: "database disk image is malformed"))
    }

    @Test func journalCutTo100BytesIsCorrupt() throws {
        try writeJournal(notes: 0)
        #expect(truncate(path, 100) == 0)
        expectRefused(.corrupt(path: path, detail: "database disk image is malformed"))
    }

    @Test func garbageOverTheHeaderIsNotADatabase() throws {
        try writeJournal(notes: 10)
        var data = try #require(contents())
        var generator = SystemRandomNumberGenerator()
        for index in 0..<100 { data[index] = UInt8.random(in: 0...255, using: &generator) }
        data[0] = 0  // never, by chance, "SQLite format 3"
        try data.write(to: URL(fileURLWithPath: path))
        expectRefused(.notADatabase(path: path))
    }

    @Test func zeroLengthFileIsNotAJournalForNoteOrExport() throws {
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: JournalError.emptyFile(path: path)) { try Journal.openExisting(path: path) }
        #expect(throws: JournalError.emptyFile(path: path)) { try Journal.openForReading(path: path) }
        #expect(contents() == Data())
        // `run` creates the empty file before SQLite fills it, and another process may be just there:
        // opening for a plan takes an empty file as a new journal.
        #expect(try Journal.open(path: path, plan: Fixtures.plan).entries().isEmpty)
    }

    @Test func readOnlyDirectoryRefusesANewJournalAndAClosedOne() throws {
        try writeJournal(notes: 0)
        try setMode(0o666, path)
        try setMode(0o555, directory.path)
        defer { try? setMode(0o755, directory.path) }
        let fresh = directory.file("new.sqlite")
        let (created, reopened, read) = try Unprivileged.run {
            (Self.failure { () throws(JournalError) in _ = try Journal.open(path: fresh, plan: Fixtures.plan) },
             // A closed WAL journal needs its -wal and -shm files created beside it before it can be written.
             Self.failure { () throws(JournalError) in _ = try Journal.open(path: path, plan: Fixtures.plan) },
             // Reading needs neither.
             Result { () throws(JournalError) in try Journal.openForReading(path: path).entries().count })
        }
        #expect(try read.get() == Fixtures.session.count)
        #expect(created == .cannotCreate(path: fresh, reason: "Permission denied"))
        #expect(created?.description.contains("directory is writable") == true)
        #expect(reopened == .readOnly(path: path))
        #expect(reopened?.description.contains("its directory is read-only") == true)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test func readOnlyFileRefusesWritesButExportStillReads() throws {
        try writeJournal(notes: 3)
        try setMode(0o444, path)
        try setMode(0o777, directory.path)
        defer { try? setMode(0o755, directory.path) }
        let (opened, existing, read) = try Unprivileged.run {
            (Self.failure { () throws(JournalError) in _ = try Journal.open(path: path, plan: Fixtures.plan) },
             Self.failure { () throws(JournalError) in _ = try Journal.openExisting(path: path) },
             Result { () throws(JournalError) in
                 let reader = try Journal.openForReading(path: path)
                 return (try reader.entries().count, try reader.storedPlan())
             })
        }
        #expect(opened == .readOnly(path: path), "refused before the screen opens, not at the first entry")
        #expect(opened?.description.contains("read-only") == true)
        #expect(existing == .readOnly(path: path))
        let (count, plan) = try read.get()
        #expect(count == Fixtures.session.count + 3)
        #expect(plan == Fixtures.plan)
    }

    /// The error `body` threw, or nil (which fails the comparison it is used in).
    static func failure(_ body: () throws(JournalError) -> Void) -> JournalError? {
        do { try body() } catch { return error }
        return nil
    }

    @Test func fullDiskRefusesTheEntryThenTakesItOnceThereIsRoom() throws {
        try FullDisk.withJournal(in: directory) { journal, fill, free in
            try journal.append(Fixtures.session[0])
            try fill()
            let big = JournalEntry(time: Fixtures.t0, actor: "ann", session: "s",
                                   event: .note(text: String(repeating: "disk full? ", count: 2_000)))
            let error = #expect(throws: JournalError.self) { try journal.append(big) }
            #expect(error == .diskFull(path: journal.path))
            #expect(error?.description.contains("Free some space") == true)
            #expect(try journal.entries().count == 1, "reading works on a full disk, and the refused entry is not half there")
            #expect(try Journal.openForReading(path: journal.path).storedPlan() == Fixtures.plan)

            try free()
            try journal.append(big)
            #expect(try journal.entries().map(\.event) == [Fixtures.session[0].event, big.event])
        }
    }

    @Test func aStuckLockIsReportedBusyAfterTheShortWaitAskedFor() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let holder = try Journal.openExisting(path: path)
        try holder.queue.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let started = Date()
            #expect(throws: JournalError.busy(path: path)) { try journal.append(Fixtures.session[0], lockWait: 0.2) }
            #expect(Date().timeIntervalSince(started) < 3, "a retry must not wait the whole busy timeout")
            #expect(try journal.entries().isEmpty, "readers are not blocked by a writer in WAL mode")
        }
        try journal.append(Fixtures.session[0], lockWait: 0.2)
        #expect(try journal.entries().count == 1)
    }

    @Test func noteNeverCreatesAndNothingTouchesAnotherDatabase() throws {
        #expect(throws: JournalError.fileMissing(path: path)) { try Journal.openExisting(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: JournalError.notAFile(path: directory.path)) { try Journal.openExisting(path: directory.path) }

        let foreign = Process()
        foreign.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        foreign.arguments = ["sqlite3", path, "CREATE TABLE photos (id INTEGER);"]
        try foreign.run()
        foreign.waitUntilExit()
        let before = contents()
        #expect(throws: JournalError.notAJournal(path: path)) { try Journal.openExisting(path: path) }
        #expect(throws: JournalError.notAJournal(path: path)) { try Journal.open(path: path, plan: Fixtures.plan) }
        #expect(contents() == before, "not even switched to WAL")
    }

    func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}

/// Runs file-system work as an unprivileged user. Root ignores file modes, and tests run as root in CI;
/// the file-system uid is per thread on Linux (and dropping it to non-zero clears root's override
/// capabilities), so a dedicated thread gets the same refusals as any engineer's account.
enum Unprivileged {
    private typealias SetID = @convention(c) (UInt32) -> Int32

    /// Runs `body` on a thread of its own as user and group 65534 (when root) and returns what it returned.
    /// Expectations belong outside: an issue recorded on that thread is not attributed to the test.
    static func run<T>(_ body: @escaping () -> T) throws -> T {
        guard geteuid() == 0 else { return body() }
        let library = dlopen(nil, RTLD_NOW)
        let setfsuid = unsafeBitCast(try #require(dlsym(library, "setfsuid")), to: SetID.self)
        let setfsgid = unsafeBitCast(try #require(dlsym(library, "setfsgid")), to: SetID.self)
        nonisolated(unsafe) var result: T?
        nonisolated(unsafe) let body = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = setfsgid(65534)
            _ = setfsuid(65534)
            defer {
                _ = setfsuid(0)
                _ = setfsgid(0)
                done.signal()
            }
            // setfsuid answers with the previous id: 65534 here means the switch took.
            if setfsuid(65534) == 65534 { result = body() }
        }
        thread.start()
        done.wait()
        return try #require(result, "could not switch the file-system user (no CAP_SETUID?)")
    }
}

/// A genuinely full disk: a tiny tmpfs filled to the brim where mounting is allowed (root outside a
/// locked-down container), else SQLite's page limit on the journal's own connection, which fails the
/// write with the same SQLITE_FULL.
enum FullDisk {
    static func withJournal(in directory: TemporaryDirectory,
                            _ body: (Journal, _ fill: () throws -> Void, _ free: () throws -> Void) throws -> Void) throws {
        let mountPoint = directory.file("tmpfs")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        if (try? command("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint)) != nil {
            defer { _ = try? command("umount", mountPoint) }
            let journal = try Journal.open(path: mountPoint + "/journal.sqlite", plan: Fixtures.plan)
            let filler = mountPoint + "/filler"
            try body(journal, {
                // Fill every free block; the write that finds none ends it.
                guard let handle = fopen(filler, "w") else { throw CocoaError(.fileWriteUnknown) }
                defer { fclose(handle) }
                let block = [UInt8](repeating: 0, count: 4096)
                while fwrite(block, 1, block.count, handle) == block.count, fflush(handle) == 0 {}
            }, { try FileManager.default.removeItem(atPath: filler) })
        } else {
            let journal = try Journal.open(path: directory.file("journal.sqlite"), plan: Fixtures.plan)
            try body(journal, {
                try journal.queue.inDatabase { db in
                    try db.execute(sql: "PRAGMA max_page_count = \(try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1)")
                }
            }, {
                try journal.queue.inDatabase { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
            })
        }
    }

    @discardableResult
    static func command(_ arguments: String...) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return process.terminationStatus
    }
}
