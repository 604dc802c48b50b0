import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// The journal a command was pointed at: a SQLite file, or a `postgresql://` URL and the name of one release's journal
/// in that database. Every command opens its journal through here, so a URL works wherever a path does.
struct JournalChoice {
    let address: JournalAddress
    /// The journal's name in a database; nil to take the release's default name (`run`, `demo`) or the database's only
    /// journal (`note`, `export`, `replay`).
    let name: String?

    init(_ text: String, name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        do {
            address = try JournalAddress.parse(text, environment: environment)
        } catch {
            throw ValidationError("the journal URL cannot be used: \(error). Write postgresql://user@host:5432/dbname?sslmode=require")
        }
        self.name = name
    }

    /// How messages name it: the path, or the URL without its password and the journal's name.
    var description: String {
        switch address {
        case .sqlite(let path): path
        case .postgres(let database): "\(database.redacted) (journal \(name ?? "?"))"
        }
    }

    /// What to pass to `warroom export` for this journal.
    var exportArguments: String {
        switch address {
        case .sqlite(let path): path
        case .postgres(let database): "'\(database.redacted)'" + (name.map { " --journal-name \($0)" } ?? "")
        }
    }

    /// For a war room: opened, or started with `plan`; a database gets a durable spool on this machine in front.
    func openForSession(plan: Plan, force: Bool, spool: String?) throws -> any JournalStore {
        try address.openForWarRoom(plan: plan, name: name, force: force, spool: spool,
                                   environment: ProcessInfo.processInfo.environment)
    }

    /// For appending to a journal that must exist (`note`, an export's record): never starts one.
    func openExisting() throws -> any JournalStore {
        switch address {
        case .sqlite(let path): try Journal.openExisting(path: path)
        case .postgres(let database): try PostgresJournal.openExisting(database, name: try name ?? Self.onlyJournal(in: database))
        }
    }

    /// For `export` and `replay`: a file is opened read-only; a database journal is only read.
    func openForReading() throws -> any JournalStore {
        switch address {
        case .sqlite(let path): try Journal.openForReading(path: path)
        case .postgres(let database): try PostgresJournal.openExisting(database, name: try name ?? Self.onlyJournal(in: database))
        }
    }

    /// A database's only journal: with several, guessing would risk the wrong release.
    static func onlyJournal(in database: PostgresAddress) throws -> String {
        let names = try PostgresJournal.names(database)
        switch names.count {
        case 1: return names[0]
        case 0: throw CommandError("\(database.redacted) holds no journal yet; `warroom run --journal \(database.redacted)` starts one")
        default:
            throw CommandError("\(database.redacted) holds several journals: \(names.joined(separator: ", ")). Name one with --journal-name.")
        }
    }
}
