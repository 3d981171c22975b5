import Foundation

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
    ///
    /// The points are visited cell by cell (their coordinates copied in that order, so that a
    /// neighbourhood is read from contiguous memory); core points are found on `workers` threads,
    /// counting each neighbourhood only until it has `minPoints`; clusters then grow from core
    /// points, skipping labelled points before measuring and cells with none left unlabelled.
    public static func labels(xs: [Double], ys: [Double], eps: Double, minPoints: Int,
                              workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Int] {
        let n = xs.count
        precondition(ys.count == n, "xs and ys must have the same length")
        guard n > 0, eps > 0 else { return Array(repeating: noise, count: n) }
        let index = CellIndex(xs: xs, ys: ys, cell: eps)
        let eps2 = eps * eps
        // Position s holds point order[s]: coordinates in cell order.
        let sx = index.order.map { xs[Int($0)] }, sy = index.order.map { ys[Int($0)] }

        // Core points, by position; each thread takes every `threads`-th block of positions.
        let flags = CoreFlags(count: n)
        let block = 4096, blocks = (n + block - 1) / block, threads = max(1, min(workers, blocks))
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            sx.withUnsafeBufferPointer { sx in
                sy.withUnsafeBufferPointer { sy in
                    for b in stride(from: w, to: blocks, by: threads) {
                        for s in (b * block)..<min(n, (b + 1) * block) {
                            flags.set(s, index.countsAtLeast(minPoints, near: sx[s], sy[s], within: eps2, sx, sy))
                        }
                    }
                }
            }
        }
        let core = flags.array()

        // Clusters grow in point order from each unlabelled core point, breadth first.
        var position = [Int32](repeating: 0, count: n)
        for (s, i) in index.order.enumerated() { position[Int(i)] = Int32(s) }
        var label = [Int32](repeating: -1, count: n)
        var remaining = index.counts()
        var cluster: Int32 = 0
        var queue: [Int32] = []
        for start in 0..<n {
            let s0 = Int(position[start])
            guard core[s0] && label[s0] < 0 else { continue }
            label[s0] = cluster
            remaining[index.slot(of: sx[s0], sy[s0])] -= 1
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(s0))
            var head = 0
            while head < queue.count {
                let p = Int(queue[head]); head += 1
                let x = sx[p], y = sy[p]
                index.forEachSlot(near: x, y) { slot, range in
                    guard remaining[slot] > 0 else { return }
                    for q in range where label[q] < 0 {
                        let dx = sx[q] - x, dy = sy[q] - y
                        guard dx * dx + dy * dy <= eps2 else { continue }
                        label[q] = cluster
                        remaining[slot] -= 1
                        if core[q] { queue.append(Int32(q)) }
                    }
                }
            }
            cluster += 1
        }
        var result = [Int](repeating: noise, count: n)
        for (s, i) in index.order.enumerated() { result[Int(i)] = Int(label[s]) }
        return result
    }
}

/// One flag per point, set from several threads, each its own points.
private final class CoreFlags: @unchecked Sendable {
    private let flags: UnsafeMutableBufferPointer<Bool>
    init(count: Int) { flags = .allocate(capacity: count); flags.initialize(repeating: false) }
    deinit { flags.deallocate() }
    func set(_ i: Int, _ value: Bool) { flags[i] = value }
    func array() -> [Bool] { Array(flags) }
}

/// Points bucketed in square cells of a given size, for neighbour searches within that size:
/// a dense table of cells when the points fill their extent, else a hash of the occupied ones.
/// Each cell in use has a slot; a slot's points are `order[start[slot]..<start[slot + 1]]`, in
/// point order, and the slots run in cell order (row × columns + column).
struct CellIndex: Sendable {
    let cell: Double
    let minX: Double, minY: Double
    let columns: Int, rows: Int
    /// Point indices sorted by cell key (row × columns + column), then by index.
    let order: [Int32]
    /// Where each slot's points begin in `order`, and one past the last.
    let start: [Int32]
    /// Sparse: the slot of each occupied cell's key. Dense (empty): a cell's slot is its key.
    let slots: [Int: Int]

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
            self.order = order; start = counts; slots = [:]
        } else {
            let sorted = xs.indices.sorted { (key[$0], $0) < (key[$1], $1) }
            var slots: [Int: Int] = [:], start: [Int32] = []
            var s = 0
            while s < sorted.count {
                var e = s + 1
                while e < sorted.count && key[sorted[e]] == key[sorted[s]] { e += 1 }
                slots[key[sorted[s]]] = start.count
                start.append(Int32(s))
                s = e
            }
            start.append(Int32(sorted.count))
            order = sorted.map { Int32($0) }; self.start = start; self.slots = slots
        }
    }

    /// How many points each slot holds.
    func counts() -> [Int32] { (0..<(start.count - 1)).map { start[$0 + 1] - start[$0] } }

    /// The slot of the cell that holds (x, y), a point of the index.
    @inline(__always) func slot(of x: Double, _ y: Double) -> Int {
        let k = Int(((y - minY) / cell).rounded(.down)) * columns + Int(((x - minX) / cell).rounded(.down))
        return slots.isEmpty ? k : slots[k]!
    }

    /// Calls `body` with the slot and positions (into `order`) of each occupied cell of the 3 × 3
    /// around (x, y), in cell order: a superset of the points within `cell`.
    @inline(__always) func forEachSlot(near x: Double, _ y: Double, _ body: (Int, Range<Int>) -> Void) {
        let cx = Int(((x - minX) / cell).rounded(.down)), cy = Int(((y - minY) / cell).rounded(.down))
        for r in max(0, cy - 1)...min(rows - 1, cy + 1) {
            for c in max(0, cx - 1)...min(columns - 1, cx + 1) {
                let k = r * columns + c
                guard let slot = slots.isEmpty ? k : slots[k] else { continue }
                let range = Int(start[slot])..<Int(start[slot + 1])
                if !range.isEmpty { body(slot, range) }
            }
        }
    }

    /// Whether at least `minimum` points (by position, coordinates `sx`, `sy`) lie within √`within2`
    /// (at most `cell`) of (x, y); stops counting once there are.
    @inline(__always) func countsAtLeast(_ minimum: Int, near x: Double, _ y: Double, within within2: Double,
                                         _ sx: UnsafeBufferPointer<Double>, _ sy: UnsafeBufferPointer<Double>) -> Bool {
        var count = 0
        let cx = Int(((x - minX) / cell).rounded(.down)), cy = Int(((y - minY) / cell).rounded(.down))
        for r in max(0, cy - 1)...min(rows - 1, cy + 1) {
            for c in max(0, cx - 1)...min(columns - 1, cx + 1) {
                let k = r * columns + c
                guard let slot = slots.isEmpty ? k : slots[k] else { continue }
                for q in Int(start[slot])..<Int(start[slot + 1]) {
                    let dx = sx[q] - x, dy = sy[q] - y
                    if dx * dx + dy * dy <= within2 {
                        count += 1
                        if count >= minimum { return true }
                    }
                }
            }
        }
        return false
    }
}
