import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomJournal

/// Options shared by the commands that open the war room screen.
struct SessionOptions: ParsableArguments {
    @Option(help: "The journal: a SQLite file, or a postgresql:// URL of a database the team shares (PG* variables and PGPASSWORD are honoured). Default: a file named after the release, in the current directory.")
    var journal: String?

    @Option(name: .customLong("journal-name"), help: "The release's journal in a postgresql:// database. Default: the release's name and version, e.g. checkout-service-2.14.0.")
    var journalName: String?

    @Option(help: "Where actions wait while a postgresql:// journal's database cannot be reached. Default: a file under $XDG_STATE_HOME/warroom/spool (~/.local/state/warroom/spool).")
    var spool: String?

    @Option(help: "A layout: 'default', 'compact', or the path of a layout file. A terminal too small for it gets 'compact'.")
    var layout: String = "default"

    @Option(name: .customLong("as"), help: "Your name in the journal. Default: your login name.")
    var actor: String?

    @Flag(help: "Open a journal written for a different plan anyway.")
    var force = false

    @Flag(name: .customLong("readonly"),
          help: "Run nothing from this war room: no rollback step's command, no promote or abort through the rollout controller. Decisions are still journaled, and every key that would run something says so.")
    var readOnly = false

    @Option(name: .customLong("lease-timeout"),
            help: "How long the war room that evaluates (runs the feeds and rules for everyone on the journal) may go without renewing its lease before another takes over, e.g. 5s or 1m.")
    var leaseTimeoutText: String = "5s"

    /// ``leaseTimeoutText`` in seconds; checked by `validate()`.
    var leaseTimeout: TimeInterval { DurationText.parse(leaseTimeoutText) ?? 5 }

    func validate() throws {
        guard let seconds = DurationText.parse(leaseTimeoutText), seconds >= 2, seconds <= 300 else {
            throw ValidationError("--lease-timeout must be a duration from 2s to 5m, such as 5s or 30s (got '\(leaseTimeoutText)')")
        }
    }

    /// The journal `--journal` names, or the file named after the plan's release in the current directory.
    func journalChoice(for plan: Plan) throws -> JournalChoice {
        try JournalChoice(journal ?? Journal.defaultPath(for: plan, in: FileManager.default.currentDirectoryPath),
                          name: journalName ?? Journal.defaultName(for: plan))
    }

    var resolvedActor: String { actor ?? Self.loginName }

    /// Who is at the keyboard when `--as` is not given: the login name from the environment, else the account.
    static var loginName: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
        if let account = getpwuid(getuid())?.pointee.pw_name { return String(cString: account) }
        return "unknown"
    }
}
