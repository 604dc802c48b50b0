/// Why a journal could not be opened, read or written, worded for the person at the terminal.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    case directoryMissing(path: String, directory: String)
    case cannotCreate(path: String, reason: String)
    case fileMissing(path: String)
    case notAFile(path: String)
    /// A zero-length file: not a journal yet, and not for `note` or `export` to turn into one.
    case emptyFile(path: String)
    case notADatabase(path: String)
    case notAJournal(path: String)
    case corrupt(path: String, detail: String)
    case unreadable(path: String, detail: String)
    case readOnly(path: String)
    case busy(path: String)
    case diskFull(path: String)
    /// The operating system failed a read or write (an immutable file, a failing disk, a file changed underneath).
    case ioError(path: String, detail: String)
    case newerFormat(path: String)
    /// The journal is another release's (`stored` and `given` name each release and version).
    case planMismatch(path: String, stored: String, given: String)
    case undecodable(path: String, what: String, detail: String)
    case database(path: String, detail: String)
    /// A fenced append (``Journal/append(asEvaluator:_:after:lockWait:)``) from a session that does not hold the
    /// evaluator lease: another war room took it, or this one released it. `holder` is the actor of the war room
    /// that holds it now, nil when none does.
    case notEvaluator(path: String, holder: String?)
    /// A fenced append found entries after the `seq` its caller had folded up to: the caller folds them in and
    /// evaluates again before journaling what it saw.
    case moved(path: String)
    /// The database server of a shared journal cannot be reached (refused, timed out, TLS failed); `url` is the
    /// journal's URL without its password.
    case unreachable(url: String, detail: String)
    /// The database server answered but refused: a wrong password, a missing database, a role without rights.
    case refused(url: String, detail: String)
    /// The database has no journal by that name: `note`, `export` and `replay` never start one.
    case noSuchJournal(url: String, name: String)

    public var description: String {
        switch self {
        case .directoryMissing(let path, let directory):
            "\(path): the directory \(directory) does not exist. Create it (mkdir -p \(directory)) or pass another --journal."
        case .cannotCreate(let path, let reason):
            "\(path): cannot create the journal (\(reason)). Check that the directory is writable, or pass another --journal."
        case .fileMissing(let path):
            "\(path): no such journal. Check the path, or run `warroom run` first to start one."
        case .notAFile(let path):
            "\(path): is a directory, not a journal file. Pass a file path to --journal."
        case .emptyFile(let path):
            "\(path): is an empty file, not a journal. Pass the journal that `warroom run` wrote, or delete the empty file."
        case .notADatabase(let path):
            "\(path): is not a warroom journal (not an SQLite database). Pass another --journal; warroom will not overwrite it."
        case .notAJournal(let path):
            "\(path): is an SQLite database but not a warroom journal. Pass another --journal; warroom will not change it."
        case .corrupt(let path, let detail):
            "\(path): the journal is corrupt (\(detail)). Keep a copy for the post-mortem, try `sqlite3 \(path) .recover`, and start a new --journal."
        case .unreadable(let path, let detail):
            "\(path): cannot open the journal (\(detail)). Check its permissions and those of its directory."
        case .readOnly(let path):
            "\(path): the journal or its directory is read-only. Fix the permissions, or pass a writable --journal."
        case .busy(let path):
            "\(path): the journal stayed locked by another process. Check for a stuck warroom process and retry."
        case .diskFull(let path):
            "\(path): the disk is full; the entry was not recorded. Free some space and retry."
        case .ioError(let path, let detail):
            "\(path): the journal could not be read or written (\(detail)). Check the disk, free space and the file's attributes (lsattr), then retry."
        case .newerFormat(let path):
            "\(path): the journal was written by a newer warroom. Upgrade warroom to read it."
        case .planMismatch(let path, let stored, let given):
            "\(path): this journal is for \(stored); the plan is for \(given). Pass another --journal for that release, or --force to replace the journal's plan."
        case .undecodable(let path, let what, let detail):
            "\(path): cannot read \(what) (\(detail)). It may come from another warroom version; upgrade warroom or export with the version that wrote it."
        case .database(let path, let detail):
            "\(path): the journal failed (\(detail)). Retry; if it persists, keep the file and start a new --journal."
        case .notEvaluator(let path, let holder?):
            "\(path): another war room (\(holder)'s) evaluates now; this one only shows the journal."
        case .notEvaluator(let path, nil):
            "\(path): this war room does not hold the evaluator lease; it only shows the journal until it takes the lease."
        case .moved(let path):
            "\(path): other entries arrived while this war room evaluated; it evaluates again."
        case .unreachable(let url, let detail):
            "\(url): cannot reach the journal's database (\(detail)). Check the host and port, that the server runs, and the network."
        case .refused(let url, let detail):
            "\(url): \(detail)."
        case .noSuchJournal(let url, let name):
            "\(url): no journal named '\(name)'. Check --journal-name (`warroom journal list \(url)` names them), or run `warroom run` first to start one."
        }
    }
}

extension JournalError {
    /// A few words for a status line that has no room for the whole sentence.
    public var shortReason: String {
        switch self {
        case .directoryMissing: "directory missing"
        case .cannotCreate: "cannot create the file"
        case .fileMissing: "file missing"
        case .notAFile: "not a file"
        case .emptyFile: "empty file"
        case .notADatabase, .notAJournal: "not a journal"
        case .corrupt: "journal corrupt"
        case .unreadable: "cannot open the journal"
        case .readOnly: "journal read-only"
        case .busy: "locked by another process"
        case .diskFull: "disk full"
        case .ioError(_, let detail): detail
        case .newerFormat: "newer journal format"
        case .planMismatch: "another release"
        case .undecodable: "undecodable entry"
        case .database(_, let detail): detail
        case .notEvaluator(_, .some): "another war room evaluates"
        case .notEvaluator(_, nil): "not the evaluator"
        case .moved: "other entries arrived"
        case .unreachable(_, let detail): detail
        case .refused(_, let detail): detail
        case .noSuchJournal: "no such journal"
        }
    }
}
