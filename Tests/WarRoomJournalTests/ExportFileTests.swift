import Foundation
import Testing
import WarRoomTestSupport
import WarRoomJournal

/// An export file is as private as the journal it copies, however it comes to exist.
@Suite struct ExportFileTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue
    }

    @Test func aNewExportIsReadableByItsOwnerOnly() throws {
        let directory = TemporaryDirectory("export")
        let path = directory.file("postmortem.md")
        try ExportFile.write("# Post-mortem\n", to: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# Post-mortem\n")
    }

    @Test func overwritingAnOpenExportMakesItPrivate() throws {
        let directory = TemporaryDirectory("export")
        let path = directory.file("postmortem.html")
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try ExportFile.write("new", to: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["postmortem.html"],
                "no temporary file is left behind")
    }

    @Test func aFailedWriteNamesTheFileAndWhy() throws {
        let directory = TemporaryDirectory("export")
        let path = directory.file("missing/postmortem.md")
        let error = #expect(throws: ExportFileError.self) { try ExportFile.write("x", to: path) }
        #expect(error?.description == "cannot write the export to \(path): No such file or directory")
    }
}
