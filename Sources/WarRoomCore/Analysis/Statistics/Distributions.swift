import Foundation

/// The distributions the judge's tests need, written once: the standard normal, the regularized incomplete beta (for
/// F and binomial tails) and the binomial.
public enum Distributions {
    /// P(Z ≤ z) for a standard normal Z.
    public static func normalCDF(_ z: Double) -> Double { fatalError("unimplemented") }

    /// The z with P(Z ≤ z) = p, for 0 < p < 1.
    public static func normalQuantile(_ p: Double) -> Double { fatalError("unimplemented") }

    /// I_x(a, b), the regularized incomplete beta function.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double { fatalError("unimplemented") }

    /// P(F > f) for F with d1 and d2 degrees of freedom.
    public static func fSurvival(_ f: Double, d1: Double, d2: Double) -> Double { fatalError("unimplemented") }
}
