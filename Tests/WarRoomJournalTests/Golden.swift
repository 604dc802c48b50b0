import Foundation

/// The export goldens beside these tests.
enum Golden {
    static func path(_ name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden/" + name).path
    }
}
