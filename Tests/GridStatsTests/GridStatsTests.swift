import XCTest
@testable import GridStats

final class DBSCANTests: XCTestCase {
    /// Two squares of four points 1 m apart, a border point 1.49 m from two corners of the first,
    /// and a lone point; eps 1.5 m, 4 points (itself included) make a core.
    func testClustersBorderAndNoiseOnAHandMadeLayout() {
        let points: [(Double, Double)] = [(0, 0), (1, 0), (0, 1), (1, 1), (2.4, 0.5), (10, 10), (20, 0), (21, 0), (20, 1), (21, 1)]
        let labels = DBSCAN.labels(xs: points.map(\.0), ys: points.map(\.1), eps: 1.5, minPoints: 4)
        XCTAssertEqual(labels, [0, 0, 0, 0, 0, -1, 1, 1, 1, 1])
        // With 5 needed, only (1, 0) and (1, 1) are core (the square's three others, the border
        // point and themselves); the rest of the first square and the border point hang on them;
        // the second square (4 each) is noise.
        XCTAssertEqual(DBSCAN.labels(xs: points.map(\.0), ys: points.map(\.1), eps: 1.5, minPoints: 5), [0, 0, 0, 0, 0, -1, -1, -1, -1, -1])
    }

    /// A chain of points 1 m apart is one cluster through its core points; the two ends have only
    /// two points within 1 m (themselves and one neighbour), so with 3 they are border points.
    func testAChainIsOneClusterWithBorderEnds() {
        let xs = (0..<10).map(Double.init), ys = [Double](repeating: 0, count: 10)
        XCTAssertEqual(DBSCAN.labels(xs: xs, ys: ys, eps: 1, minPoints: 3), [Int](repeating: 0, count: 10))
        XCTAssertEqual(DBSCAN.labels(xs: xs, ys: ys, eps: 0.9, minPoints: 2), [Int](repeating: -1, count: 10))
    }

    /// The cell index gives the same answer as comparing all pairs, on random points, dense and
    /// spread out (the hashed form of the index).
    func testTheIndexAgreesWithAllPairs() {
        var state: UInt64 = 7
        func random() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        for spread in [100.0, 1_000_000.0] {
            let n = 600
            let xs = (0..<n).map { _ in random() * spread }, ys = (0..<n).map { _ in random() * 100 }
            let eps = 4.0, minPoints = 3
            func near(_ i: Int, _ j: Int) -> Bool {
                let dx = xs[i] - xs[j], dy = ys[i] - ys[j]
                return dx * dx + dy * dy <= eps * eps
            }
            // All pairs, the textbook way.
            let core: [Bool] = (0..<n).map { i in (0..<n).filter { near(i, $0) }.count >= minPoints }
            let labels = DBSCAN.labels(xs: xs, ys: ys, eps: eps, minPoints: minPoints)
            for i in 0..<n {
                XCTAssertEqual(labels[i] >= 0 && core[i], core[i], "core point \(i) must be in a cluster")
                if labels[i] < 0 {
                    let nearCore = (0..<n).contains { j in core[j] && near(i, j) }
                    XCTAssertFalse(nearCore, "noise point \(i) is within eps of a core point")
                }
            }
            // Core points within eps of each other share a cluster.
            for i in 0..<n where core[i] {
                for j in 0..<n where core[j] && near(i, j) {
                    XCTAssertEqual(labels[i], labels[j])
                }
            }
        }
    }
}

final class GetisOrdTests: XCTestCase {
    /// A hand-made 5 × 5 grid of counts, queen neighbours (the eight around) plus the bin itself;
    /// expected z-scores from PySAL esda 2.x: `G_Local(y, lat2W(5, 5, rook=False), transform='B',
    /// star=True).Zs`.
    func testZScoresEqualPySAL() {
        let y: [Double] = [0, 1, 2, 1, 0,
                           1, 3, 8, 4, 1,
                           2, 7, 12, 6, 2,
                           0, 2, 5, 3, 1,
                           0, 0, 1, 0, 0]
        let expected = [-0.886039300864, 0.018550531033, 0.636901565477, 0.173138289644, -0.70595001207,
                        -0.136037227578, 1.881621978863, 2.981985709192, 1.881621978863, -0.136037227578,
                        0.018550531033, 2.431803844028, 3.807258506939, 2.70689477661, 0.327726048255,
                        -0.59980050341, 0.918803714825, 1.881621978863, 1.056349181116, -0.445212744799,
                        -1.426307167244, -1.063563779242, -0.59980050341, -0.754388262021, -1.066128589657]
        let neighbours: [[Int]] = (0..<25).map { (i: Int) -> [Int] in
            (0..<25).filter { (j: Int) -> Bool in abs(i / 5 - j / 5) <= 1 && abs(i % 5 - j % 5) <= 1 }
        }
        let z = GetisOrd.zScores(y, neighbours: neighbours)
        for i in 0..<25 { XCTAssertEqual(z[i], expected[i], accuracy: 1e-9, "bin \(i)") }
    }

    func testSignificance() {
        // Φ(1.959963985) = 0.975: two-sided p 0.05.
        XCTAssertEqual(Significance.twoSided(1.959963984540054), 0.05, accuracy: 1e-12)
        XCTAssertEqual(Significance.confidence(z: 3.807, p: Significance.twoSided(3.807)), 3)
        XCTAssertEqual(Significance.confidence(z: -2.0, p: Significance.twoSided(-2.0)), -2)
        XCTAssertEqual(Significance.confidence(z: 1.7, p: Significance.twoSided(1.7)), 1)
        XCTAssertEqual(Significance.confidence(z: 1.6, p: Significance.twoSided(1.6)), 0)
    }

    /// Worked by hand: sorted p 0.005, 0.01, 0.03, 0.04, 0.2 against k × 0.05 / 5 = 0.01, 0.02,
    /// 0.03, 0.04, 0.05: the first four pass. And the step-up rule: 0.02, 0.03, 0.04, 0.05 against
    /// 0.0125, 0.025, 0.0375, 0.05 fail the first three but pass the fourth, so all four count.
    func testBenjaminiHochberg() {
        XCTAssertEqual(Significance.benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]), [true, true, true, true, false])
        XCTAssertEqual(Significance.benjaminiHochberg([0.02, 0.03, 0.04, 0.05]), [true, true, true, true])
        XCTAssertEqual(Significance.benjaminiHochberg([0.02, 0.03, 0.04, 0.06]), [false, false, false, false])
    }

    /// Worked by hand: 1…5 has S = 10, Var = 5·4·15/18, z = 9/√Var = 2.2045…; 1, 1, 2, 3 has
    /// S = 5, Var = (4·3·13 − 2·1·9)/18 (one pair of ties), z = 4/√Var.
    func testMannKendall() {
        let up = MannKendall.test([1, 2, 3, 4, 5])
        XCTAssertEqual(up.s, 10)
        XCTAssertEqual(up.variance, 300.0 / 18, accuracy: 1e-12)
        XCTAssertEqual(up.z, 2.2045407685048604, accuracy: 1e-12)
        XCTAssertEqual(up.p, 0.027486, accuracy: 1e-6)
        let tied = MannKendall.test([1, 1, 2, 3])
        XCTAssertEqual(tied.s, 5)
        XCTAssertEqual(tied.variance, 138.0 / 18, accuracy: 1e-12)
        XCTAssertEqual(tied.z, 1.4446302370292303, accuracy: 1e-12)
        XCTAssertEqual(MannKendall.test([5, 4, 3, 2, 1]).z, -2.2045407685048604, accuracy: 1e-12)
        XCTAssertEqual(MannKendall.test([2, 2, 2]).z, 0)
    }
}

/// Every emerging category, from hand-made series of ten steps: significant steps have p 0.01,
/// the others 0.5; the trends were worked out by hand (1…10 rising by 0.5: S = 45, p < 0.001;
/// 3, 4, 3, 4, …: S = 5, p = 0.68).
final class EmergingHotSpotTests: XCTestCase {
    /// A series hot (+) at `hot`, cold (−) at `cold`, with z-scores `z` where given (else 3).
    func series(hot: [Int] = [], cold: [Int] = [], z: [Double]? = nil) -> ([Double], [Double]) {
        var zs = z ?? [Double](repeating: 0, count: 10), ps = [Double](repeating: 0.5, count: 10)
        for t in hot { if z == nil { zs[t] = 3 }; ps[t] = 0.01 }
        for t in cold { if z == nil { zs[t] = -3 }; ps[t] = 0.01 }
        return (zs, ps)
    }

    func category(_ s: ([Double], [Double])) -> EmergingCategory { EmergingCategory.classify(z: s.0, p: s.1) }
    func mirror(_ s: ([Double], [Double])) -> ([Double], [Double]) { (s.0.map { -$0 }, s.1) }

    func testEveryCategory() {
        let all = Array(0..<10)
        let rising = (0..<10).map { 2 + 0.5 * Double($0) }
        let cases: [(([Double], [Double]), EmergingCategory, EmergingCategory)] = [
            (series(), .noPattern, .noPattern),
            (series(hot: [9]), .newHot, .newCold),
            (series(hot: [9], cold: [3]), .newHot, .newCold),                 // new before oscillating
            (series(hot: [7, 8, 9]), .consecutiveHot, .consecutiveCold),
            (series(hot: all, z: rising), .intensifyingHot, .intensifyingCold),
            (series(hot: all, z: rising.reversed()), .diminishingHot, .diminishingCold),
            (series(hot: all, z: (0..<10).map { $0 % 2 == 0 ? 3 : 4 }), .persistentHot, .persistentCold),
            (series(hot: [2, 5, 9]), .sporadicHot, .sporadicCold),
            (series(hot: [5, 7, 8, 9]), .sporadicHot, .sporadicCold),         // a run at the end, but hot before it
            (series(hot: [7, 9], cold: [3]), .oscillatingHot, .oscillatingCold),
            (series(hot: Array(0..<9)), .historicalHot, .historicalCold),     // 9 of 10 hot, not the last
        ]
        for (s, hot, cold) in cases {
            XCTAssertEqual(category(s), hot, "\(s.0)")
            XCTAssertEqual(category(mirror(s)), cold, "mirrored \(s.0)")
        }
        XCTAssertEqual(Set(cases.flatMap { [$0.1, $0.2] }), Set(EmergingCategory.allCases))
    }
}

final class DBSCANOrderTests: XCTestCase {
    /// The labels, border points included, are those of the textbook algorithm (Ester et al. 1996,
    /// all pairs, clusters grown one after another from each unlabelled core point in point order,
    /// so that a border point goes to the first of them that reaches it), on one thread and on four, on
    /// random points dense enough that many border points lie between two clusters.
    func testLabelsEqualTheTextbookAlgorithmBorderPointsIncluded() {
        var state: UInt64 = 11
        func random() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        // Uniform in a square (the dense table of cells), and ten blobs 100 km apart on a line (the hash of cells).
        let square = (0..<800).map { _ in (random() * 60, random() * 60) }
        let blobs = (0..<500).map { i in (Double(i % 10) * 100_000 + random() * 30, random() * 30) }
        for (points, eps, minPoints) in [(square, 2.5, 4), (blobs, 5.0, 4), (square, 3.5, 9)] {
            let n = points.count, xs = points.map(\.0), ys = points.map(\.1)
            func neighbours(_ i: Int) -> [Int] {
                (0..<n).filter { j in (xs[i] - xs[j]) * (xs[i] - xs[j]) + (ys[i] - ys[j]) * (ys[i] - ys[j]) <= eps * eps }
            }
            let near = (0..<n).map(neighbours)
            let core = near.map { $0.count >= minPoints }
            var expected = [Int](repeating: -1, count: n), cluster = 0
            for start in 0..<n where core[start] && expected[start] < 0 {
                expected[start] = cluster
                var queue = [start], head = 0
                while head < queue.count {
                    let p = queue[head]; head += 1
                    for q in near[p] where expected[q] < 0 {
                        expected[q] = cluster
                        if core[q] { queue.append(q) }
                    }
                }
                cluster += 1
            }
            XCTAssertGreaterThan(cluster, 1, "the layout must have several clusters")
            XCTAssertEqual(DBSCAN.labels(xs: xs, ys: ys, eps: eps, minPoints: minPoints, workers: 1), expected)
            XCTAssertEqual(DBSCAN.labels(xs: xs, ys: ys, eps: eps, minPoints: minPoints, workers: 4), expected)
        }
    }
}
