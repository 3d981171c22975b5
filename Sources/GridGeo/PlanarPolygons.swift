/// Many `PlanarPolygon`s flattened together into one set of arrays, polygon `p`'s edges and
/// bands a run of them, for per-point loops over a layer.
///
/// A polygon is asked for by index (`locate(p, x, y)`), so the loop copies nothing: taking a
/// `PlanarPolygon` out of an array retains and releases each of its arrays, which in a 20,000-grid
/// city costs more than the exact test itself. Answers are those of the polygons one by one,
/// bit for bit: the same edges in the same order, the same bands, the same arithmetic.
public struct PlanarPolygons: Sendable {
    /// An edge, from (ax, ay) to (bx, by).
    struct Segment {
        var ax: Double, ay: Double, bx: Double, by: Double
    }

    /// What locating a point in polygon `p` reads first, together: its envelope and its bands,
    /// `bands` of `bandHeight` from `bandMinY`, numbered from `firstBand` in the whole set.
    struct Header {
        var envelope: Envelope
        var bandMinY: Double, bandHeight: Double
        var firstBand: Int32, bands: Int32
    }

    /// Polygon `p`'s edges are `edges[edgeStart[p]..<edgeStart[p + 1]]`, in ring order.
    private let edges: [Segment]
    private let edgeStart: [Int32]
    private let headers: [Header]
    /// Band `b`'s edges, copied in edge order: `bandEdges[bandStart[b]..<bandStart[b + 1]]`. A
    /// point's test reads one run of memory, not an index and then the edge it names.
    private let bandStart: [Int32]
    private let bandEdges: [Segment]

    /// One polygon: its edges, and each band's edges as indices into them.
    init(edges: [Segment], envelope: Envelope, bandMinY: Double, bandHeight: Double, bandStart: [Int32], bandEdges: [Int32]) {
        self.edges = edges
        edgeStart = [0, Int32(edges.count)]
        headers = [Header(envelope: envelope, bandMinY: bandMinY, bandHeight: bandHeight, firstBand: 0, bands: Int32(bandStart.count - 1))]
        self.bandStart = bandStart
        self.bandEdges = bandEdges.map { edges[Int($0)] }
    }

    /// The polygons, in order: polygon `p` here is `polygons[p]`.
    public init(_ polygons: [PlanarPolygon]) {
        var edges: [Segment] = [], edgeStart: [Int32] = [0], headers: [Header] = []
        var bandStart: [Int32] = [0], bandEdges: [Segment] = []
        let parts = polygons.map(\.shapes)
        edges.reserveCapacity(parts.reduce(0) { $0 + $1.edges.count })
        bandEdges.reserveCapacity(parts.reduce(0) { $0 + $1.bandEdges.count })
        headers.reserveCapacity(parts.count)
        for one in parts {
            for h in one.headers {
                var header = h
                header.firstBand += Int32(bandStart.count - 1)
                headers.append(header)
            }
            let base = Int32(bandEdges.count)
            bandStart += one.bandStart.dropFirst().map { $0 + base }
            bandEdges += one.bandEdges
            edges += one.edges
            edgeStart.append(Int32(edges.count))
        }
        self.edges = edges; self.edgeStart = edgeStart; self.headers = headers
        self.bandStart = bandStart; self.bandEdges = bandEdges
    }

    public var count: Int { headers.count }

    public func envelope(_ p: Int) -> Envelope { headers[p].envelope }

    public func edgeCount(_ p: Int) -> Int { Int(edgeStart[p + 1] - edgeStart[p]) }

    /// Edge `i` of the whole set: from (x0, y0) to (x1, y1).
    @inline(__always) func edge(_ i: Int) -> (Double, Double, Double, Double) {
        let e = edges[i]
        return (e.ax, e.ay, e.bx, e.by)
    }

    /// Where (x, y) lies relative to polygon `p`: interior, on the boundary, or exterior.
    public func locate(_ p: Int, _ x: Double, _ y: Double) -> PointLocation {
        headers.withUnsafeBufferPointer { headers in
            bandStart.withUnsafeBufferPointer { bandStart in
                bandEdges.withUnsafeBufferPointer { bandEdges in
                    let h = headers[p]
                    guard h.envelope.contains(x, y) else { return .exterior }
                    var crossings = 0
                    let b = Self.band(h, y)
                    for j in Int(bandStart[b])..<Int(bandStart[b + 1]) {
                        let e = bandEdges[j]
                        let ax = e.ax, ay = e.ay, bx = e.bx, by = e.by
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
            }
        }
    }

    /// The band of header `h` that holds height `y`, numbered in the whole set; the first or last
    /// band for a height below or above them. Clamped as a double before it is made an integer,
    /// so that no height (far away, or NaN) can overflow the conversion.
    @inline(__always) static func band(_ h: Header, _ y: Double) -> Int {
        let f = (y - h.bandMinY) / h.bandHeight
        return Int(h.firstBand) + Int(f >= 0 ? min(f, Double(h.bands - 1)) : 0)
    }

    /// Reads ahead what `locate(polygons[k], _, ys[k])` reads first, for a batch: each
    /// polygon's header, its band's start, the band's first edge, a pass for each, so that
    /// the reads of one pass are independent and the memory system overlaps them. `band` is
    /// scratch space. The sum it returns is of no use but to keep the reads from being left out.
    public func readAhead(polygons: [Int32], ys: [Double], band: inout [Int32]) -> Double {
        headers.withUnsafeBufferPointer { headers in
            bandStart.withUnsafeBufferPointer { bandStart in
                bandEdges.withUnsafeBufferPointer { bandEdges in
                    band.removeAll(keepingCapacity: true)
                    for (p, y) in zip(polygons, ys) { band.append(Int32(Self.band(headers[Int(p)], y))) }
                    for k in band.indices { band[k] = bandStart[Int(band[k])] }
                    var sum = 0.0
                    for j in band where Int(j) < bandEdges.count { sum += bandEdges[Int(j)].ay }
                    return sum
                }
            }
        }
    }

    /// Distance from (x, y) to polygon `p`: 0 when it covers the point, else to its nearest edge.
    public func distance(_ p: Int, _ x: Double, _ y: Double) -> Double {
        if locate(p, x, y).isCovered { return 0 }
        return boundaryDistance(p, x, y)
    }

    /// Distance from (x, y) to the nearest edge of polygon `p`.
    public func boundaryDistance(_ p: Int, _ x: Double, _ y: Double) -> Double {
        edges.withUnsafeBufferPointer { edges in
            var best = Double.infinity
            for i in Int(edgeStart[p])..<Int(edgeStart[p + 1]) {
                let e = edges[i]
                best = min(best, segmentDistanceSquared(x, y, e.ax, e.ay, e.bx, e.by))
            }
            return best.squareRoot()
        }
    }
}
