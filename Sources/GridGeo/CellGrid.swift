/// A uniform grid of square cells laid over an envelope, for answers worked out once per cell
/// instead of once per point.
///
/// `cell(x, y)` says which cell a point falls in. `segmentBounds` and `polygonBounds` bound the
/// distance from the points of a cell to a segment or a polygon, so that a caller can settle a
/// cell's answer ahead where the bounds decide it and leave an exact test where they do not.
/// In those bounds each cell's rectangle is widened by `slack` on every side, far more than
/// rounding can move a point across a cell's edge, so a bound holds for every point that
/// `cell(x, y)` puts in the cell, and holds with `slack` to spare against rounding in the exact
/// distances computed later.
public struct CellGrid: Sendable {
    public let minX: Double, minY: Double
    /// The side of a cell.
    public let size: Double
    public let columns: Int, rows: Int
    public let slack: Double
    @usableFromInline let scale: Double

    /// A grid of about `cells` square cells whose union covers `envelope` (its edges too).
    public init(covering envelope: Envelope, cells: Int, slack: Double) {
        let w = max(envelope.width, slack), h = max(envelope.height, slack)
        let size = (w * h / Double(max(1, cells))).squareRoot()
        self.size = size
        scale = 1 / size
        // One more than the envelope needs, so that its far edges lie inside the grid.
        columns = Int((w * scale).rounded(.down)) + 1
        rows = Int((h * scale).rounded(.down)) + 1
        minX = envelope.minX; minY = envelope.minY
        self.slack = slack
    }

    public var count: Int { columns * rows }

    /// The cell (row by row from the south-west) that holds (x, y); `nil` outside the grid or for NaN.
    @inlinable @inline(__always) public func cell(_ x: Double, _ y: Double) -> Int? {
        let fx = (x - minX) * scale, fy = (y - minY) * scale
        guard fx >= 0, fy >= 0, fx < Double(columns), fy < Double(rows) else { return nil }
        return Int(fy) &* columns &+ Int(fx)
    }

    /// The rectangle of a cell, widened by `slack`.
    @inline(__always) public func rect(column c: Int, row r: Int) -> Envelope {
        Envelope(minX: minX + Double(c) * size - slack, minY: minY + Double(r) * size - slack,
                 maxX: minX + Double(c + 1) * size + slack, maxY: minY + Double(r + 1) * size + slack)
    }

    /// The columns whose cells reach into `lo...hi` in x, clamped to the grid; `nil` when none do.
    func columns(_ lo: Double, _ hi: Double) -> ClosedRange<Int>? {
        span(lo, hi, minX, columns)
    }

    /// The rows whose cells reach into `lo...hi` in y, clamped to the grid; `nil` when none do.
    func rows(_ lo: Double, _ hi: Double) -> ClosedRange<Int>? {
        span(lo, hi, minY, rows)
    }

    private func span(_ lo: Double, _ hi: Double, _ origin: Double, _ n: Int) -> ClosedRange<Int>? {
        let a = ((lo - origin) * scale).rounded(.down) - 1, b = ((hi - origin) * scale).rounded(.down) + 1
        guard b >= 0, a < Double(n), a <= b else { return nil }
        return Int(max(0, a))...Int(min(Double(n - 1), b))
    }

    /// Calls `body(column, row, lower, upper)` for every cell that may hold a point within
    /// `limit` of the segment (ax, ay)–(bx, by): each point of the cell is at least `lower` and
    /// at most `upper` from the segment, and `lower` is exactly 0 when the segment meets the cell.
    public func segmentBounds(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, within limit: Double,
                              _ body: (Int, Int, Double, Double) -> Void) {
        let reach = limit + 2 * slack
        guard let rowRange = rows(min(ay, by) - reach, max(ay, by) + reach) else { return }
        let dx = bx - ax, dy = by - ay
        for r in rowRange {
            // The part of the segment level with the row (widened by the reach): only cells
            // within `reach` of its x-range can hold points within `limit` of the segment.
            let y0 = minY + Double(r) * size - reach, y1 = minY + Double(r + 1) * size + reach
            var t0 = 0.0, t1 = 1.0
            if dy == 0 {
                if ay < y0 || ay > y1 { continue }
            } else {
                var ta = (y0 - ay) / dy, tb = (y1 - ay) / dy
                if ta > tb { swap(&ta, &tb) }
                t0 = max(0, ta); t1 = min(1, tb)
                if t0 > t1 { continue }
            }
            let xa = ax + dx * t0, xb = ax + dx * t1
            guard let columnRange = columns(min(xa, xb) - reach, max(xa, xb) + reach) else { continue }
            for c in columnRange {
                let box = rect(column: c, row: r)
                let lower = segmentBoxDistance(ax, ay, bx, by, box)
                if lower > limit { continue }
                body(c, r, lower, farthestCornerDistance(ax, ay, bx, by, box))
            }
        }
    }

    /// Calls `body(cell, lower, upper)` for every cell that may hold a point within `limit` of
    /// the polygon (distance 0 where it covers the point), with bounds on that distance over the
    /// cell: `upper` is exactly 0 when the polygon covers the whole cell, and `lower` is exactly 0
    /// when it covers some of the cell or an edge meets the cell. Cells come in ascending order.
    public func polygonBounds(_ polygon: PlanarPolygon, within limit: Double, _ body: (Int, Double, Double) -> Void) {
        let env = polygon.envelope, reach = limit + 2 * slack
        guard let cs = columns(env.minX - reach, env.maxX + reach), let rs = rows(env.minY - reach, env.maxY + reach) else { return }
        let width = cs.count
        var lower = [Double](repeating: .infinity, count: width * rs.count)
        var upper = lower
        for i in 0..<polygon.edgeCount {
            let (ax, ay, bx, by) = polygon.edge(i)
            segmentBounds(ax, ay, bx, by, within: limit) { c, r, lo, up in
                let k = (r - rs.lowerBound) * width + (c - cs.lowerBound)
                if lo < lower[k] { lower[k] = lo }
                if up < upper[k] { upper[k] = up }
            }
        }
        // Cells that no edge meets lie wholly inside or wholly outside; so does a run of them
        // along a row, since their widened rectangles overlap. One exact test decides a run.
        for r in rs {
            var covered: Bool?
            for c in cs {
                let k = (r - rs.lowerBound) * width + (c - cs.lowerBound)
                if lower[k] == 0 { covered = nil; continue }
                if covered == nil {
                    covered = polygon.locate(minX + (Double(c) + 0.5) * size, minY + (Double(r) + 0.5) * size).isCovered
                }
                if covered == true { lower[k] = 0; upper[k] = 0 }
            }
        }
        for r in rs {
            for c in cs {
                let k = (r - rs.lowerBound) * width + (c - cs.lowerBound)
                if lower[k] <= limit { body(r * columns + c, lower[k], upper[k]) }
            }
        }
    }
}

/// Whether the segment (ax, ay)–(bx, by) meets the box (Liang–Barsky clipping).
@inline(__always)
func segmentMeetsBox(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ box: Envelope) -> Bool {
    if box.contains(ax, ay) || box.contains(bx, by) { return true }
    var t0 = 0.0, t1 = 1.0
    /// Narrows [t0, t1] to where p·t ≤ q; false when nothing is left.
    @inline(__always) func clip(_ p: Double, _ q: Double) -> Bool {
        if p == 0 { return q >= 0 }
        let t = q / p
        if p < 0 {
            if t > t1 { return false }
            if t > t0 { t0 = t }
        } else {
            if t < t0 { return false }
            if t < t1 { t1 = t }
        }
        return true
    }
    let dx = bx - ax, dy = by - ay
    return clip(-dx, ax - box.minX) && clip(dx, box.maxX - ax) && clip(-dy, ay - box.minY) && clip(dy, box.maxY - ay)
}

/// The least distance between the segment (ax, ay)–(bx, by) and the box: 0 when they meet,
/// else attained at an end of the segment or at a corner of the box.
@inline(__always)
func segmentBoxDistance(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ box: Envelope) -> Double {
    if segmentMeetsBox(ax, ay, bx, by, box) { return 0 }
    @inline(__always) func toBox(_ x: Double, _ y: Double) -> Double {
        let ex = max(box.minX - x, 0, x - box.maxX), ey = max(box.minY - y, 0, y - box.maxY)
        return ex * ex + ey * ey
    }
    let ends = min(toBox(ax, ay), toBox(bx, by))
    let corners = min(min(segmentDistanceSquared(box.minX, box.minY, ax, ay, bx, by), segmentDistanceSquared(box.maxX, box.minY, ax, ay, bx, by)),
                      min(segmentDistanceSquared(box.minX, box.maxY, ax, ay, bx, by), segmentDistanceSquared(box.maxX, box.maxY, ax, ay, bx, by)))
    return min(ends, corners).squareRoot()
}

/// The greatest distance from a point of the box to the segment: distance to a segment is
/// convex, so it is greatest at a corner.
@inline(__always)
func farthestCornerDistance(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ box: Envelope) -> Double {
    max(max(segmentDistanceSquared(box.minX, box.minY, ax, ay, bx, by), segmentDistanceSquared(box.maxX, box.minY, ax, ay, bx, by)),
        max(segmentDistanceSquared(box.minX, box.maxY, ax, ay, bx, by), segmentDistanceSquared(box.maxX, box.maxY, ax, ay, bx, by))).squareRoot()
}
