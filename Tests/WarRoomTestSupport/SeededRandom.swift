import Foundation

/// A reproducible random source (SplitMix64). Its seed comes from WARROOM_SEED when set, so a failure seen once
/// can be replayed, and is printed either way.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// A random seed, or WARROOM_SEED's; printed with `label` so the run can be repeated.
    public init(label: String) {
        let given = ProcessInfo.processInfo.environment["WARROOM_SEED"].flatMap { UInt64($0) }
        self.init(seed: given ?? UInt64.random(in: 0...UInt64.max))
        print("[\(label)] seed \(seed) (repeat with WARROOM_SEED=\(seed))")
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
