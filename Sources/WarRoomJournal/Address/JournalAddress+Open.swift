import Foundation
import WarRoomCore

extension JournalAddress {
    /// Opens the journal here, or starts it with `plan`: the file, or the journal `name` in the database (by default
    /// the release's own name, `checkout-service-2.14.0`). One for another release is refused unless `force`.
    public func open(plan: Plan, name: String? = nil, force: Bool = false) throws(JournalError) -> any JournalStore {
        switch self {
        case .sqlite(let path): try Journal.open(path: path, plan: plan, force: force)
        case .postgres(let address): try PostgresJournal.open(address, name: name ?? Journal.defaultName(for: plan), plan: plan, force: force)
        }
    }

    /// Opens the journal as a war room does: a database waits at most ``PostgresJournal/warRoomDeadline`` for an answer
    /// and has a durable spool on this machine in front (`spool`, else ``SpooledJournal/defaultPath(for:environment:)``).
    public func openForWarRoom(plan: Plan, name: String? = nil, force: Bool = false, spool: String? = nil,
                               environment: [String: String]) throws(JournalError) -> any JournalStore {
        switch self {
        case .sqlite(let path):
            return try Journal.open(path: path, plan: plan, force: force)
        case .postgres(let address):
            let shared = try PostgresJournal.open(address, name: name ?? Journal.defaultName(for: plan), plan: plan, force: force,
                                                 patience: PostgresJournal.warRoomDeadline)
            return try SpooledJournal(shared: shared, spoolPath: spool ?? SpooledJournal.defaultPath(for: shared, environment: environment))
        }
    }
}
