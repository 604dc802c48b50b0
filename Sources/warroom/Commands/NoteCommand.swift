import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// `warroom note TEXT...`: one note into a release's journal from any shell or script, beside the people
/// running `warroom run` on it (they see it within a second).
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to a release's journal (from a shell, a script or a deploy job).",
        discussion: """
        The journal is --journal, else $WARROOM_JOURNAL, else the one warroom-*.sqlite in the current directory; \
        a postgresql:// URL names a shared database, and --journal-name (or $WARROOM_JOURNAL_NAME) the release in it.
        It must exist already: a note never starts a journal. Prints nothing on success.
        Exit status: 0 recorded; 1 not recorded (the message says why); 64 bad usage, such as an empty note.
        """
    )

    @Argument(help: "The note. Several words are joined with spaces.")
    var text: [String]

    @Option(help: "The journal: a file or a postgresql:// URL. Default: $WARROOM_JOURNAL, else the one warroom-*.sqlite in the current directory.")
    var journal: String?

    @Option(name: .customLong("journal-name"), help: "The release's journal in a postgresql:// database. Default: $WARROOM_JOURNAL_NAME, else the database's only journal.")
    var journalName: String?

    @Option(name: .customLong("as"), help: "Your name in the journal. Default: your login name.")
    var actor: String?

    private var note: String { text.joined(separator: " ") }

    func validate() throws {
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the note is empty; give the text to record, e.g. warroom note \"cache warmed\"")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try Self.locate(journal, environment: environment, directory: FileManager.default.currentDirectoryPath)
        let name = journalName ?? environment["WARROOM_JOURNAL_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        let store = try JournalChoice(path, name: name, environment: environment).openExisting()
        let session = "note-\(ProcessInfo.processInfo.processIdentifier)"
        try store.append(JournalEntry(time: Date(), actor: actor ?? SessionOptions.loginName, session: session,
                                      event: .note(text: note)))
    }

    /// Which journal a note goes to. Guessing is only allowed when there is exactly one candidate: a note in
    /// the wrong release's journal is worse than none.
    static func locate(_ option: String?, environment: [String: String], directory: String) throws -> String {
        if let option { return option }
        if let variable = environment["WARROOM_JOURNAL"], !variable.isEmpty { return variable }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter(Journal.isDefaultName)
            .sorted()
        switch names.count {
        case 1: return names[0]
        case 0: throw CommandError("no journal given and no warroom-*.sqlite in \(directory). Pass --journal PATH or set WARROOM_JOURNAL.")
        default: throw CommandError("several journals in \(directory): \(names.joined(separator: ", ")). Pick one with --journal PATH or WARROOM_JOURNAL.")
        }
    }
}
