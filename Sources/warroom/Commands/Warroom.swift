import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomPlan

/// `warroom`: the terminal war room for release day.
@main
struct Warroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "A terminal war room for release day: rollout stage, metric thresholds, checklist, decision points and logs on one screen.",
        discussion: """
        Exit status: 0 success; 1 a plan, layout or journal could not be used (the message says why);
        64 bad command-line usage; 128+N ended by signal N (the terminal is restored first).
        """,
        version: WarroomVersion.current,
        subcommands: [DemoCommand.self, RunCommand.self, ValidateCommand.self, EvaluateCommand.self, InitCommand.self, ImportCommand.self, ExportCommand.self, LayoutsCommand.self, ReplayCommand.self, NoteCommand.self, JournalCommand.self]
    )

    /// Plan and layout diagnostics are already compiler-style (`file:line:col: error: …`), so they are printed
    /// as they are; everything else goes through ArgumentParser's usual `Error: …`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let diagnostics as PlanLoadError {
            Console.error(diagnostics.description + "\n")
            exit(withError: ExitCode.failure)
        } catch {
            // ArgumentParser's own message, through the console: errors quote journals and plans.
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message + "\n") } else { Console.error(message + "\n") }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
