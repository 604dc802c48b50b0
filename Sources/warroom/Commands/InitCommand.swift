import ArgumentParser
import Foundation

/// `warroom init [FILE]`: a commented starter plan to fill in.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter release plan to fill in."
    )

    @Argument(help: "Where to write it.")
    var file: String = "plan.yaml"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: file), !force {
            throw ExistingFile(path: file)
        }
        try EmbeddedFiles.files["fixtures/plans/starter.yaml"]!.write(toFile: file, atomically: true, encoding: .utf8)
        Console.out("wrote \(file): fill it in, then `warroom validate \(file)` and `warroom run \(file)`\n")
    }
}

/// `init` never overwrites a plan someone may have filled in, unless asked to.
struct ExistingFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) already exists; choose another name, or pass --force to replace it" }
}
