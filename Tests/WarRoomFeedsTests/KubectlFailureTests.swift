import Foundation
import Testing
@testable import WarRoomFeeds

/// What kubectl writes to standard error when it gives no resource, recorded in `fixtures/kubectl/errors/`, read
/// into a reason the screen can show.
@Suite struct KubectlFailureTests {
    func failure(_ name: String) throws -> KubectlFailure {
        KubectlFailure(errorOutput: try KubectlFixtures.bytes("errors/" + name + ".txt"))
    }

    @Test func eachRecordedFormIsRecognised() throws {
        #expect(try failure("not-found") == .notFound(resource: "rollouts.argoproj.io", name: "checkout"))
        #expect(try failure("namespace-not-found") == .notFound(resource: "namespaces", name: "shop"))
        #expect(try failure("unknown-context") == .unknownContext("prod-eu"))
        // Recorded from kubectl v1.32.4, which words it as a configuration error.
        #expect(try failure("unknown-context-kubectl-1.32") == .unknownContext("prod-eu"))
        #expect(try failure("forbidden") == .forbidden(
            #"User "system:serviceaccount:release:warroom" cannot get resource "rollouts" in API group "argoproj.io" in the namespace "shop""#))
        #expect(try failure("no-resource-type") == .unknownResourceType("rollouts"))
        #expect(try failure("unauthorized") == .unauthorized)
        // The klog lines before it are passed over for the line that says what failed.
        #expect(try failure("connection-refused") == .unreachable("the connection to 127.0.0.1:6443 was refused"))
        #expect(try failure("timeout") == .unreachable("dial tcp 10.20.0.1:443: i/o timeout"))
        // A warning first is passed over too.
        #expect(try failure("service-unavailable") == .server(
            reason: "ServiceUnavailable", message: "the server is currently unable to handle the request (get rollouts.argoproj.io checkout)"))
    }

    @Test func theScreenGetsAReasonAndWhatToDo() throws {
        #expect(try failure("not-found").description
            == #"rollouts.argoproj.io "checkout" not found — check the name, the namespace and kubectl's context"#)
        #expect(try failure("namespace-not-found").description == #"namespace "shop" not found — check the namespace and kubectl's context"#)
        #expect(try failure("unknown-context").description == #"kubectl has no context "prod-eu" — see kubectl config get-contexts"#)
        #expect(try failure("no-resource-type").description
            == #"the cluster has no resource type "rollouts" — is that controller (its CRD) installed there?"#)
        #expect(try failure("connection-refused").description == "cannot reach the cluster: the connection to 127.0.0.1:6443 was refused")
    }

    @Test func anythingElseIsItsErrorLineAndNothingIsSaidSo() {
        #expect(KubectlFailure(errorOutput: Array("error: unknown flag: --contxt\nSee 'kubectl get --help' for usage.\n".utf8))
            == .other("unknown flag: --contxt"))
        #expect(KubectlFailure(errorOutput: Array("Unexpected args: [checkout extra]\n".utf8)) == .other("Unexpected args: [checkout extra]"))
        #expect(KubectlFailure(errorOutput: []) == .other("kubectl failed without saying why"))
        let klogOnly = "E1206 13:04:11.482913   48213 memcache.go:265] couldn't get current server API group list\n"
        #expect(KubectlFailure(errorOutput: Array(klogOnly.utf8)) == .other("couldn't get current server API group list"))
    }

    @Test func aNotFoundNotInTheUsualFormIsStillTheServersWords() {
        #expect(KubectlFailure(errorOutput: Array("Error from server (NotFound): the server could not find the requested resource\n".utf8))
            == .server(reason: "NotFound", message: "the server could not find the requested resource"))
    }

    @Test func longOutsideTextIsCutShort() {
        let long = "Error from server (Forbidden): " + String(repeating: "é", count: 5_000)
        #expect(KubectlFailure(errorOutput: Array(long.utf8)).description.unicodeScalars.count < 300)
    }
}
