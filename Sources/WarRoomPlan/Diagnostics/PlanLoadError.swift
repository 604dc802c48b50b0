/// A plan or layout file that did not load; its description is every diagnostic, rendered.
public struct PlanLoadError: Error, Sendable, CustomStringConvertible {
    public var report: DiagnosticReport

    public init(report: DiagnosticReport) {
        self.report = report
    }

    /// All diagnostics, warnings included.
    public var diagnostics: [Diagnostic] { report.diagnostics }

    public var description: String { report.description }
}
