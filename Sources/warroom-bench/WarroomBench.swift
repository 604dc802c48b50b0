import ArgumentParser

/// `warroom-bench`: measures the war room's own code on this machine; `scripts/bench-logs` runs it beside awk and lnav.
@main
struct WarroomBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom-bench",
        abstract: "Measure warroom's log tail-and-parse speed, its memory over a long simulated release, its journal, how fast a shared journal carries an action to another war room, and the canary judge.",
        subcommands: [TailCommand.self, SoakCommand.self, JournalCommand.self, TrafficCommand.self, SharedLatencyCommand.self, JudgeCommand.self]
    )
}
