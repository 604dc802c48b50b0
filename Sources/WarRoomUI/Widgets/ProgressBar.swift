/// `████░░░░ 6/8`: a count as a bar, readable without colour.
public enum ProgressBar {
    public static func render(done: Int, total: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let filled = total == 0 ? width : Int((Double(done) / Double(total) * Double(width)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}
