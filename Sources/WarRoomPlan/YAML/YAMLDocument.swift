import Yams

/// Parses YAML text into a `Node` tree that keeps line and column marks, turning syntax errors into diagnostics.
enum YAMLDocument {
    /// The root node, or nil after reporting why there is none. A file over the size limit is not parsed; unsafe
    /// characters are reported where they are and the rest is still parsed, so every problem shows at once.
    static func compose(_ text: String, sink: inout DiagnosticSink) -> Node? {
        let size = text.utf8.count
        guard size <= SizeLimit.plan.bytes else {
            sink.add(SizeLimit.plan.diagnostic(file: sink.file, size: size))
            return nil
        }
        let parsed = SourceScan.clean(text, sink: &sink)
        if let excess = AliasBudget.excess(in: parsed) {
            sink.error("aliases in this file stand for more than \(AliasBudget.limit) values (\(excess.values) by here)",
                       at: excess.position, hint: "write the values out, or alias smaller parts; a plan seldom needs aliases")
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: parsed)
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
        SourceScan.check(root, sink: &sink)
        return root
    }

    /// The line and column (in scalars, as YAML counts) of the character `offset` characters into `text`.
    private static func position(ofCharacter offset: Int, in text: String) -> Position {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return Position(line: line, column: column)
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
        case .reader(let problem, let offset, _, let text):
            // Unsafe characters were taken out before parsing, so this is a character no plan should hold either.
            sink.error("cannot read the file as text: \(problem)", at: offset.map { position(ofCharacter: $0, in: text) },
                       hint: "delete the character, or save the file as UTF-8")
        default:
            sink.error("cannot read YAML: \(error)", at: nil)
        }
    }
}
