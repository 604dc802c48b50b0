import ArgumentParser
import Foundation

/// Options shared by the commands that open the war room screen.
struct SessionOptions: ParsableArguments {
    @Option(help: "The journal file (SQLite). Default: derived from the release name and version, in the current directory.")
    var journal: String?

    @Option(help: "A layout: 'default', 'compact', or the path of a layout file. A terminal too small for it gets 'compact'.")
    var layout: String = "default"

    @Option(name: .customLong("as"), help: "Your name in the journal. Default: your login name.")
    var actor: String?

    @Flag(help: "Open a journal written for a different plan anyway.")
    var force = false

    var resolvedActor: String { actor ?? Self.loginName }

    /// Who is at the keyboard when `--as` is not given: the login name from the environment, else the account.
    static var loginName: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
        if let account = getpwuid(getuid())?.pointee.pw_name { return String(cString: account) }
        return "unknown"
    }
}
