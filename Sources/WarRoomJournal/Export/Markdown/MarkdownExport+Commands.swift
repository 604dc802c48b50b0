import Foundation
import WarRoomCore

extension MarkdownExport {
    /// The commands run from the war room (rollback steps), each with how it ended and what it printed.
    static func commands(_ report: PostMortem) -> [String] {
        let commands = report.commands, unfinished = report.unfinishedCommands
        guard !commands.isEmpty || !unfinished.isEmpty else { return [] }
        var lines = ["## Commands run"]
        for run in commands {
            let status = switch run.exitStatus {
            case 0?: "exit 0"
            case let code?: "**exit \(code)**"
            case nil: "**did not finish**"
            }
            lines += ["", "- \(report.when(run.entry.time)), \(MarkdownText.inline(run.entry.actor)): "
                + "\(MarkdownText.inline(run.command)) — \(status)", ""]
            lines += MarkdownText.fenced(run.output.isEmpty ? "(no output)" : run.output).map { "  " + $0 }
        }
        for start in unfinished {
            lines += ["", "- \(report.when(start.at)), \(MarkdownText.inline(start.by)): \(MarkdownText.inline(start.command)) — "
                + "**started (step \(start.step + 1)), no result in the journal**: " + report.whyNoResult(start)]
        }
        return lines
    }
}
