import Foundation
import WarRoomCore

/// Reads a release plan from YAML, reporting every problem at once with `file:line:col`.
public enum PlanLoader {
    /// Loads the plan at `path`; relative source paths in it resolve against its directory.
    public static func load(path: String) throws(PlanLoadError) -> Plan {
        try value(of: check(path: path))
    }

    /// Loads a plan from text; `file` names it in diagnostics, and its directory anchors relative source paths.
    public static func load(text: String, file: String) throws(PlanLoadError) -> Plan {
        try value(of: check(text: text, file: file))
    }

    /// The plan (nil when there are errors) and every diagnostic, warnings included: for `warroom validate`.
    /// `environment` is only asked whether the plan's `${NAME}` secrets are set; their values are never kept.
    public static func check(text: String, file: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> (plan: Plan?, report: DiagnosticReport) {
        var decoder = PlanDecoder(file: file, directory: directory(of: file), environment: environment)
        let plan = YAMLDocument.compose(text, sink: &decoder.sink).flatMap { decoder.decode($0) }
        return (plan, decoder.sink.report(source: text))
    }

    public static func check(path: String) -> (plan: Plan?, report: DiagnosticReport) {
        switch SourceFile.read(path) {
        case .success(let text): check(text: text, file: path)
        case .failure(let error): (nil, error.report)
        }
    }

    /// Everything before the last `/`, or "" for a bare name (NSString's version traps on some inputs on Linux).
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    private static func value(of result: (plan: Plan?, report: DiagnosticReport)) throws(PlanLoadError) -> Plan {
        guard let plan = result.plan else { throw PlanLoadError(report: result.report) }
        return plan
    }
}
