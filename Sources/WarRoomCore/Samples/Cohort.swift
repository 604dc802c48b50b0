import Foundation

/// Which version of a release a pod runs, as the rollout controller tells them apart: the canary (the new version
/// under test) or the stable one. A pod whose version the controller does not name has no cohort, never a guess.
public enum Cohort: String, Sendable, Codable, Hashable, CaseIterable {
    case canary, stable
}
