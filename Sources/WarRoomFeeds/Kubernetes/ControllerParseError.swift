/// Why kubectl's JSON of a controller's resource could not be read: which document, where in it (a JSON path such
/// as `status.pauseConditions[0].reason`), what was expected there and what was found. Outside text is quoted cut
/// short, so no answer can make the error long.
struct ControllerParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The resource kind that was being read: `Rollout`, `AnalysisRun`, `Canary`, `Deployment`.
    var document: String
    /// Empty for the document as a whole.
    var path: String
    var expected: String
    var found: String

    var description: String {
        let place = path.isEmpty ? "" : " at \(path)"
        return "kubectl's \(document) JSON\(place): expected \(expected), found \(found)"
    }
}
