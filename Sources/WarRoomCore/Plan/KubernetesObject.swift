import Foundation

/// One named object in a Kubernetes cluster, as kubectl finds it: a name in a namespace, through a kubeconfig context.
public struct KubernetesObject: Sendable, Codable, Hashable, CustomStringConvertible {
    /// What kubectl assumes when no namespace is given; written out so the plan, the screen and kubectl agree.
    public static let defaultNamespace = "default"

    public var name: String
    public var namespace: String
    /// The kubeconfig context; nil means kubectl's current context, whatever it is when the war room runs.
    public var context: String?

    public init(name: String, namespace: String = KubernetesObject.defaultNamespace, context: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.context = context
    }

    /// `shop/checkout (context prod-eu)`: the cluster is named too, since one name can live in several.
    public var description: String {
        "\(namespace)/\(name) (\(context.map { "context \($0)" } ?? "current context"))"
    }

    /// `--context prod-eu -n shop`: where kubectl looks, for any command about this object.
    public var kubectlScope: [String] {
        (context.map { ["--context", $0] } ?? []) + ["-n", namespace]
    }
}
