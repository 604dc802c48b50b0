import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let rolloutKinds = RolloutController.Kind.allCases.map(\.rawValue)
    static let rolloutKeys = rolloutKinds + ["readonly", "poll"]
    static let kubernetesObjectKeys = ["name", "namespace", "context"]
    static let rolloutCommandKeys = ["status", "promote", "abort"]
    /// A Flagger canary may add the commands that open its gates.
    static let flaggerKeys = kubernetesObjectKeys + ["promote", "abort"]

    /// `rollout:`, the one controller the release goes out through: an Argo Rollout, a Flagger Canary, a Deployment,
    /// or the team's own commands.
    mutating func decodeRollout(_ node: Node, at position: Position?) -> RolloutSpec? {
        guard let rollout = MappingReader(node, name: "rollout", introducedAt: position, sink: &sink) else { return nil }
        let kindList = "argo, flagger, deployment or command"
        rollout.checkKeys(Self.rolloutKeys, hint: "rollout names one controller, \(kindList), and may add readonly and poll",
                          sink: &sink)
        let readOnly = rollout.optionalBoolean("readonly", sink: &sink) ?? false
        let poll = decodePoll(rollout)
        let given = Self.rolloutKinds.filter(rollout.contains)
        guard let kindKey = given.first, let kind = RolloutController.Kind(rawValue: kindKey) else {
            // A misspelt kind has had its unknown-key error, which suggests the kind meant.
            if !rollout.keys.contains(where: { Suggestion.closest(to: $0, in: Self.rolloutKinds) != nil }) {
                sink.error("rollout names no controller; expected one of \(kindList)", at: rollout.position,
                           hint: "e.g. argo: {name: checkout, namespace: shop}")
            }
            return nil
        }
        for extra in given.dropFirst() {
            sink.error("rollout has both '\(kindKey)' and '\(extra)'; a plan watches one controller", at: rollout.keyMark(extra),
                       hint: "pick the one this release goes out through and remove the other")
        }
        let errorsBefore = sink.errorCount
        guard let body = rollout.required(kindKey, sink: &sink),
              let reader = controllerReader(body, kind: kind, at: rollout.keyMark(kindKey)) else { return nil }
        let controller: RolloutController?
        switch kind {
        case .argo: controller = decodeKubernetesObject(reader).map(RolloutController.argo)
        case .flagger: controller = decodeFlagger(reader, readOnly: readOnly)
        case .deployment: controller = decodeKubernetesObject(reader).map(RolloutController.deployment)
        case .command: controller = decodeRolloutCommands(reader, readOnly: readOnly)
        }
        guard sink.errorCount == errorsBefore, let controller else { return nil }
        return RolloutSpec(controller: controller, readOnly: readOnly, poll: poll)
    }

    /// The mapping under a kind's key; `argo: checkout` is a common first try, so it gets an example to copy.
    private mutating func controllerReader(_ node: Node, kind: RolloutController.Kind, at position: Position?) -> MappingReader? {
        if case .scalar = node {
            let example = kind == .command ? "{status: ./rollout-status.sh}" : "{name: checkout, namespace: shop}"
            sink.error("expected a mapping for '\(kind.rawValue)' in rollout, found \(node.foundDescription)", at: node,
                       hint: "write \(kind.rawValue): \(example)")
            return nil
        }
        return MappingReader(node, name: "rollout \(kind.rawValue)", introducedAt: position, sink: &sink)
    }

    private mutating func decodeKubernetesObject(_ object: MappingReader, keys: [String] = kubernetesObjectKeys) -> KubernetesObject? {
        object.checkKeys(keys, sink: &sink)
        let name = object.required("name", sink: &sink).flatMap { kubernetesName($0, "name", .subdomain, in: object.name) }
        // A namespace or context that is wrong has been reported, and the caller drops the controller for it.
        let namespace = object.value("namespace").flatMap { kubernetesName($0, "namespace", .label, in: object.name) }
        let context = object.value("context").flatMap { kubectlContext($0, in: object.name) }
        return name.map { KubernetesObject(name: $0, namespace: namespace ?? KubernetesObject.defaultNamespace, context: context) }
    }

    /// The text of `node` when Kubernetes would take it as a name of `shape`; otherwise nil, after saying the rule and
    /// the nearest valid name.
    mutating func kubernetesName(_ node: Node, _ key: String, _ shape: KubernetesName, in owner: String,
                                 called: String? = nil) -> String? {
        guard let text = sink.string(node, key) else { return nil }
        guard !shape.accepts(text) else { return text }
        let what = called ?? (shape == .label ? "Kubernetes namespace" : "Kubernetes name")
        let hint = "a \(what) is \(shape.rule)"
        if text.count > shape.maximumLength {
            sink.error("\(owner) \(key) is \(text.count) characters; a \(what) is at most \(shape.maximumLength)", at: node, hint: hint)
        } else {
            let suggestion = sink.isFull ? nil : shape.suggestion(for: text)
            sink.error("\(owner) \(key) '\(text)' is not a valid \(what)\(suggestion.map { "; did you mean '\($0)'?" } ?? "")",
                       at: node, hint: hint)
        }
        return nil
    }

    /// A kubeconfig context is free text to Kubernetes (EKS names them by ARN, `arn:aws:eks:…:cluster/prod`), so only
    /// what kubectl could not take as one context argument is refused.
    mutating func kubectlContext(_ node: Node, in owner: String) -> String? {
        guard let text = sink.string(node, "context") else { return nil }
        let hint = "write a name `kubectl config get-contexts` lists, or leave context out for kubectl's current context"
        if text.isEmpty {
            sink.error("\(owner) context is empty", at: node, hint: hint)
        } else if text.hasPrefix("-") {
            sink.error("\(owner) context '\(text)' starts with '-', which kubectl would read as an option", at: node, hint: hint)
        } else if text.contains(where: \.isWhitespace) {
            sink.error("\(owner) context '\(text)' holds a space; a context is one word", at: node, hint: hint)
        } else {
            return text
        }
        return nil
    }

    private mutating func decodeRolloutCommands(_ commands: MappingReader, readOnly: Bool) -> RolloutController? {
        commands.checkKeys(Self.rolloutCommandKeys, sink: &sink)
        let status = commands.requiredString("status", sink: &sink)
        let (promote, abort) = decodeActionCommands(commands, readOnly: readOnly)
        return status.map { .command(status: $0, promote: promote, abort: abort) }
    }

    private mutating func decodeFlagger(_ canary: MappingReader, readOnly: Bool) -> RolloutController? {
        let object = decodeKubernetesObject(canary, keys: Self.flaggerKeys)
        let (promote, abort) = decodeActionCommands(canary, readOnly: readOnly)
        return object.map { .flagger($0, promote: promote, abort: abort) }
    }

    /// `promote` and `abort`: shell commands, kept as written; never run when the rollout is readonly.
    private mutating func decodeActionCommands(_ mapping: MappingReader, readOnly: Bool) -> (promote: String?, abort: String?) {
        let promote = mapping.optionalString("promote", sink: &sink)
        let abort = mapping.optionalString("abort", sink: &sink)
        for key in ["promote", "abort"] where readOnly && mapping.value(key) != nil {
            sink.warning("'\(key)' is never run: the rollout is readonly", at: mapping.keyMark(key),
                         hint: "remove it, or drop readonly to let the war room \(key) after a confirmation")
        }
        return (promote, abort)
    }

    /// `poll`: how often the controller is asked for its state.
    private mutating func decodePoll(_ rollout: MappingReader) -> TimeInterval {
        guard let node = rollout.value("poll"), let poll = sink.duration(node, "poll") else { return RolloutSpec.defaultPoll }
        let range = RolloutSpec.pollRange, words = DurationText.formatPlan
        guard range.contains(poll) else {
            // As written: a fraction of a second has no words of its own in a plan's durations.
            let written = node.string ?? words(poll)
            sink.error("'poll' must be from \(words(range.lowerBound)) to \(words(range.upperBound)), found \(written)", at: node,
                       hint: "how often the controller is asked for its state; \(words(RolloutSpec.defaultPoll)) when left out")
            return RolloutSpec.defaultPoll
        }
        return poll
    }
}
