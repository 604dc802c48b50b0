import Foundation
import Testing
import WarRoomCore
@testable import WarRoomUI

/// The key map is the one place keys are described: the README's tables, the help and the status bar all come from it.
@Suite struct KeyMapTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func theReadmeTablesAreTheKeyMaps() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let live = KeyMap<KeyAction>.live.markdownTable
        let replay = KeyMap<ReplayKeyAction>.replay.markdownTable
        let (hasLive, hasReplay) = (readme.contains(live), readme.contains(replay))
        #expect(hasLive, "README's key table differs from KeyMap.live; it should read:\n\(live)")
        #expect(hasReplay, "README's replay key table differs from KeyMap.replay; it should read:\n\(replay)")
    }

    @Test func everyActionHasAKeyAndEveryKeyOneAction() {
        let bound = Set(KeyMap<KeyAction>.live.rows.flatMap(\.bindings.values))
        #expect(bound == Set(KeyAction.allCases), "unbound: \(Set(KeyAction.allCases).subtracting(bound))")
    }

    @Test func theLogKeysRecordNothing() {
        // A key that searches or moves through the logs must never be one that writes to the journal.
        let logs: [KeyAction] = [.search, .nextMatch, .previousMatch, .filterMatches, .cycleLevel, .nextError,
                                 .previousError, .togglePause, .oldest, .newest]
        for action in logs { #expect(!action.records) }
        for key in ["s", "p", "r", "d", "a", "n", " "] {
            #expect(KeyMap<KeyAction>.live.action(for: .character(Character(key)))?.records == true, "\(key) records")
        }
    }

    @Test func theHelpListsEveryRowAndTheStatusBarOnlyMappedKeys() throws {
        let state = try Scene.midRelease()
        var view = ViewState(journalPath: "j.sqlite")
        view.modal = .help
        // Tall enough for every row unscrolled (a shorter screen scrolls the help).
        var buffer = Buffer(width: 120, height: 70)
        DialogView(state: state, modal: .help).render(into: &buffer, area: buffer.area)
        let text = buffer.lines.joined(separator: "\n")
        for row in KeyMap<KeyAction>.live.rows { #expect(text.contains(row.label), "help lacks \(row.label)") }
        var bar = Buffer(width: 200, height: 1)
        StatusBar(state: state, view: view).render(into: &bar, area: bar.area)
        let hints = Set(KeyMap<KeyAction>.live.rows.compactMap { $0.hint.map { $0.key + ":" } })
        for hint in bar.lines[0].split(separator: " ").filter({ $0.contains(":") }) where !hint.hasPrefix("journal") {
            let key = hint.prefix { $0 != ":" } + ":"
            #expect(hints.contains(String(key)), "status bar offers \(hint), which the key map does not have")
        }
    }
}
