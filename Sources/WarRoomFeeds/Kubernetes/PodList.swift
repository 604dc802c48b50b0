import Foundation
import WarRoomCore

/// What `kubectl get pods -l SELECTOR -o json` says of each pod, as `k8s.io/api/core/v1` writes a `List` of `Pod`:
/// only what following its log needs: its name, labels (the controller's pod-template hash), phase, and whether it is
/// being deleted.
struct PodList: Sendable, Hashable {
    /// One pod of the list.
    struct Pod: Sendable, Hashable {
        var name: String
        var labels: [String: String]
        /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`; empty when the pod has no status yet.
        var phase: String
        /// Set once the pod is being deleted: it may still write its last lines.
        var deleting: Bool
        /// The names of its containers, in the order of its spec.
        var containers: [String]

        /// Only a running pod has a log to follow: a pending one has none yet, a finished one no more to come.
        var isRunning: Bool { phase == "Running" }
    }

    var pods: [Pod]

    /// kubectl's JSON. A `List` with no items (nothing matches) is an empty list; anything else that is not a list of
    /// pods is a ``ControllerParseError`` naming the path.
    static func parse(_ bytes: [UInt8]) throws -> PodList {
        let root = try JSONCursor.resource(bytes, kind: "List")
        var pods: [Pod] = []
        for item in try root.array("items") {
            let kind = try item.string("kind")
            guard kind == "Pod" else {
                throw ControllerParseError(document: "List", path: item.path + ".kind", expected: "\"Pod\"",
                                           found: kind.map { "\"\($0.excerpt(40))\"" } ?? "nothing")
            }
            let metadata = try item.required("metadata")
            var labels: [String: String] = [:]
            if let object = try metadata.object("labels"), case .object(let fields) = object.value {
                for key in fields.keys {
                    if let value = try object.string(key) { labels[key] = value }
                }
            }
            let containers = try item.object("spec")?.array("containers").map { try $0.required("name").string() } ?? []
            pods.append(Pod(name: try metadata.required("name").string(), labels: labels,
                            phase: try item.object("status")?.string("phase") ?? "",
                            deleting: try metadata.field("deletionTimestamp") != nil, containers: containers))
        }
        return PodList(pods: pods)
    }
}
