/// Density-based clusters (DBSCAN, Ester et al. 1996) of planar points, in metres.
///
/// A point is a core point when at least `minPoints` points, itself included, lie within `eps`
/// of it. Clusters are the core points reachable from each other through core points, with the
/// non-core points within `eps` of one of them (border points; a border point reachable from
/// two clusters joins the first found, in point order). The rest is noise (−1). Neighbours are
/// found through a grid of `eps`-sized cells, never by comparing all pairs.
public enum DBSCAN {
    public static let noise = -1

    /// The cluster of each point (0, 1, … in order of their first core point), or −1 for noise.
    public static func labels(xs: [Double], ys: [Double], eps: Double, minPoints: Int) -> [Int] {
        let n = xs.count
        precondition(ys.count == n, "xs and ys must have the same length")
        guard n > 0, eps > 0 else { return Array(repeating: noise, count: n) }
        let index = CellIndex(xs: xs, ys: ys, cell: eps)
        let eps2 = eps * eps
        var neighbours: [Int] = []
        func neighbourhood(_ i: Int) -> [Int] {
            neighbours.removeAll(keepingCapacity: true)
            index.forEach(near: xs[i], ys[i]) { j in
                let dx = xs[j] - xs[i], dy = ys[j] - ys[i]
                if dx * dx + dy * dy <= eps2 { neighbours.append(j) }
            }
            return neighbours
        }
        // Core points first, so that cluster growth needs no second neighbourhood count.
        var core = [Bool](repeating: false, count: n)
        for i in 0..<n where neighbourhood(i).count >= minPoints { core[i] = true }

        var label = [Int](repeating: noise, count: n)
        var cluster = 0
        var queue: [Int] = []
        for start in 0..<n where core[start] && label[start] == noise {
            label[start] = cluster
            queue.removeAll(keepingCapacity: true)
            queue.append(start)
            var head = 0
            while head < queue.count {
                let p = queue[head]; head += 1
                for q in neighbourhood(p) where label[q] == noise {
                    label[q] = cluster
                    if core[q] { queue.append(q) }
                }
            }
            cluster += 1
        }
        return label
    }
}

/// Points bucketed in square cells of a given size, for neighbour searches within that size:
/// a dense table of cells when the points fill their extent, else a hash of the occupied ones.
struct CellIndex {
    let cell: Double
    let minX: Double, minY: Double
    let columns: Int, rows: Int
    /// Point indices sorted by cell key (row × columns + column).
    let order: [Int32]
    /// Dense: cell k's points are `order[start[k]..<start[k + 1]]`.
    let start: [Int32]
    /// Sparse: the same ranges for occupied cells only.
    let ranges: [Int: Range<Int>]

    init(xs: [Double], ys: [Double], cell: Double) {
        self.cell = cell
        minX = xs.min() ?? 0; minY = ys.min() ?? 0
        let maxX = xs.max() ?? 0, maxY = ys.max() ?? 0
        columns = Int(((maxX - minX) / cell).rounded(.down)) + 1
        rows = Int(((maxY - minY) / cell).rounded(.down)) + 1
        var key = [Int](repeating: 0, count: xs.count)
        for i in xs.indices {
            key[i] = Int(((ys[i] - minY) / cell).rounded(.down)) * columns + Int(((xs[i] - minX) / cell).rounded(.down))
        }
        let cells = columns.multipliedReportingOverflow(by: rows)
        if !cells.overflow && cells.partialValue <= 16 * xs.count + 1024 {
            var counts = [Int32](repeating: 0, count: cells.partialValue + 1)
            for k in key { counts[k + 1] += 1 }
            for k in 0..<cells.partialValue { counts[k + 1] += counts[k] }
            var fill = counts
            var order = [Int32](repeating: 0, count: xs.count)
            for i in xs.indices { order[Int(fill[key[i]])] = Int32(i); fill[key[i]] += 1 }
            self.order = order; start = counts; ranges = [:]
        } else {
            let sorted = xs.indices.sorted { (key[$0], $0) < (key[$1], $1) }
            var ranges: [Int: Range<Int>] = [:]
            var s = 0
            while s < sorted.count {
                var e = s + 1
                while e < sorted.count && key[sorted[e]] == key[sorted[s]] { e += 1 }
                ranges[key[sorted[s]]] = s..<e
                s = e
            }
            order = sorted.map { Int32($0) }; start = []; self.ranges = ranges
        }
    }

    /// Calls `body` with every point in the 3 × 3 cells around (x, y): a superset of those within `cell`.
    @inline(__always) func forEach(near x: Double, _ y: Double, _ body: (Int) -> Void) {
        let cx = Int(((x - minX) / cell).rounded(.down)), cy = Int(((y - minY) / cell).rounded(.down))
        for r in max(0, cy - 1)...min(rows - 1, cy + 1) {
            for c in max(0, cx - 1)...min(columns - 1, cx + 1) {
                let k = r * columns + c
                let range = start.isEmpty ? (ranges[k] ?? 0..<0) : Int(start[k])..<Int(start[k + 1])
                for s in range { body(Int(order[s])) }
            }
        }
    }
}
