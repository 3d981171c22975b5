/// A short open route through planar points (metres): nearest neighbour from a given start,
/// then improved by 2-opt until no reversal of a stretch makes it shorter.
///
/// The route starts at `start` and ends wherever it ends (a walk, not a round trip). Distances
/// are straight lines. Nearest neighbour breaks ties by the lower index. 2-opt takes, each round,
/// the reversal of a stretch `i…j` (never moving the start) that shortens the route the most, and
/// stops when none shortens it by more than a micrometre; a route with two stretches crossing can
/// always be shortened that way, so the result has no crossings.
public enum Route {
    /// The order in which to visit the points: indices into `xs`/`ys`, `start` first.
    public static func order(xs: [Double], ys: [Double], start: Int) -> [Int] {
        improved(nearestNeighbour(xs: xs, ys: ys, start: start), xs: xs, ys: ys)
    }

    /// Nearest neighbour from `start`: always to the closest point not yet visited (lower index
    /// on a tie).
    public static func nearestNeighbour(xs: [Double], ys: [Double], start: Int) -> [Int] {
        let n = xs.count
        precondition(ys.count == n, "xs and ys must have the same length")
        guard n > 0 else { return [] }
        precondition((0..<n).contains(start), "start must be one of the points")
        var visited = [Bool](repeating: false, count: n)
        var path = [start]
        visited[start] = true
        while path.count < n {
            let here = path[path.count - 1]
            var best = -1, bestD = Double.infinity
            for j in 0..<n where !visited[j] {
                let d = distance(here, j, xs, ys)
                if d < bestD { best = j; bestD = d }
            }
            visited[best] = true
            path.append(best)
        }
        return path
    }

    /// 2-opt on an open route with its first point fixed: reversing `path[i...j]` (1 ≤ i < j)
    /// replaces the edges (i−1, i) and (j, j+1) by (i−1, j) and (i, j+1) — only the first pair
    /// when j is the last point.
    public static func improved(_ route: [Int], xs: [Double], ys: [Double]) -> [Int] {
        var path = route
        let n = path.count
        guard n > 2 else { return path }
        while true {
            var bestGain = 1e-6, move: (Int, Int)?
            for i in 1..<(n - 1) {
                for j in (i + 1)..<n {
                    let a = path[i - 1], b = path[i], c = path[j]
                    var gain = distance(a, b, xs, ys) - distance(a, c, xs, ys)
                    if j + 1 < n {
                        let d = path[j + 1]
                        gain += distance(c, d, xs, ys) - distance(b, d, xs, ys)
                    }
                    if gain > bestGain { bestGain = gain; move = (i, j) }
                }
            }
            guard let (i, j) = move else { return path }
            path[i...j].reverse()
        }
    }

    /// The length of a route: the sum of its straight legs.
    public static func length(_ path: [Int], xs: [Double], ys: [Double]) -> Double {
        legs(path, xs: xs, ys: ys).reduce(0, +)
    }

    /// Each leg's length: from point k−1 to point k of the route, for k ≥ 1.
    public static func legs(_ path: [Int], xs: [Double], ys: [Double]) -> [Double] {
        path.count < 2 ? [] : (1..<path.count).map { distance(path[$0 - 1], path[$0], xs, ys) }
    }

    @inline(__always) static func distance(_ i: Int, _ j: Int, _ xs: [Double], _ ys: [Double]) -> Double {
        let dx = xs[i] - xs[j], dy = ys[i] - ys[j]
        return (dx * dx + dy * dy).squareRoot()
    }
}
