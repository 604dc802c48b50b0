import Foundation
import WarRoomCore
import WarRoomPlan

/// The built-in layouts (carried in the binary) and layout files named on the command line.
enum Layouts {
    static let builtInNames = ["default", "compact"]

    static func builtIn(_ name: String) throws -> LayoutSpec {
        let file = "layouts/\(name).yaml"
        guard let text = EmbeddedFiles.files[file] else { throw LayoutChoiceError(name: name) }
        return try LayoutLoader.load(text: text, file: file)
    }

    /// The preferred layout and the compact one a small terminal falls back to.
    static func resolve(_ choice: String) throws -> (preferred: LayoutSpec, compact: LayoutSpec) {
        let compact = try builtIn("compact")
        if choice == "default" || choice == "compact" { return (try builtIn(choice), compact) }
        guard FileManager.default.fileExists(atPath: choice) else { throw LayoutChoiceError(name: choice) }
        return (try LayoutLoader.load(path: choice), compact)
    }
}

/// A `--layout` that is neither a built-in name nor an existing file.
struct LayoutChoiceError: Error, CustomStringConvertible {
    let name: String
    var description: String {
        "no layout '\(name)': use 'default', 'compact', or the path of a layout file (see layouts/ in the repository)"
    }
}
