import WarRoomCore

/// What `MarkdownImporter.convert` produced: the plan YAML and an account of what it did and did not take.
public struct ImportResult: Sendable, Hashable {
    /// A plan in the v2 format; review its `# TODO` comments before use.
    public var yaml: String
    /// What was taken, one line per kind: "3 metrics from the Success Criteria table".
    public var mapped: [String]
    /// What could not be mapped, and why.
    public var unmapped: [ImportNote]
    /// Every template placeholder left unfilled; none of them is ever written into the YAML as a value.
    public var placeholders: [ImportNote]
    /// What was mapped on an assumption worth checking: a rate's unit, triggers taken from a list with no box ticked.
    public var assumptions: [ImportNote]

    public init(yaml: String, mapped: [String], unmapped: [ImportNote], placeholders: [ImportNote], assumptions: [ImportNote] = []) {
        self.yaml = yaml
        self.mapped = mapped
        self.unmapped = unmapped
        self.placeholders = placeholders
        self.assumptions = assumptions
    }

    /// The report `warroom import` prints: mapped, assumed, unmapped, placeholders, each under its own heading. Each line
    /// quotes the Markdown, so each is made inert: a control in the file shows as its picture.
    public var report: String {
        var text = "mapped:\n"
        text += mapped.isEmpty ? "  (nothing)\n" : mapped.map { "  - \(InertText.line($0))\n" }.joined()
        text += "assumed (\(assumptions.count)):\n" + assumptions.map { "  \(InertText.line($0.description))\n" }.joined()
        text += "unmapped (\(unmapped.count)):\n" + unmapped.map { "  \(InertText.line($0.description))\n" }.joined()
        text += "placeholders (\(placeholders.count)):\n" + placeholders.map { "  \(InertText.line($0.description))\n" }.joined()
        return text
    }
}
