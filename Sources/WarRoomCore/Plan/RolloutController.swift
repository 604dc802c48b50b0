import Foundation

/// The rollout controller a plan's release goes out through: the war room shows its state beside the plan's and,
/// unless the plan says `readonly`, drives it.
public enum RolloutController: Sendable, Codable, Hashable, CustomStringConvertible {
    /// An Argo Rollouts `Rollout`.
    case argo(KubernetesObject)
    /// A Flagger `Canary`. Flagger moves by its own analysis; a person's say goes through its webhooks (the
    /// confirm-promotion and rollback gates of its load tester), so `promote` and `abort` are the team's commands that
    /// open those gates, when the plan gives them.
    case flagger(KubernetesObject, promote: String? = nil, abort: String? = nil)
    /// A plain `apps/v1` Deployment.
    case deployment(KubernetesObject)
    /// Anything else, through the team's own scripts: `status` reports, `promote` and `abort` act (when given).
    case command(status: String, promote: String?, abort: String?)

    /// The kinds as the plan names them, the key under `rollout:`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case argo, flagger, deployment, command

        /// The Kubernetes resource the kind reads; nil for a command, whose status command may print any of them.
        public var resource: ControllerStatus.Kind? {
            switch self {
            case .argo: .argoRollout
            case .flagger: .flaggerCanary
            case .deployment: .deployment
            case .command: nil
            }
        }

        /// How a person names what is watched: `Argo Rollout`, `Flagger Canary`, `command`.
        public var title: String { resource?.title ?? "command" }

        /// The resource kubectl reads, with its API group; nil for a command.
        public var kubectlResource: String? { resource?.kubectlResource }
    }

    public var kind: Kind {
        switch self {
        case .argo: .argo
        case .flagger: .flagger
        case .deployment: .deployment
        case .command: .command
        }
    }

    /// The object kubectl reads; nil for a command controller.
    public var kubernetesObject: KubernetesObject? {
        switch self {
        case .argo(let object), .flagger(let object, _, _), .deployment(let object): object
        case .command: nil
        }
    }

    /// `Argo Rollout shop/checkout (context prod-eu)`, `command ./rollout-status.sh`.
    public var description: String {
        switch self {
        case .argo(let object), .flagger(let object, _, _), .deployment(let object): "\(kind.title) \(object)"
        case .command(let status, _, _): "command \(status)"
        }
    }

    /// The kubectl arguments that name the object, `--context prod-eu -n shop rollouts.argoproj.io checkout`, for a
    /// verb such as `get` to go before; nil for a command controller, which names nothing kubectl knows.
    public var kubectlArguments: [String]? {
        guard let object = kubernetesObject, let resource = kind.kubectlResource else { return nil }
        return object.kubectlScope + [resource, object.name]
    }

    /// What is watched, without how it is driven: two controllers with the same target read the same object (or run
    /// the same status command), whatever their promote and abort commands.
    public var target: RolloutController {
        switch self {
        case .argo, .deployment: self
        case .flagger(let object, _, _): .flagger(object)
        case .command(let status, _, _): .command(status: status, promote: nil, abort: nil)
        }
    }
}
