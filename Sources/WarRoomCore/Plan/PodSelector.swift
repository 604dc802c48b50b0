import Foundation

/// The pods a log follows: every pod a label selector matches in a namespace, through a kubeconfig context, and
/// which container's log is read.
public struct PodSelector: Sendable, Codable, Hashable, CustomStringConvertible {
    /// A label selector as `kubectl -l` takes it: `app=checkout`, `app=checkout,tier in (web)`.
    public var selector: String
    public var namespace: String
    /// The container whose log is read; nil for the pod's only container (kubectl picks the default one when there
    /// are several: the `kubectl.kubernetes.io/default-container` annotation, else the first).
    public var container: String?
    /// The kubeconfig context; nil means kubectl's current context.
    public var context: String?

    public init(selector: String, namespace: String = KubernetesObject.defaultNamespace, container: String? = nil,
                context: String? = nil) {
        self.selector = selector
        self.namespace = namespace
        self.container = container
        self.context = context
    }

    /// `pods app=checkout in shop (context prod-eu), container app`.
    public var description: String {
        "pods \(selector) in \(namespace) (\(context.map { "context \($0)" } ?? "current context"))"
            + (container.map { ", container \($0)" } ?? "")
    }

    /// `--context prod-eu -n shop`: where kubectl looks.
    public var kubectlScope: [String] {
        (context.map { ["--context", $0] } ?? []) + ["-n", namespace]
    }
}
