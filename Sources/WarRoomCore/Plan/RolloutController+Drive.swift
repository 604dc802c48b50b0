import Foundation

extension RolloutController {
    /// What promoting or aborting through this controller would run, given what it last said; or, when nothing can
    /// be run from here, why, in words for the confirmation.
    public enum Drive: Sendable, Hashable {
        case run(ControllerAction)
        case unavailable(String)
    }

    /// The command for `verb`, worked out as the controller's own tools do it (`kubectl argo rollouts promote`'s
    /// patches), but run as plain `kubectl patch` so that a server-side dry run can go first and the plugin need not
    /// be installed. Argo's promote depends on where the rollout is: a pause is cleared, otherwise the step is
    /// skipped, so the status it was worked out from travels with it.
    public func drive(_ verb: ControllerVerb, observed: ControllerStatus?) -> Drive {
        switch self {
        case .argo(let object):
            guard let observed else { return .unavailable("the Argo Rollout has not been read yet") }
            switch verb {
            case .abort:
                if observed.phase == .aborted { return .unavailable("the Argo Rollout is already aborted") }
                return .run(patch(object, verb, body: #"{"status":{"abort":true}}"#, status: true, before: observed))
            case .promote:
                if observed.phase == .aborted {
                    return .unavailable("the Argo Rollout is aborted; retry it (kubectl argo rollouts retry) before promoting")
                }
                if observed.pause != nil {
                    return .run(patch(object, verb, body: #"{"status":{"pauseConditions":null}}"#, status: true, before: observed))
                }
                guard let step = observed.step, step.index < step.count else {
                    return .unavailable("the Argo Rollout has no step left to promote past")
                }
                let body = #"{"status":{"pauseConditions":null,"currentStepIndex":\#(step.index + 1)}}"#
                return .run(patch(object, verb, body: body, status: true, before: observed))
            }
        case .flagger(_, let promote, let abort):
            // Flagger moves by its own analysis; a person's say goes through the gates the plan's commands open.
            guard let line = verb == .promote ? promote : abort else {
                return .unavailable(verb == .promote
                    ? "Flagger promotes by itself as its analysis passes; give rollout.flagger a promote command (one that opens its confirm-promotion gate) to promote from here"
                    : "Flagger rolls back by itself when its checks fail; give rollout.flagger an abort command (one that opens its rollback gate) to abort from here")
            }
            return .run(ControllerAction(verb: verb, command: line, before: observed))
        case .deployment(let object):
            guard let observed else { return .unavailable("the Deployment has not been read yet") }
            switch verb {
            case .promote:
                guard observed.phase == .paused else { return .unavailable("the Deployment is not paused: nothing to promote") }
                return .run(patch(object, verb, body: #"{"spec":{"paused":false}}"#, status: false, before: observed))
            case .abort:
                let line = Self.kubectl(object.kubectlScope + ["rollout", "undo", "deployments.apps/\(object.name)"])
                return .run(ControllerAction(verb: verb, command: line, dryRun: line + " --dry-run=server", before: observed))
            }
        case .command(_, let promote, let abort):
            guard let line = verb == .promote ? promote : abort else {
                return .unavailable("the plan's rollout command has no \(verb.rawValue) command")
            }
            return .run(ControllerAction(verb: verb, command: line, before: observed))
        }
    }

    private func patch(_ object: KubernetesObject, _ verb: ControllerVerb, body: String, status: Bool,
                       before: ControllerStatus) -> ControllerAction {
        let resource = kind.kubectlResource ?? ""
        let arguments = object.kubectlScope + ["patch", resource, object.name] + (status ? ["--subresource=status"] : [])
            + ["--type=merge", "-p", body]
        let line = Self.kubectl(arguments)
        return ControllerAction(verb: verb, command: line, dryRun: line + " --dry-run=server", before: before)
    }

    /// `kubectl` and its arguments as one line for `/bin/sh`, each argument quoted only when the shell would
    /// otherwise read it differently, so the line a person confirms is the one that runs.
    static func kubectl(_ arguments: [String]) -> String {
        (["kubectl"] + arguments.map(ShellQuote.quoted)).joined(separator: " ")
    }
}

/// Quoting for `/bin/sh`: plain words as they are, anything else in single quotes.
public enum ShellQuote {
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_./=:,@%+".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
