import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomPlan

/// `warroom layouts [FILE...]`: the built-in layouts, and a check of layout files.
struct LayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layouts",
        abstract: "List the built-in screen layouts, or check layout files.",
        discussion: "Pick one with `--layout NAME|FILE` on `run` or `demo`; a terminal too small for it gets 'compact'."
    )

    @Argument(help: "Layout files to check.")
    var files: [String] = []

    func run() throws {
        guard !files.isEmpty else {
            for name in Layouts.builtInNames {
                let layout = try Layouts.builtIn(name)
                Console.out("\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(layout.minWidth)x\(layout.minHeight) and up   \(Self.describe(layout.root))\n")
            }
            return
        }
        var failed = false
        for file in files {
            do {
                let layout = try LayoutLoader.load(path: file)
                Console.out("\(file): ok, '\(layout.name)' for \(layout.minWidth)x\(layout.minHeight) and up   \(Self.describe(layout.root))\n")
            } catch {
                Console.error(error.description + "\n")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// `rows[header, columns[rollout, metrics], status]`: the arrangement on one line.
    static func describe(_ node: LayoutNode) -> String {
        switch node {
        case .pane(let kind): kind.rawValue
        case .split(let axis, let children): "\(axis.rawValue)[\(children.map { describe($0.node) }.joined(separator: ", "))]"
        }
    }
}
