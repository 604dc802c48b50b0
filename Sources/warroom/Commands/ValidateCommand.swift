import ArgumentParser
import Foundation
import WarRoomPlan

/// `warroom validate PLAN`: every problem at once, compiler style; a summary when the plan is sound.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a release plan: every error and warning with file:line:col, or a summary of a valid plan.",
        discussion: "Exits 0 when the plan is valid (warnings allowed), 1 when it has errors. `run` and `demo` use the same checks."
    )

    @Argument(help: "The release plan (YAML).")
    var plan: String

    func run() throws {
        let (loaded, report) = PlanLoader.check(path: plan)
        if !report.diagnostics.isEmpty {
            Console.error(report.description + "\n")
        }
        guard let loaded else {
            let count = report.errors.count + report.omittedErrors
            Console.error("\(plan): \(count) error\(count == 1 ? "" : "s"); the plan was not loaded\n")
            throw ExitCode.failure
        }
        Console.out(PlanSummary.render(loaded, file: plan, warnings: report.warnings.count))
    }
}
