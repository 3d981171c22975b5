import XCTest
@testable import GridStats

final class RouteTests: XCTestCase {
    /// Start S (0, 0), A (30, 0), B (30, 40), C (10, −40), given in the order B, C, S, A.
    ///
    /// Nearest neighbour from S: A (30 m; B is 50, C √1700 ≈ 41.2), then B (40; C is √2000 ≈ 44.7),
    /// then C (√6800 ≈ 82.5): 30 + 40 + √6800 ≈ 152.46 m, and its last leg B→C crosses S→A at (20, 0).
    /// 2-opt, worked by hand over the three reversals each round:
    ///   S A B C 152.46 → S B A C = 50 + 40 + √2000 ≈ 134.72 (best; S C B A 163.69, S A C B 157.18)
    ///   S B A C 134.72 → S C A B = √1700 + √2000 + 40 ≈ 125.95 (best; S A B C 152.46, S B C A 177.18)
    ///   S C A B: no reversal shortens it (S A C B 157.18, S B A C 134.72, S C B A 163.69).
    /// S C A B is also the shortest of all six orders from S, and has no crossing.
    func testTwoOptRemovesTheCrossingOfNearestNeighbour() {
        let xs: [Double] = [30, 10, 0, 30], ys: [Double] = [40, -40, 0, 0]   // B, C, S, A
        let b = 0, c = 1, s = 2, a = 3
        let greedy = Route.nearestNeighbour(xs: xs, ys: ys, start: s)
        XCTAssertEqual(greedy, [s, a, b, c])
        XCTAssertEqual(Route.length(greedy, xs: xs, ys: ys), 30 + 40 + 6800.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(Route.length(greedy, xs: xs, ys: ys), 152.4621, accuracy: 1e-4)

        let route = Route.order(xs: xs, ys: ys, start: s)
        XCTAssertEqual(route, [s, c, a, b])
        XCTAssertEqual(Route.length(route, xs: xs, ys: ys), 1700.0.squareRoot() + 2000.0.squareRoot() + 40, accuracy: 1e-9)
        XCTAssertEqual(Route.length(route, xs: xs, ys: ys), 125.9524, accuracy: 1e-4)   // 41.23106 + 44.72136 + 40
        let legs = Route.legs(route, xs: xs, ys: ys)
        XCTAssertEqual(legs.count, 3)
        XCTAssertEqual(legs[0], 41.2311, accuracy: 1e-4)
        XCTAssertEqual(legs[1], 44.7214, accuracy: 1e-4)
        XCTAssertEqual(legs[2], 40, accuracy: 1e-9)
    }

    /// Points along a line, visited in order from one end: nothing to improve.
    func testAStraightWalkIsLeftAlone() {
        let xs: [Double] = [0, 10, 25, 45], ys: [Double] = [0, 0, 0, 0]
        XCTAssertEqual(Route.order(xs: xs, ys: ys, start: 0), [0, 1, 2, 3])
        XCTAssertEqual(Route.length([0, 1, 2, 3], xs: xs, ys: ys), 45, accuracy: 1e-12)
        // From the far end the same walk backwards.
        XCTAssertEqual(Route.order(xs: xs, ys: ys, start: 3), [3, 2, 1, 0])
        // One point, or two: nothing to order.
        XCTAssertEqual(Route.order(xs: [5], ys: [5], start: 0), [0])
        XCTAssertEqual(Route.order(xs: [0, 3], ys: [0, 4], start: 1), [1, 0])
        XCTAssertEqual(Route.legs([1, 0], xs: [0, 3], ys: [0, 4]), [5])
    }
}
