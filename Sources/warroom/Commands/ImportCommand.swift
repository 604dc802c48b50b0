import ArgumentParser
import Foundation
import WarRoomPlan

/// `warroom import PLAN.md`: a team's Markdown release plan as a plan YAML to finish and validate.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a Markdown release plan (from the team's templates) into a plan YAML.",
        discussion: "Prints what was mapped, what was not, and every placeholder never filled in (nothing is invented). Then run `warroom validate` on the result."
    )

    @Argument(help: "The Markdown release plan.")
    var markdown: String

    @Option(name: .shortAndLong, help: "Write the YAML here instead of standard output.")
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        let result = MarkdownImporter.convert(markdown: text, file: markdown)
        FileHandle.standardError.write(Data((result.report + "\n").utf8))
        guard let output else { return print(result.yaml, terminator: "") }
        if FileManager.default.fileExists(atPath: output), !force { throw ExistingFile(path: output) }
        try result.yaml.write(toFile: output, atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("wrote \(output): next, `warroom validate \(output)`\n".utf8))
    }
}
