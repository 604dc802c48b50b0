import Foundation
import GRDB
import WarRoomCore

extension Journal {
    /// Checkpoints kept, the newest by seq whatever fold or plan wrote them: a resume needs only the newest for its
    /// own fold, and one of another build's is at worst a full fold for it.
    static let checkpointsKept = 3

    /// Stores `checkpoint`, folded from the journal's own `plan` (amendments are inside the fold), and drops all but the newest few. It is an optimisation, never
    /// an acknowledged action, so a caller may ignore a failure; a read-only journal is never written to.
    /// `lockWait` as for ``append(_:lockWait:)``.
    public func writeCheckpoint(_ checkpoint: FoldedState, plan: Plan, lockWait: TimeInterval?) throws(JournalError) {
        guard !queue.configuration.readonly else { throw .readOnly(path: path) }
        try guarding {
            let state = try JournalJSON.encode(checkpoint)
            let planHash = try Self.fingerprint(of: plan)
            try write(lockWait: lockWait) { db in
                try db.execute(
                    sql: "INSERT INTO checkpoints (seq, entries, format, plan_hash, state, written_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [checkpoint.journalSeq, checkpoint.entryCount, FoldedState.format, planHash, state,
                                Date().timeIntervalSince1970])
                try db.execute(sql: """
                    DELETE FROM checkpoints WHERE rowid NOT IN
                        (SELECT rowid FROM checkpoints ORDER BY seq DESC, rowid DESC LIMIT ?)
                    """, arguments: [Self.checkpointsKept])
            }
        }
    }

    /// The newest checkpoint written by fold `format` for `plan`, or nil: none, only other folds' or plans'
    /// (a forced plan can change how entries fold), or one that does not decode. Never throws: a bad
    /// checkpoint must not stop a resume, which folds the whole journal instead and reports a journal that
    /// cannot be read from there.
    public func latestCheckpoint(format: Int, plan: Plan) -> FoldedState? {
        guard let planHash = try? Self.fingerprint(of: plan) else { return nil }
        let row = try? queue.read { db in
            try Row.fetchOne(db, sql: """
                SELECT seq, state FROM checkpoints WHERE format = ? AND plan_hash = ?
                ORDER BY seq DESC, rowid DESC LIMIT 1
                """, arguments: [format, planHash])
        }
        // Read as raw values: a typed read of a column holding something else would trap, not fail.
        guard let row = row ?? nil,
              let seq = Int64.fromDatabaseValue(row[0]),
              let state = Data.fromDatabaseValue(row[1]),
              let checkpoint = try? JournalJSON.makeDecoder().decode(FoldedState.self, from: state),
              checkpoint.journalSeq == seq else { return nil }
        return checkpoint
    }

    /// The same hash `open` stores as `plan_hash`.
    private static func fingerprint(of plan: Plan) throws -> String {
        JournalJSON.fingerprint(try JournalJSON.encode(plan))
    }
}
