/// Where a point lies relative to a polygon.
public enum PointLocation: Sendable, Equatable {
    case interior, boundary, exterior

    /// Whether the polygon *covers* the point (interior or boundary).
    public var isCovered: Bool { self != .exterior }
}

/// A polygon or multipolygon flattened into edge arrays, with its edges bucketed by horizontal
/// band, for exact point location and point distances inside per-point loops.
///
/// Point location follows the ray-crossing rule that GEOS's `RayCrossingCounter` uses, with an
/// exact orientation test, so a point on an edge or vertex is `boundary`. The same short cut for
/// point-in-polygon is what PostGIS takes before calling GEOS; tests check it against GEOS's `covers`.
/// The work is `PlanarPolygons`' (this is a set of one), so that a layer of many polygons flattened
/// together answers exactly as its polygons one by one.
public struct PlanarPolygon: Sendable {
    let shapes: PlanarPolygons
    public let envelope: Envelope

    /// Builds the structure from the rings of a Polygon or MultiPolygon; `nil` for other geometry.
    public init?(_ geometry: Geometry) {
        let polys = geometry.polygons
        guard !polys.isEmpty, let env = geometry.envelope else { return nil }
        var x0: [Double] = [], y0: [Double] = [], x1: [Double] = [], y1: [Double] = []
        let edges = polys.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        x0.reserveCapacity(edges); y0.reserveCapacity(edges); x1.reserveCapacity(edges); y1.reserveCapacity(edges)
        for rings in polys {
            for ring in rings where ring.count > 1 {
                for i in 0..<(ring.count - 1) {
                    let a = ring[i], b = ring[i + 1]
                    if a == b { continue }
                    x0.append(a.x); y0.append(a.y); x1.append(b.x); y1.append(b.y)
                }
                // Tolerate an unclosed ring by closing it here.
                if let f = ring.first, let l = ring.last, f != l {
                    x0.append(l.x); y0.append(l.y); x1.append(f.x); y1.append(f.y)
                }
            }
        }
        envelope = env
        let bands = max(1, min(4096, x0.count / 4))
        let bandHeight = env.height > 0 ? env.height / Double(bands) : 1
        func band(_ y: Double) -> Int { min(bands - 1, max(0, Int((y - env.minY) / (env.height > 0 ? env.height / Double(bands) : 1)))) }
        // Each band's edges in edge order, all in one array: counted, then placed.
        var start = [Int32](repeating: 0, count: bands + 1)
        for i in 0..<x0.count {
            for k in band(min(y0[i], y1[i]))...band(max(y0[i], y1[i])) { start[k + 1] += 1 }
        }
        for k in 0..<bands { start[k + 1] += start[k] }
        var next = start
        var all = [Int32](repeating: 0, count: Int(start[bands]))
        for i in 0..<x0.count {
            for k in band(min(y0[i], y1[i]))...band(max(y0[i], y1[i])) { all[Int(next[k])] = Int32(i); next[k] += 1 }
        }
        let segments = (0..<x0.count).map { PlanarPolygons.Segment(ax: x0[$0], ay: y0[$0], bx: x1[$0], by: y1[$0]) }
        shapes = PlanarPolygons(edges: segments, envelope: env, bandMinY: env.minY, bandHeight: bandHeight, bandStart: start, bandEdges: all)
    }

    public var edgeCount: Int { shapes.edgeCount(0) }

    /// Edge `i`: from (x0, y0) to (x1, y1).
    @inline(__always) public func edge(_ i: Int) -> (Double, Double, Double, Double) { shapes.edge(i) }

    /// Where (x, y) lies: interior, on the boundary, or exterior.
    public func locate(_ x: Double, _ y: Double) -> PointLocation { shapes.locate(0, x, y) }

    /// Distance from (x, y) to the polygon: 0 when it covers the point, else to the nearest edge.
    public func distance(_ x: Double, _ y: Double) -> Double { shapes.distance(0, x, y) }

    /// Distance from (x, y) to the nearest edge.
    public func boundaryDistance(_ x: Double, _ y: Double) -> Double { shapes.boundaryDistance(0, x, y) }

    /// Whether some edge lies within `d` of (x, y), or the polygon covers it.
    public func isWithin(_ d: Double, of x: Double, _ y: Double) -> Bool {
        guard envelope.expanded(by: d).contains(x, y) else { return false }
        return distance(x, y) <= d
    }
}

/// Squared distance from (px, py) to the segment (ax, ay)–(bx, by).
@inlinable @inline(__always)
public func segmentDistanceSquared(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double,
                                   _ bx: Double, _ by: Double) -> Double {
    let dx = bx - ax, dy = by - ay
    let len2 = dx * dx + dy * dy
    var t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
    t = min(1, max(0, t))
    let ex = ax + t * dx - px, ey = ay + t * dy - py
    return ex * ex + ey * ey
}

/// A line or multiline flattened into segments, for point distances inside per-point loops.
public struct PlanarPolyline: Sendable {
    private let coords: [Double]   // x, y pairs of every vertex, lines separated by NaN pairs
    public let envelope: Envelope

    public init?(_ geometry: Geometry) {
        let lines = geometry.lines
        guard !lines.isEmpty, let env = geometry.envelope else { return nil }
        var c: [Double] = []
        for (n, line) in lines.enumerated() {
            if n > 0 { c += [.nan, .nan] }
            for p in line { c += [p.x, p.y] }
        }
        coords = c; envelope = env
    }

    /// The segments of the line, in the order `distance` visits them: (ax, ay, bx, by).
    public var segments: [(Double, Double, Double, Double)] {
        var out: [(Double, Double, Double, Double)] = []
        let n = coords.count / 2
        var i = 0
        while i + 1 < n {
            let ax = coords[2 * i], ay = coords[2 * i + 1], bx = coords[2 * i + 2], by = coords[2 * i + 3]
            if !ax.isNaN && !bx.isNaN { out.append((ax, ay, bx, by)) }
            i += 1
        }
        if n == 1 { out.append((coords[0], coords[1], coords[0], coords[1])) }
        return out
    }

    /// Distance from (x, y) to the nearest point of the line.
    public func distance(_ x: Double, _ y: Double) -> Double {
        var best = Double.infinity
        var i = 0
        let n = coords.count / 2
        while i + 1 < n {
            let ax = coords[2 * i], ay = coords[2 * i + 1], bx = coords[2 * i + 2], by = coords[2 * i + 3]
            if !ax.isNaN && !bx.isNaN {
                best = min(best, segmentDistanceSquared(x, y, ax, ay, bx, by))
            }
            i += 1
        }
        if n == 1 { best = (coords[0] - x) * (coords[0] - x) + (coords[1] - y) * (coords[1] - y) }
        return best.squareRoot()
    }
}
