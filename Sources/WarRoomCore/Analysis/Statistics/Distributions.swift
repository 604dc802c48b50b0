import Foundation

/// The distributions the judge's tests need, written once: the standard normal, the regularized incomplete beta (for
/// F and binomial tails, and the beta quantile behind Clopper-Pearson intervals) and the binomial.
///
/// Every function is pure and thread-safe (`lgamma_r`, never `lgamma` and its global `signgam`). Accuracy is checked
/// against scipy by `StatisticsTests`: the normal's functions to about 1e-15 relative, the incomplete beta and what is
/// built on it to about 1e-12 relative for the parameters a judge meets (counts up to some thousands).
public enum Distributions {
    /// P(Z ≤ z) for a standard normal Z, from `erfc`, so the lower tail keeps its relative accuracy far out
    /// (normalCDF(-30) ≈ 4.9e-198, not 0).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z * squareRootHalf)
    }

    /// P(Z > z) for a standard normal Z: `normalCDF(-z)`, accurate in the upper tail.
    public static func normalSurvival(_ z: Double) -> Double {
        0.5 * erfc(z * squareRootHalf)
    }

    /// The z with P(Z ≤ z) = p, for 0 < p < 1; −infinity at 0, +infinity at 1, NaN outside [0, 1].
    ///
    /// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988): a rational approximation in p − 1/2 near the
    /// centre and in sqrt(−log r), r the nearer tail's probability, further out; relative error about 1e-16.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(r, centralNumerator) / polynomial(r, centralDenominator)
        }
        // The nearer tail's probability, exactly: 1 − p is exact for p ≥ 1/2.
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let z: Double
        if r <= 5 {
            r -= 1.6
            z = polynomial(r, intermediateNumerator) / polynomial(r, intermediateDenominator)
        } else {
            r -= 5
            z = polynomial(r, farNumerator) / polynomial(r, farDenominator)
        }
        return q < 0 ? -z : z
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1 (NaN otherwise).
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x, 1 - x, a: a, b: b)
    }

    /// P(F > f) for F with d1 and d2 degrees of freedom: I_{d2/(d2 + d1·f)}(d2/2, d1/2), with both the argument and
    /// its complement worked out directly so neither tail loses digits. 1 for f ≤ 0.
    public static func fSurvival(_ f: Double, d1: Double, d2: Double) -> Double {
        guard !f.isNaN, d1 > 0, d2 > 0 else { return .nan }
        guard f > 0 else { return 1 }
        guard f.isFinite else { return 0 }
        let scaled = d1 * f
        let denominator = d2 + scaled
        return incompleteBeta(d2 / denominator, scaled / denominator, a: d2 / 2, b: d1 / 2)
    }

    /// The x with I_x(a, b) = probability: the beta distribution's quantile (scipy's `beta.ppf`). Bisection on the
    /// bits of x, so it ends at adjacent doubles whatever x's size, in at most 64 evaluations.
    public static func betaQuantile(_ probability: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, probability >= 0, probability <= 1 else { return .nan }
        if probability == 0 { return 0 }
        if probability == 1 { return 1 }
        return solveIncompleteBeta(probability, a: a, b: b)
    }

    /// P(X = k) for X binomial with n trials and success probability p, from log-gamma.
    public static func binomialPMF(_ k: Int, n: Int, p: Double) -> Double {
        binomialPMF(k, n: n, p: p, q: 1 - p)
    }

    /// P(X ≤ k) for X binomial with n trials and success probability p (scipy's `binom.cdf`).
    public static func binomialCDF(_ k: Int, n: Int, p: Double) -> Double {
        binomialCDF(k, n: n, p: p, q: 1 - p)
    }

    /// P(X > k) for X binomial with n trials and success probability p (scipy's `binom.sf`).
    public static func binomialSurvival(_ k: Int, n: Int, p: Double) -> Double {
        binomialSurvival(k, n: n, p: p, q: 1 - p)
    }

    // MARK: - With the complement given

    // The binomial functions with q = 1 − p given by the caller, who can often work it out exactly (a share of two
    // exposures) where 1 − p would round.

    static func binomialPMF(_ k: Int, n: Int, p: Double, q: Double) -> Double {
        guard n >= 0, p >= 0, q >= 0, !p.isNaN, !q.isNaN else { return .nan }
        guard k >= 0, k <= n else { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if q == 0 { return k == n ? 1 : 0 }
        let logChoose = logGamma(Double(n) + 1) - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1)
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log(q))
    }

    static func binomialCDF(_ k: Int, n: Int, p: Double, q: Double) -> Double {
        guard n >= 0, p >= 0, q >= 0, !p.isNaN, !q.isNaN else { return .nan }
        if k < 0 { return 0 }
        if k >= n { return 1 }
        // P(X ≤ k) = I_q(n − k, k + 1).
        return incompleteBeta(q, p, a: Double(n - k), b: Double(k) + 1)
    }

    static func binomialSurvival(_ k: Int, n: Int, p: Double, q: Double) -> Double {
        guard n >= 0, p >= 0, q >= 0, !p.isNaN, !q.isNaN else { return .nan }
        if k < 0 { return 1 }
        if k >= n { return 0 }
        // P(X > k) = P(X ≥ k + 1) = I_p(k + 1, n − k).
        return incompleteBeta(p, q, a: Double(k) + 1, b: Double(n - k))
    }

    /// The x in (0, 1) with I_x(a, b) = target, 0 < target < 1: the smallest double where the computed I reaches the
    /// target. I is increasing in x, and positive doubles order as their bit patterns, so bisecting the patterns
    /// pins x to one ulp in at most 62 steps.
    static func solveIncompleteBeta(_ target: Double, a: Double, b: Double) -> Double {
        var low = Double(0).bitPattern
        var high = Double(1).bitPattern
        while high - low > 1 {
            let middle = low + (high - low) / 2
            let x = Double(bitPattern: middle)
            if regularizedIncompleteBeta(x, a: a, b: b) < target {
                low = middle
            } else {
                high = middle
            }
        }
        return Double(bitPattern: high)
    }

    /// I_x(a, b) with y = 1 − x given as well. The continued fraction (Lentz's method) converges fast for
    /// x < (a + 1)/(a + b + 2); beyond that, the symmetry I_x(a, b) = 1 − I_y(b, a) is used.
    static func incompleteBeta(_ x: Double, _ y: Double, a: Double, b: Double) -> Double {
        guard !x.isNaN, !y.isNaN, a > 0, b > 0, x >= 0, y >= 0 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - incompleteBetaByFraction(y, x, a: b, b: a)
        }
        return incompleteBetaByFraction(x, y, a: a, b: b)
    }

    /// x^a·y^b / (a·B(a, b)) times the continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))), with
    /// d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)) and d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    private static func incompleteBetaByFraction(_ x: Double, _ y: Double, a: Double, b: Double) -> Double {
        let logFront = a * log(x) + b * log(y) - logBeta(a, b)
        let front = exp(logFront) / a
        if front == 0 { return 0 }
        // Modified Lentz: f = b₀ + a₁/(b₁ + a₂/(b₂ + …)) with b₀ = 0, a₁ = 1, every bⱼ = 1 and aⱼ₊₁ = dⱼ.
        let tiny = 1e-300
        var f = tiny
        var c = f
        var d = 0.0
        var j = 0
        while j < 100_000 {
            let numerator: Double
            if j == 0 {
                numerator = 1
            } else if j % 2 == 1 {
                let m = Double((j - 1) / 2)
                numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            } else {
                let m = Double(j / 2)
                numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            }
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = c * d
            f *= delta
            j += 1
            if abs(delta - 1) <= 3e-16 { break }
        }
        return front * f
    }

    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    private static let squareRootHalf = 0.5.squareRoot()

    /// c₀ + c₁r + … + cₙrⁿ, by Horner's rule.
    private static func polynomial(_ r: Double, _ coefficients: [Double]) -> Double {
        var sum = 0.0
        for coefficient in coefficients.reversed() { sum = sum * r + coefficient }
        return sum
    }

    // AS 241's coefficients, lowest power first; each denominator's constant term is 1.
    private static let centralNumerator: [Double] = [
        3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
        4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
    ]
    private static let centralDenominator: [Double] = [
        1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
        2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3,
    ]
    private static let intermediateNumerator: [Double] = [
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
    ]
    private static let intermediateDenominator: [Double] = [
        1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
    ]
    private static let farNumerator: [Double] = [
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    private static let farDenominator: [Double] = [
        1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
    ]
}
