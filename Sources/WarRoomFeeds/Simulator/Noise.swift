/// Deterministic randomness for the simulator: every draw is a pure function of its inputs (SplitMix64 finaliser),
/// so a value depends only on (seed, metric, grid index) and never on what was asked before.
struct Noise: Sendable, Hashable {
    let seed: UInt64

    /// The SplitMix64 output function: a strong 64-bit bijective mixer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a, because Swift's `Hasher` is seeded per process and would break reproducibility across runs.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// 64 random bits for one (stream, index, salt) triple.
    func bits(_ stream: UInt64, _ index: Int, _ salt: UInt64 = 0) -> UInt64 {
        Self.mix(seed ^ Self.mix(stream ^ Self.mix(UInt64(bitPattern: Int64(index)) ^ Self.mix(salt))))
    }

    /// A uniform value in [0, 1).
    func unit(_ stream: UInt64, _ index: Int, _ salt: UInt64 = 0) -> Double {
        Double(bits(stream, index, salt) >> 11) / Double(1 << 53)
    }

    /// A uniform value in [-1, 1).
    func signed(_ stream: UInt64, _ index: Int, _ salt: UInt64 = 0) -> Double {
        unit(stream, index, salt) * 2 - 1
    }

    /// Smooth value noise in [-1, 1]: random knots every `span` indices, eased in between, so series wander
    /// rather than jump while each point is still computed on its own.
    func smooth(_ stream: UInt64, _ index: Int, span: Int) -> Double {
        let knot = index >= 0 ? index / span : -((-index + span - 1) / span)
        let fraction = Double(index - knot * span) / Double(span)
        let eased = fraction * fraction * (3 - 2 * fraction)
        let a = signed(stream, knot, 0x5EED), b = signed(stream, knot + 1, 0x5EED)
        return a + (b - a) * eased
    }
}
