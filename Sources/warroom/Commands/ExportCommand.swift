import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// `warroom export JOURNAL`: the post-mortem, written from the journal alone (read-only), then noted in
/// the journal when the journal can take it.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the post-mortem of a journal.",
        discussion: """
        markdown: the post-mortem (summary, timeline, stages, metrics per stage, triggers, decisions with \
        evidence, checklist, commands, notes). json: one document with every event and sample window. \
        ndjson: the same as one JSON object per line. html: one self-contained page with a chart per metric. \
        The formats are described in docs/export-format.md.
        """
    )

    @Argument(help: "The journal written by `warroom run` or `warroom demo`: its file, or its postgresql:// URL.")
    var journal: String

    @Option(name: .customLong("journal-name"), help: "The release's journal in a postgresql:// database. Default: the database's only journal.")
    var journalName: String?

    @Option(help: "Output format: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ExportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write to this file (atomically, mode 0600 like the journal) instead of standard output; - is standard output.")
    var output: String?

    @Option(name: .customLong("as"), help: "Your name in the journal's export_made entry. Default: your login name.")
    var actor: String?

    func run() throws {
        let text = try format.render(try JournalChoice(journal, name: journalName).openForReading())
        guard let output, output != "-" else {
            Console.out(text)
            return
        }
        try ExportFile.write(text, to: output)
        record(file: URL(fileURLWithPath: output).standardizedFileURL.path)
    }

    /// Appends `export_made` so the journal tells where its post-mortem went. The journal is opened as it is,
    /// without a plan, so its plan and hash stay untouched; a journal that cannot take the entry (read-only file
    /// or directory, busy) leaves the export standing.
    private func record(file: String) {
        let session = "export-" + String(UUID().uuidString.prefix(8)).lowercased()
        do {
            let writer = try JournalChoice(journal, name: journalName).openExisting()
            try writer.append(JournalEntry(time: Date(), actor: actor ?? SessionOptions.loginName, session: session,
                                           event: .exportMade(format: format.rawValue, file: file)))
        } catch {
            let note = "warroom: wrote \(file), but the export was not recorded in the journal: \(error)\n"
            Console.error(note)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
