import Yams

/// Parses YAML text into a `Node` tree that keeps line and column marks, turning syntax errors into diagnostics.
enum YAMLDocument {
    /// The root node, or nil after reporting why there is none.
    static func compose(_ text: String, sink: inout DiagnosticSink) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            report(error, sink: &sink)
            return nil
        } catch {
            sink.error("cannot read YAML: \(error)", at: nil)
            return nil
        }
        guard let root, root.null == nil else {
            sink.error("the file is empty", at: nil, hint: "see docs/plan-format.md for the expected keys")
            return nil
        }
        return root
    }

    private static func report(_ error: YamlError, sink: inout DiagnosticSink) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libYAML's context ("while parsing a block mapping") names where the construct began: a useful hint.
            let hint = context.map { "\($0.text) that starts at line \($0.mark.line), column \($0.mark.column)" }
            sink.error("invalid YAML: \(problem)", at: Position(mark), hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            sink.error("duplicate key \(keys) in a mapping", at: Position(context.mark),
                       hint: "each key may appear once; merge the two entries")
        case .reader(let problem, _, _, _):
            sink.error("cannot read the file as text: \(problem)", at: nil, hint: "save it as UTF-8")
        default:
            sink.error("cannot read YAML: \(error)", at: nil)
        }
    }
}
