import ArgumentParser
import Foundation
import WarRoomJournal

/// `warroom export JOURNAL`: the post-mortem, written from the journal alone.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the post-mortem of a journal."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
    }

    @Argument(help: "The journal file written by `warroom run` or `warroom demo`.")
    var journal: String

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .markdown

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let source = try Journal.openForReading(path: journal)
        let text = MarkdownExport.render(plan: try source.storedPlan(), entries: try source.entries(after: 0))
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}
