import ArgumentParser
import Foundation
import WarRoomPlan

/// `warroom import PLAN.md`: a team's Markdown release plan as a plan YAML to finish and validate.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a Markdown release plan (from the team's templates) into a plan YAML.",
        discussion: """
        Prints what was mapped, what was assumed to map it (a rate's unit, triggers from a list with no box ticked), \
        every line that was not mapped, and every placeholder never filled in: nothing is invented, nothing dropped. \
        Then checks the YAML it wrote as `warroom validate` would, and prints either "the plan validates" or \
        what is still missing or wrong, with the line and column in that YAML. \
        Exits 0 once the YAML is written, even when it still needs finishing; 1 when nothing could be written.
        """
    )

    @Argument(help: "The Markdown release plan.")
    var markdown: String

    @Option(name: .shortAndLong, help: "Write the YAML here instead of standard output.")
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        // Read as plans are: at most 1 MiB, and bytes that are not UTF-8 named by line and column.
        let result = try MarkdownImporter.convert(path: markdown)
        report(result.report + "\n")
        if let output {
            if FileManager.default.fileExists(atPath: output), !force { throw ExistingFile(path: output) }
            try result.yaml.write(toFile: output, atomically: true, encoding: .utf8)
            report("wrote \(output)\n")
        } else {
            Console.out(result.yaml)
        }
        report(verdict(on: result.yaml, file: output ?? "(standard output)"))
    }

    /// The validator's word on the YAML just written: the same checks as `validate`, pointing into that YAML.
    private func verdict(on yaml: String, file: String) -> String {
        let (plan, checked) = PlanLoader.check(text: yaml, file: file)
        let rendered = checked.diagnostics.isEmpty ? "" : checked.description + "\n"
        guard plan != nil else {
            let count = checked.errors.count + checked.omittedErrors
            return rendered + "the plan does not validate yet: \(count) error\(count == 1 ? "" : "s") above to fix in \(file)\n"
        }
        let warnings = checked.warnings.count
        return rendered + "the plan validates" + (warnings == 0 ? "\n" : " (\(warnings) warning\(warnings == 1 ? "" : "s") above)\n")
    }

    private func report(_ text: String) {
        Console.error(text)
    }
}
