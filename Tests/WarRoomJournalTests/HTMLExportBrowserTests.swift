import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The HTML export as a browser sees it: headless Chromium loads the file (and nothing else), and its DOM
/// has the hostile note as text, no script element, and one chart per metric; a screenshot is taken too. A second
/// page holds the communication section with the hostile-text corpus posted as a status update.
/// CI must run it (scripts/install-deps installs chromium); elsewhere it skips when chromium is missing.
@Suite(.serialized) struct HTMLExportBrowserTests {
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

    @Test(.enabled(if: chromium != nil || inCI, "chromium is not installed (scripts/install-deps installs it); skipped outside CI"),
          .timeLimit(.minutes(1)))
    func chromiumRendersTheExportSafely() throws {
        guard let chromium = Self.chromium else {
            Issue.record("chromium is not installed, and CI must run this test: scripts/install-deps installs the Debian package")
            return
        }
        let directory = TemporaryDirectory()
        let page = directory.file("postmortem.html")
        let html = HTMLExport.render(plan: HTMLExportTests.hostilePlan, entries: HTMLExportTests.hostileEntries,
                                     samples: HTMLExportTests.hostileSamples)
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let metrics = PostMortem(plan: HTMLExportTests.hostilePlan, entries: [], samples: HTMLExportTests.hostileSamples).series.count

        let dom = try Self.run(chromium, ["--dump-dom", "file://" + page], profile: directory.file("profile-dom"))
        #expect(dom.contains("</html>"), "chromium printed no DOM:\n\(dom.prefix(500))")
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the note is text in the page")
        #expect(!dom.lowercased().contains("<script"), "no script element in the DOM")
        #expect(!dom.lowercased().contains("<img"), "the plan's text made no element")
        #expect(dom.components(separatedBy: "<svg").count - 1 == metrics && metrics == 2)

        let shot = directory.file("postmortem.png")
        _ = try Self.run(chromium, ["--screenshot=" + shot, "--window-size=1100,1600", "--hide-scrollbars", "file://" + page],
                         profile: directory.file("profile-shot"))
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(png.count > 20_000, "a blank page compresses to a few kilobytes; this one has \(png.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["WARROOM_KEEP_SCREENSHOT"] {
            try? png.write(to: URL(fileURLWithPath: keep))
        }

        let comms = directory.file("comms.html")
        try HTMLExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries).write(toFile: comms, atomically: true, encoding: .utf8)
        let commsDOM = try Self.run(chromium, ["--dump-dom", "file://" + comms], profile: directory.file("profile-comms"))
        let section = try #require(commsDOM.range(of: "<section id=\"communication\">").map { commsDOM[$0.lowerBound...] },
                                   "the communication section renders:\n\(commsDOM.prefix(500))")
        let communication = section[..<(section.range(of: "</section>")?.upperBound ?? section.endIndex)]
        #expect(communication.contains("&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;img src=x onerror=alert(1)&gt;\n"),
                "the update is text, its lines kept")
        #expect(communication.contains("<span class=\"badge bad\">GAVE UP</span>"))
        #expect(communication.components(separatedBy: "<tr").count - 1 == 1 + 7, "a header row and one row per notice")
        let lowered = commsDOM.lowercased()
        #expect(!lowered.contains("<script") && !lowered.contains("<img") && !lowered.contains("<svg onload"), "no element from the text")
        #expect(commsDOM.components(separatedBy: "<svg").count - 1 == 2, "the metrics' charts and no other")
    }

    /// Runs headless chromium with its own throwaway profile; its standard output, after at most 30 s.
    static func run(_ chromium: String, _ arguments: [String], profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile]
            + arguments
        let output = profile + ".out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish within 30 s")
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
