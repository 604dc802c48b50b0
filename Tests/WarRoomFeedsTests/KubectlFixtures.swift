import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomFeeds

/// kubectl's recorded output in `fixtures/kubectl/`, and edits of it for the malformed cases.
enum KubectlFixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let path = Repository.path("fixtures/kubectl/" + name)
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(path: path) }
        return Array(data)
    }

    /// A file of one of the stand-in kubectl's recorded scenarios (Tests/StandIns/scenarios).
    static func scenarioBytes(_ name: String) throws -> [UInt8] {
        let path = Repository.path("Tests/StandIns/scenarios/" + name)
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(path: path) }
        return Array(data)
    }

    /// The fixture with `text` replaced by `replacement`, which must occur exactly once: an edit that misses would
    /// test the fixture unchanged.
    static func edited(_ name: String, _ text: String, _ replacement: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let original = String(decoding: try bytes(name), as: UTF8.self)
        let pieces = original.components(separatedBy: text)
        #expect(pieces.count == 2, "\(text) occurs \(pieces.count - 1) times in \(name)", sourceLocation: sourceLocation)
        return Array(pieces.joined(separator: replacement).utf8)
    }

    /// A Kubernetes time as the fixtures write it.
    static func at(_ text: String) -> Date {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime]
        return format.date(from: text)!
    }

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no fixture at \(path)" }
    }
}

/// Every recorded output is read without error, so a fixture added later cannot sit there untested.
@Suite struct KubectlFixturesTests {
    func names(_ directory: String) -> [String] {
        let path = Repository.path("fixtures/kubectl/" + directory)
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func everyRecordedResourceReads() throws {
        var read = 0
        for name in names("argo-rollouts") {
            let bytes = try KubectlFixtures.bytes("argo-rollouts/" + name)
            if name.hasPrefix("analysisrun-") {
                #expect(try AnalysisRunMetrics.parse(bytes).metrics.isEmpty == false, "\(name)")
            } else {
                _ = try ArgoRolloutStatus.parse(bytes)
            }
            read += 1
        }
        for name in names("flagger") { _ = try FlaggerCanaryStatus.parse(try KubectlFixtures.bytes("flagger/" + name)); read += 1 }
        for name in names("deployment") { _ = try DeploymentStatus.parse(try KubectlFixtures.bytes("deployment/" + name)); read += 1 }
        #expect(read == 18)
    }

    @Test func everyRecordedErrorIsRecognised() throws {
        let files = names("errors")
        #expect(files.count == 10)
        for name in files {
            let failure = KubectlFailure(errorOutput: try KubectlFixtures.bytes("errors/" + name))
            if case .other = failure { Issue.record("\(name) was not recognised: \(failure)") }
        }
    }
}
