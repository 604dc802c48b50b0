import Foundation

/// Why `kubectl get` gave no resource, read from what it wrote to standard error, in words the screen can show
/// with what to do about it. Outside text is quoted cut short.
enum KubectlFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `Error from server (NotFound): rollouts.argoproj.io "checkout" not found` (the resource, or its namespace).
    case notFound(resource: String, name: String)
    /// `Error from server (Forbidden): … is forbidden: User "…" cannot get resource …`: what RBAC said.
    case forbidden(String)
    /// The cluster did not accept kubectl's credentials.
    case unauthorized
    /// `error: context "prod-eu" does not exist`.
    case unknownContext(String)
    /// `error: the server doesn't have a resource type "rollouts"`: the controller's CRD is not installed.
    case unknownResourceType(String)
    /// No answer from the API server: refused, a timeout, a certificate it would not trust.
    case unreachable(String)
    /// Any other `Error from server (Reason): message`.
    case server(reason: String, message: String)
    /// Anything else kubectl said: its `error:` line, else its last line.
    case other(String)

    /// kubectl's standard error: warnings and klog lines (`E1206 13:04:11.482913 …`) are passed over for the line
    /// that says what failed; only if there is none does a klog line's message stand for it.
    init(errorOutput: [UInt8]) {
        let lines = String(decoding: errorOutput, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let said = lines.filter { !$0.hasPrefix("Warning:") && Self.klogMessage($0) == nil }
        for line in said {
            if let failure = Self.known(line) {
                self = failure
                return
            }
        }
        // kubectl's own `error: …` says more than the usage hint it may add after it.
        if let error = said.first(where: { $0.hasPrefix("error: ") }) {
            self = .other(String(error.dropFirst(7)))
        } else if let last = said.last {
            self = .other(last)
        } else if let last = lines.last {
            self = .other(Self.klogMessage(last) ?? last)
        } else {
            self = .other("kubectl failed without saying why")
        }
    }

    var description: String {
        switch self {
        case .notFound(let resource, let name) where resource == "namespaces":
            "namespace \"\(name.excerpt())\" not found — check the namespace and kubectl's context"
        case .notFound(let resource, let name):
            "\(resource.excerpt()) \"\(name.excerpt())\" not found — check the name, the namespace and kubectl's context"
        case .forbidden(let detail):
            "kubectl may not read it: \(detail.excerpt(160)) — its account needs get on that resource in that namespace"
        case .unauthorized:
            "kubectl is not logged in to the cluster (Unauthorized) — renew its credentials"
        case .unknownContext(let context):
            "kubectl has no context \"\(context.excerpt())\" — see kubectl config get-contexts"
        case .unknownResourceType(let type):
            "the cluster has no resource type \"\(type.excerpt())\" — is that controller (its CRD) installed there?"
        case .unreachable(let detail):
            "cannot reach the cluster: \(detail.excerpt(160))"
        case .server(let reason, let message):
            "the API server answered \(reason.excerpt()): \(message.excerpt(160))"
        case .other(let text):
            "kubectl: \(text.excerpt(160))"
        }
    }

    /// The failure a line of kubectl's says, if it is one of the forms it writes.
    static func known(_ line: String) -> KubectlFailure? {
        if let rest = line.after("Error from server ("), let close = rest.firstIndex(of: ")") {
            let reason = String(rest[..<close])
            let message = rest[close...].dropFirst().drop { $0 == ":" || $0 == " " }
            switch reason {
            case "NotFound":
                if let named = quoted(String(message), before: " not found") { return .notFound(resource: named.resource, name: named.name) }
            case "Forbidden":
                // `rollouts.argoproj.io "checkout" is forbidden: User "…" cannot get …`: what RBAC said is the part that helps.
                let said = message.range(of: "is forbidden: ").map { message[$0.upperBound...] } ?? message
                return .forbidden(String(said))
            case "Unauthorized":
                return .unauthorized
            default:
                break
            }
            return .server(reason: reason, message: String(message))
        }
        if let rest = line.after("error: context \""), let end = rest.firstIndex(of: "\""), rest[end...].hasSuffix("does not exist") {
            return .unknownContext(String(rest[..<end]))
        }
        // Older kubectl says `error: …`; kubectl 1.32 reports it as a configuration error.
        for lead in ["error: context was not found for specified context: ",
                     "Error in configuration: context was not found for specified context: "] {
            if let context = line.after(lead) { return .unknownContext(context) }
        }
        if let rest = line.after("error: the server doesn't have a resource type \""), rest.hasSuffix("\"") {
            return .unknownResourceType(String(rest.dropLast()))
        }
        if line.hasPrefix("error: You must be logged in to the server") {
            return .unauthorized
        }
        if let rest = line.after("The connection to the server "), let end = rest.range(of: " was refused") {
            return .unreachable("the connection to \(rest[..<end.lowerBound]) was refused")
        }
        if let detail = line.after("Unable to connect to the server: ") {
            return .unreachable(detail)
        }
        return nil
    }

    /// `resource "name"` followed by `suffix`, as kubectl writes a resource it names.
    static func quoted(_ text: String, before suffix: String) -> (resource: String, name: String)? {
        guard text.hasSuffix(suffix) else { return nil }
        let head = text.dropLast(suffix.count)
        guard head.hasSuffix("\""), let open = head.dropLast().lastIndex(of: "\""), open > head.startIndex else { return nil }
        let resource = head[..<open].trimmingCharacters(in: .whitespaces)
        guard !resource.isEmpty else { return nil }
        return (resource, String(head[head.index(after: open)..<head.index(before: head.endIndex)]))
    }

    /// The message of a klog line (`E1206 13:04:11.482913   48213 memcache.go:265] message`); nil for any other.
    static func klogMessage(_ line: String) -> String? {
        let scalars = Array(line.unicodeScalars.prefix(6))
        guard scalars.count == 6, "IWEF".unicodeScalars.contains(scalars[0]),
              scalars[1...4].allSatisfy({ (48...57).contains($0.value) }), scalars[5] == " ",
              let end = line.range(of: "] ") else { return nil }
        return String(line[end.upperBound...])
    }
}

private extension String {
    /// What follows `prefix`, when the text starts with it.
    func after(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
