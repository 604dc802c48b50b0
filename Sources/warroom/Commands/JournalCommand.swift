import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// `warroom journal`: journals as a whole, wherever they live (a SQLite file or a PostgreSQL database).
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Copy a journal between a file and PostgreSQL, or list the journals in a database.",
        subcommands: [JournalCopyCommand.self, JournalListCommand.self]
    )
}

/// `warroom journal copy FROM TO`: every entry, sample window and the plan, from one journal into another.
struct JournalCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a journal's entries, sample windows and plan into another journal.",
        discussion: """
        FROM and TO are each a journal file or a postgresql:// URL (the PG* variables fill what it leaves out). \
        The source is only read. TO is created with the source's plan when missing; a TO for another release is \
        refused. Running the copy again, or after it was interrupted, stores nothing twice. \
        Exit status: 0 copied; 1 not (the message names the journal and says why); 64 bad usage.
        """
    )

    @Argument(help: "The journal to copy: a file, or a postgresql:// URL.")
    var from: String

    @Argument(help: "The journal to copy into: a file, or a postgresql:// URL.")
    var to: String

    @Option(name: [.customLong("name"), .customLong("journal-name")],
            help: "The journal's name in a PostgreSQL database. Default: a PostgreSQL source's only journal, else the release's default name (<release>-<version>).")
    var name: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let fromAddress = try JournalLocation.parse(from, role: "FROM", environment: environment)
        let toAddress = try JournalLocation.parse(to, role: "TO", environment: environment)
        let (source, sourceName) = try JournalLocation.openSource(fromAddress, name: name)
        let plan = try source.storedPlan()
        let destination: any JournalStore
        do {
            // Opened, or started with the source's plan; one for another release is refused (`planMismatch`).
            destination = try toAddress.open(plan: plan, name: name ?? sourceName)
        } catch .planMismatch(let path, let stored, let given) {
            // The store's own sentence suggests --force, which would replace a journal's plan: not for a copy.
            throw CommandError("\(path): this journal is for \(stored); the one copied is for \(given). "
                                      + "Copy into another file, or another --name in a database: two releases' journals are never merged.")
        } catch {
            throw error
        }
        let summary = try JournalCopy(from: source, to: destination).run()
        Console.out("copied \(summary.copied) \(summary.copied == 1 ? "entry" : "entries") (\(summary.alreadyThere) already there) "
                    + "and \(summary.sampleWindows) sample \(summary.sampleWindows == 1 ? "window" : "windows") "
                    + "from \(source.location) to \(destination.location)\n")
    }
}

/// `warroom journal list URL`: the journals a PostgreSQL database holds, one name a line.
struct JournalListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the journals in a PostgreSQL database, one name a line.",
        discussion: "Given a journal file instead, says which release it holds (a file holds one journal)."
    )

    @Argument(help: "A postgresql:// URL (the PG* variables fill what it leaves out), or a journal file.")
    var url: String

    func run() throws {
        switch try JournalLocation.parse(url, role: "URL", environment: ProcessInfo.processInfo.environment) {
        case .postgres(let address):
            let names = try PostgresJournal.names(address)
            if names.isEmpty { Console.error("\(address.redacted): no journals in this database.\n") }
            Console.out(names.map { $0 + "\n" }.joined())
        case .sqlite(let path):
            let release = try Journal.openForReading(path: path).storedPlan().release
            Console.out("\(path): a file holds one journal; this one is for \(release.name) \(release.version)\n")
        }
    }
}

/// Reading the journal arguments of `warroom journal` and opening the stores they name.
enum JournalLocation {
    /// The argument as an address. A URL that cannot be read is not quoted back: it may hold a password.
    static func parse(_ text: String, role: String, environment: [String: String]) throws -> JournalAddress {
        do {
            return try JournalAddress.parse(text, environment: environment)
        } catch {
            throw CommandError("\(role) is not a usable PostgreSQL URL: \(error)")
        }
    }

    /// Opens the journal to copy, read-only where the store allows it (a file; a database session has no such mode),
    /// and never creates one. A database's journal is `name`, else the only one there; its name comes back with it.
    static func openSource(_ address: JournalAddress, name: String?) throws -> (store: any JournalStore, name: String?) {
        switch address {
        case .sqlite(let path):
            return (try Journal.openForReading(path: path), nil)
        case .postgres(let postgres):
            let chosen = try name ?? JournalChoice.onlyJournal(in: postgres)
            return (try PostgresJournal.openExisting(postgres, name: chosen), chosen)
        }
    }

}
