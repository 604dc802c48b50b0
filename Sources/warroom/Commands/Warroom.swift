import ArgumentParser

/// `warroom`: the terminal war room for release day.
@main
struct Warroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "A terminal war room for release day: rollout stage, metric thresholds, checklist, decision points and logs on one screen.",
        discussion: """
        Exit status: 0 success; 1 a plan, layout or journal could not be used (the message says why);
        64 bad command-line usage; 128+N ended by signal N (the terminal is restored first).
        """,
        subcommands: [DemoCommand.self, RunCommand.self, ExportCommand.self]
    )
}
