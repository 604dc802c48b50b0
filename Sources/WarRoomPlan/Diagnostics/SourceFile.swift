import Foundation

/// Reads a plan or layout file, turning a missing or unreadable file into a diagnostic like any other problem.
enum SourceFile {
    static func read(_ path: String) -> Result<String, PlanLoadError> {
        do {
            return .success(try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            let message = exists ? "cannot read the file (is it UTF-8 text you may read?)" : "no such file"
            let diagnostic = Diagnostic(file: path, line: 0, column: 0, severity: .error, message: message)
            return .failure(PlanLoadError(report: DiagnosticReport(file: path, source: "", diagnostics: [diagnostic])))
        }
    }
}
