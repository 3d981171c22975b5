import Foundation

/// Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary weights, each location its
/// own neighbour:
///
///   z_i = (Σ_j w_ij x_j − X̄ W_i) / (S √[(n Σ_j w_ij² − W_i²) / (n − 1)]),
///   X̄ = Σ x / n,  S = √(Σ x² / n − X̄²),  W_i = Σ_j w_ij
///
/// (DOMAIN.md §7), the value of PySAL esda `G_Local(y, w, transform='B', star=True).Zs`.
public enum GetisOrd {
    /// The z-score of every location; `neighbours[i]` lists the locations j with w_ij = 1 and must
    /// hold i itself. All zeros when every value is the same (S = 0: nothing stands out).
    public static func zScores(_ x: [Double], neighbours: [[Int]]) -> [Double] {
        let n = Double(x.count)
        guard x.count > 1 else { return Array(repeating: 0, count: x.count) }
        let mean = x.reduce(0, +) / n
        let s = (max(0, x.reduce(0) { $0 + $1 * $1 } / n - mean * mean)).squareRoot()
        guard s > 0 else { return Array(repeating: 0, count: x.count) }
        return neighbours.map { list in
            let w = Double(list.count)
            let sum = list.reduce(0.0) { $0 + x[$1] }
            let denominator = s * ((n * w - w * w) / (n - 1)).squareRoot()
            return denominator > 0 ? (sum - mean * w) / denominator : 0
        }
    }
}

/// Two-sided p-values, confidence bins and the false-discovery-rate correction.
public enum Significance {
    /// The standard normal distribution function, Φ(z) = ½ erfc(−z / √2).
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// The two-sided p-value of a z-score, 2 (1 − Φ(|z|)).
    public static func twoSided(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// −3…3: the sign of z times 3, 2 or 1 when p ≤ 0.01, 0.05 or 0.10 (99/95/90 %), else 0.
    public static func confidence(z: Double, p: Double) -> Int {
        let level = p <= 0.01 ? 3 : p <= 0.05 ? 2 : p <= 0.10 ? 1 : 0
        return z < 0 ? -level : level
    }

    /// Benjamini–Hochberg (1995): with p-values sorted ascending p(1) ≤ … ≤ p(m), find the largest
    /// k with p(k) ≤ k α / m and call the k smallest significant. Returns, per input, whether it is.
    public static func benjaminiHochberg(_ p: [Double], alpha: Double = 0.05) -> [Bool] {
        let m = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var k = 0
        for (rank, i) in order.enumerated() where p[i] <= Double(rank + 1) * alpha / Double(m) { k = rank + 1 }
        var significant = [Bool](repeating: false, count: m)
        for i in order.prefix(k) { significant[i] = true }
        return significant
    }
}

/// The Mann-Kendall trend test (Mann 1945; Kendall 1975) on a series in time order.
public enum MannKendall {
    public struct Result: Sendable, Equatable {
        /// S = Σ_{i<j} sign(x_j − x_i).
        public let s: Int
        /// Var(S) with the ties correction: [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18.
        public let variance: Double
        /// (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0, else 0.
        public let z: Double
        /// Two-sided.
        public let p: Double
    }

    public static func test(_ x: [Double]) -> Result {
        let n = x.count
        var s = 0
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { s += x[j] > x[i] ? 1 : x[j] < x[i] ? -1 : 0 } }
        var ties: [Double: Int] = [:]
        for v in x { ties[v, default: 0] += 1 }
        let tieTerm = ties.values.reduce(0) { $0 + $1 * ($1 - 1) * (2 * $1 + 5) }
        let variance = Double(n * (n - 1) * (2 * n + 5) - tieTerm) / 18
        let z = variance > 0 ? (s > 0 ? Double(s - 1) / variance.squareRoot() : s < 0 ? Double(s + 1) / variance.squareRoot() : 0) : 0
        return Result(s: s, variance: variance, z: z, p: Significance.twoSided(z))
    }
}
