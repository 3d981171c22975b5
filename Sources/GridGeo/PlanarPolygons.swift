/// Many `PlanarPolygon`s flattened together into one set of arrays, polygon `p`'s edges and
/// bands a run of them, for per-point loops over a layer.
///
/// A polygon is asked for by index (`locate(p, x, y)`), so the loop copies nothing: taking a
/// `PlanarPolygon` out of an array retains and releases each of its arrays, which in a 20,000-grid
/// city costs more than the exact test itself. Answers are those of the polygons one by one,
/// bit for bit: the same edges in the same order, the same bands, the same arithmetic.
public struct PlanarPolygons: Sendable {
    /// Edge endpoints: edge `i` runs from (x0[i], y0[i]) to (x1[i], y1[i]).
    private let x0: [Double], y0: [Double], x1: [Double], y1: [Double]
    /// Polygon `p`'s edges are `edgeStart[p]..<edgeStart[p + 1]`.
    private let edgeStart: [Int32]
    /// Polygon `p`'s band `k` lists `bandEdges[bandStart[b]..<bandStart[b + 1]]` (edge indices),
    /// `b = bandFirst[p] + k`; it has `bandFirst[p + 1] - bandFirst[p] - 1` bands.
    private let bandFirst: [Int32], bandStart: [Int32], bandEdges: [Int32]
    private let bandMinY: [Double], bandHeight: [Double]
    private let envelopes: [Envelope]

    init(x0: [Double], y0: [Double], x1: [Double], y1: [Double], edgeStart: [Int32], bandFirst: [Int32],
         bandStart: [Int32], bandEdges: [Int32], bandMinY: [Double], bandHeight: [Double], envelopes: [Envelope]) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1; self.edgeStart = edgeStart
        self.bandFirst = bandFirst; self.bandStart = bandStart; self.bandEdges = bandEdges
        self.bandMinY = bandMinY; self.bandHeight = bandHeight; self.envelopes = envelopes
    }

    /// The polygons, in order: polygon `p` here is `polygons[p]`.
    public init(_ polygons: [PlanarPolygon]) {
        var x0: [Double] = [], y0: [Double] = [], x1: [Double] = [], y1: [Double] = []
        var edgeStart: [Int32] = [0], bandFirst: [Int32] = [0], bandStart: [Int32] = [], bandEdges: [Int32] = []
        var bandMinY: [Double] = [], bandHeight: [Double] = [], envelopes: [Envelope] = []
        for polygon in polygons {
            let one = polygon.shapes
            let edgeBase = Int32(x0.count), bandEdgeBase = Int32(bandEdges.count)
            x0 += one.x0; y0 += one.y0; x1 += one.x1; y1 += one.y1
            edgeStart.append(Int32(x0.count))
            bandStart += one.bandStart.map { $0 + bandEdgeBase }
            bandFirst.append(Int32(bandStart.count))
            bandEdges += one.bandEdges.map { $0 + edgeBase }
            bandMinY += one.bandMinY; bandHeight += one.bandHeight; envelopes += one.envelopes
        }
        self.init(x0: x0, y0: y0, x1: x1, y1: y1, edgeStart: edgeStart, bandFirst: bandFirst, bandStart: bandStart,
                  bandEdges: bandEdges, bandMinY: bandMinY, bandHeight: bandHeight, envelopes: envelopes)
    }

    public var count: Int { envelopes.count }

    public func envelope(_ p: Int) -> Envelope { envelopes[p] }

    public func edgeCount(_ p: Int) -> Int { Int(edgeStart[p + 1] - edgeStart[p]) }

    /// Edge `i` of the whole set: from (x0, y0) to (x1, y1).
    @inline(__always) func edge(_ i: Int) -> (Double, Double, Double, Double) { (x0[i], y0[i], x1[i], y1[i]) }

    /// Where (x, y) lies relative to polygon `p`: interior, on the boundary, or exterior.
    public func locate(_ p: Int, _ x: Double, _ y: Double) -> PointLocation {
        guard envelopes[p].contains(x, y) else { return .exterior }
        var crossings = 0
        let first = Int(bandFirst[p]), bands = Int(bandFirst[p + 1]) - first - 1
        let b = first + min(bands - 1, max(0, Int((y - bandMinY[p]) / bandHeight[p])))
        for j in Int(bandStart[b])..<Int(bandStart[b + 1]) {
            let i = Int(bandEdges[j])
            let ax = x0[i], ay = y0[i], bx = x1[i], by = y1[i]
            if ax < x && bx < x { continue }
            if bx == x && by == y { return .boundary }
            if ay == y && by == y {
                if x >= min(ax, bx) && x <= max(ax, bx) { return .boundary }
                continue
            }
            if (ay > y && by <= y) || (by > y && ay <= y) {
                var side = orientation(ax, ay, bx, by, x, y)
                if side == 0 { return .boundary }
                if by < ay { side = -side }
                if side > 0 { crossings += 1 }
            }
        }
        return crossings % 2 == 1 ? .interior : .exterior
    }

    /// Distance from (x, y) to polygon `p`: 0 when it covers the point, else to its nearest edge.
    public func distance(_ p: Int, _ x: Double, _ y: Double) -> Double {
        if locate(p, x, y).isCovered { return 0 }
        return boundaryDistance(p, x, y)
    }

    /// Distance from (x, y) to the nearest edge of polygon `p`.
    public func boundaryDistance(_ p: Int, _ x: Double, _ y: Double) -> Double {
        var best = Double.infinity
        for i in Int(edgeStart[p])..<Int(edgeStart[p + 1]) {
            best = min(best, segmentDistanceSquared(x, y, x0[i], y0[i], x1[i], y1[i]))
        }
        return best.squareRoot()
    }
}
