import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct CommandOutcomeJournalTests {
    @Test func keepsOutputThenErrorsAndSaysWhyACommandDidNotExit() {
        let exited = CommandOutcome.finished(.exited(2), output: Array("done".utf8), errorOutput: Array("warning: slow\n".utf8))
        #expect(exited.exitStatus == 2)
        #expect(exited.journalText() == "done\nwarning: slow\n")
        let killed = CommandOutcome.finished(.signalled(9), output: Array("half\n".utf8), errorOutput: [])
        #expect(killed.exitStatus == nil)
        #expect(killed.journalText() == "half\n[warroom: killed by signal 9]")
        #expect(CommandOutcome.timedOut(after: .seconds(600)).journalText() == "[warroom: timed out after 600 s and was killed]")
        #expect(CommandOutcome.couldNotRun("no /bin/sh").journalText() == "[warroom: could not run: no /bin/sh]")
    }

    @Test func aLongOutputKeepsItsEndWithoutCuttingACharacter() {
        let output = String(repeating: "é", count: 100) + "the end"
        let text = CommandOutcome.finished(.exited(1), output: Array(output.utf8), errorOutput: []).journalText(limit: 20)
        #expect(text.hasPrefix("[warroom: the first 188 bytes are not kept]\n"))
        #expect(text.hasSuffix("ééééééthe end"))
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test func aResultCarriesTheRequest() {
        let request = CommandRequest(step: 1, command: "true", actor: "sam")
        let result = CommandResult(request: request, outcome: .finished(.exited(0), output: [], errorOutput: []))
        #expect(result == CommandResult(request: request, exitStatus: 0, output: ""))
    }
}
