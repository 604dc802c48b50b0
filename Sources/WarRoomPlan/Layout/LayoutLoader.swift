import WarRoomCore

/// Reads a screen layout from YAML, with the same `file:line:col` diagnostics as plans.
public enum LayoutLoader {
    public static func load(path: String) throws(PlanLoadError) -> LayoutSpec {
        switch SourceFile.read(path) {
        case .success(let text): try load(text: text, file: path)
        case .failure(let error): throw error
        }
    }

    public static func load(text: String, file: String) throws(PlanLoadError) -> LayoutSpec {
        let result = check(text: text, file: file)
        guard let layout = result.layout else { throw PlanLoadError(report: result.report) }
        return layout
    }

    /// The layout (nil when there are errors) and every diagnostic.
    public static func check(text: String, file: String) -> (layout: LayoutSpec?, report: DiagnosticReport) {
        var decoder = LayoutDecoder(file: file)
        let layout = YAMLDocument.compose(text, sink: &decoder.sink).flatMap { decoder.decode($0) }
        return (layout, decoder.sink.report(source: text))
    }
}
