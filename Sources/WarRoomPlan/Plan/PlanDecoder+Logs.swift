import WarRoomCore
import Yams

extension PlanDecoder {
    static let logKeys = ["name", "path", "kubectl", "format", "errors", "from", "journal_rate"]
    static let podSelectorKeys = ["selector", "namespace", "container", "context"]

    /// `logs:`, the files tailed (or pods followed) into the logs pane; metrics may count their lines.
    mutating func decodeLogs(_ node: Node) -> [NamedEntry<LogSpec>] {
        decodeNamed(node, key: "logs", kind: "log", keys: Self.logKeys) { decoder, log, name in
            let source = decoder.decodeLogSource(log, name: name)
            let format = log.optionalChoice("format", LogSpec.Format.self, sink: &decoder.sink) ?? .auto
            let errors = log.value("errors").flatMap { node in
                decoder.sink.string(node, "errors").flatMap { decoder.sink.pattern($0, "errors", at: node) }
            }
            let rate = log.value("journal_rate").flatMap { node -> Int? in
                guard let rate = decoder.sink.integer(node, "journal_rate") else { return nil }
                guard (0...10_000).contains(rate) else {
                    decoder.sink.error("'journal_rate' is lines a second below WARN to journal, from 0 to 10000; found \(rate)", at: node)
                    return nil
                }
                return rate
            }
            let fromStart = decoder.decodeFrom(log, default: false)
            return source.map {
                LogSpec(name: name, source: $0, format: format, errorPattern: errors, fromStart: fromStart, journalRate: rate)
            }
        }
    }

    /// Exactly one of `path` (a file) and `kubectl` (pods).
    private mutating func decodeLogSource(_ log: MappingReader, name: String) -> LogSpec.Source? {
        let hint = "path: follows a file; kubectl: {selector: app=checkout, namespace: shop} follows the pods a label selector matches"
        switch (log.contains("path"), log.contains("kubectl")) {
        case (true, true):
            sink.error("log '\(name)' has both 'path' and 'kubectl'; a log reads one of them", at: log.keyMark("kubectl"), hint: hint)
            return nil
        case (false, false):
            sink.error("log '\(name)' says neither 'path' nor 'kubectl'", at: log.position, hint: hint)
            return nil
        case (true, false):
            return log.requiredString("path", sink: &sink).map { .file(path: resolve($0)) }
        case (false, true):
            guard let node = log.required("kubectl", sink: &sink) else { return nil }
            if case .scalar = node {
                sink.error("expected a mapping for 'kubectl' in log '\(name)', found \(node.foundDescription)", at: node,
                           hint: "write kubectl: {selector: app=checkout, namespace: shop}")
                return nil
            }
            guard let reader = MappingReader(node, name: "log \(name) kubectl", introducedAt: log.keyMark("kubectl"),
                                             sink: &sink) else { return nil }
            return decodePodSelector(reader).map(LogSpec.Source.pods)
        }
    }

    /// `{selector, namespace, container, context}`: the selector required, the rest as kubectl's defaults.
    private mutating func decodePodSelector(_ pods: MappingReader) -> PodSelector? {
        pods.checkKeys(Self.podSelectorKeys, sink: &sink)
        let errorsBefore = sink.errorCount
        let selector = pods.required("selector", sink: &sink).flatMap { labelSelector($0, in: pods.name) }
        let namespace = pods.value("namespace").flatMap { kubernetesName($0, "namespace", .label, in: pods.name) }
        // A container's name is a DNS label, as a namespace's is.
        let container = pods.value("container").flatMap { kubernetesName($0, "container", .label, in: pods.name,
                                                                           called: "container name") }
        let context = pods.value("context").flatMap { kubectlContext($0, in: pods.name) }
        guard sink.errorCount == errorsBefore, let selector else { return nil }
        return PodSelector(selector: selector, namespace: namespace ?? KubernetesObject.defaultNamespace, container: container,
                           context: context)
    }

    /// A label selector as `kubectl -l` takes it. The API server checks the grammar; what is refused here is what
    /// would select every pod (nothing written) or that kubectl would take for an option.
    private mutating func labelSelector(_ node: Node, in owner: String) -> String? {
        guard let text = sink.string(node, "selector") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hint = "a label selector as kubectl -l takes it, e.g. app=checkout or app=checkout,tier in (web)"
        if trimmed.isEmpty {
            sink.error("\(owner) selector is empty; it would follow every pod in the namespace", at: node, hint: hint)
        } else if trimmed.hasPrefix("-") {
            sink.error("\(owner) selector '\(text)' starts with '-', which kubectl would read as an option", at: node, hint: hint)
        } else if trimmed.contains(where: { $0.isNewline }) {
            sink.error("\(owner) selector holds a line break", at: node, hint: hint)
        } else {
            return trimmed
        }
        return nil
    }
}
