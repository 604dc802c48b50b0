import Foundation
import Testing
import WarRoomCore

/// A controller's status is journaled: what is written must read back as the same value, phases as their words.
@Suite struct ControllerStatusCodingTests {
    static let full = ControllerStatus(
        kind: .argoRollout, name: "checkout", namespace: "shop", phase: .paused, rawPhase: "Paused", message: "CanaryPauseStep",
        step: .init(index: 1, count: 6), weight: .init(set: 20, actual: nil),
        pause: .init(reason: "CanaryPauseStep", since: Date(timeIntervalSince1970: 1_796_562_107.25)),
        analysis: .init(name: "checkout-7c9f6d4bb8-5-3", phase: .running, message: nil, metrics: [
            .init(name: "success-rate", phase: .running, latest: .init(phase: .successful, value: "[0.9958]", time: Date(timeIntervalSince1970: 1_796_562_692))),
            .init(name: "custom", phase: .other("Skipped"), latest: nil),
        ]),
        checks: .init(failed: 1, threshold: 5), replicas: .init(desired: 10, updated: 2, ready: 12, available: 12),
        stableHash: "6b4d7c9f55", canaryHash: "7c9f6d4bb8", generationLag: 0)

    @Test func aStatusReadsBackAsWritten() throws {
        let data = try JSONEncoder().encode(Self.full)
        #expect(try JSONDecoder().decode(ControllerStatus.self, from: data) == Self.full)
        let bare = ControllerStatus(kind: .deployment, name: "ledger", phase: .unknown, rawPhase: "")
        #expect(try JSONDecoder().decode(ControllerStatus.self, from: JSONEncoder().encode(bare)) == bare)
    }

    @Test func phasesAreWrittenAsWords() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(Self.full), as: UTF8.self)
        #expect(text.contains(#""kind":"argo-rollout""#))
        #expect(text.contains(#""phase":"paused""#))
        #expect(text.contains(#""phase":"Running""#))
        #expect(text.contains(#""phase":"Skipped""#))
    }

    @Test func analysisPhasesKeepWordsTheyDoNotKnow() {
        #expect(AnalysisPhase(rawValue: "Inconclusive") == .inconclusive)
        #expect(AnalysisPhase(rawValue: "") == .pending)
        #expect(AnalysisPhase(rawValue: "Skipped") == .other("Skipped"))
        #expect(AnalysisPhase(rawValue: "Skipped").rawValue == "Skipped")
        #expect(AnalysisPhase.failed.isCompleted && !AnalysisPhase.running.isCompleted && !AnalysisPhase.other("x").isCompleted)
    }
}
