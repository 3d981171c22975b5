import CGEOS

/// GEOS operations on value geometries, through one GEOS context of its own.
///
/// Not thread-safe: make one engine per thread. Every call converts its arguments to GEOS and
/// the result back, so use it for building and checking layers, not inside per-point loops
/// (`PlanarPolygon` and `STRtree` serve those).
public final class GeometryEngine {
    let context = GEOSContext()

    public init() {}

    func make(_ g: Geometry) throws -> GEOSGeometry { try GEOSGeometry(g, in: context) }

    private func unary(_ name: String, _ g: Geometry,
                       _ op: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let a = try make(g)
        // every wrapped operation returns NULL on exception
        guard let r = op(context.handle, a.pointer) else { throw context.error(name) }
        return try GEOSGeometry(owning: r, in: context).geometry()
    }

    private func binary(_ name: String, _ g: Geometry, _ h: Geometry,
                        _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let a = try make(g), b = try make(h)
        // every wrapped operation returns NULL on exception
        guard let r = op(context.handle, a.pointer, b.pointer) else { throw context.error(name) }
        return try GEOSGeometry(owning: r, in: context).geometry()
    }

    /// Why the geometry is invalid (GEOS's reason, e.g. "Self-intersection[108.5 34.3]"), or `nil` when valid.
    public func invalidityReason(_ g: Geometry) throws -> String? {
        let a = try make(g)
        // returns 2 on exception
        switch GEOSisValid_r(context.handle, a.pointer) {
        case 1: return nil
        case 0:
            // returns NULL on exception; the string is freed with GEOSFree_r
            guard let reason = GEOSisValidReason_r(context.handle, a.pointer) else { throw context.error("validity reason") }
            defer { GEOSFree_r(context.handle, reason) }
            return String(cString: reason)
        default: throw context.error("validity")
        }
    }

    /// The valid geometry GEOS's make-valid builds from an invalid one.
    public func makeValid(_ g: Geometry) throws -> Geometry { try unary("make valid", g) { GEOSMakeValid_r($0, $1) } }

    public func area(_ g: Geometry) throws -> Double {
        let a = try make(g)
        var area = 0.0
        // returns 0 on exception
        guard GEOSArea_r(context.handle, a.pointer, &area) != 0 else { throw context.error("area") }
        return area
    }

    public func length(_ g: Geometry) throws -> Double {
        let a = try make(g)
        var length = 0.0
        // returns 0 on exception
        guard GEOSLength_r(context.handle, a.pointer, &length) != 0 else { throw context.error("length") }
        return length
    }

    public func distance(_ g: Geometry, _ h: Geometry) throws -> Double {
        let a = try make(g), b = try make(h)
        var d = 0.0
        // returns 0 on exception
        guard GEOSDistance_r(context.handle, a.pointer, b.pointer, &d) != 0 else { throw context.error("distance") }
        return d
    }

    private func predicate(_ name: String, _ g: Geometry, _ h: Geometry,
                           _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        let a = try make(g), b = try make(h)
        // every wrapped predicate returns 2 on exception
        switch op(context.handle, a.pointer, b.pointer) {
        case 0: return false
        case 1: return true
        default: throw context.error(name)
        }
    }

    /// Whether `g` covers `h` (no point of `h` lies outside `g`).
    public func covers(_ g: Geometry, _ h: Geometry) throws -> Bool {
        try predicate("covers", g, h) { GEOSCovers_r($0, $1, $2) }
    }

    public func intersects(_ g: Geometry, _ h: Geometry) throws -> Bool {
        try predicate("intersects", g, h) { GEOSIntersects_r($0, $1, $2) }
    }

    public func intersection(_ g: Geometry, _ h: Geometry) throws -> Geometry {
        try binary("intersection", g, h) { GEOSIntersection_r($0, $1, $2) }
    }

    public func difference(_ g: Geometry, _ h: Geometry) throws -> Geometry {
        try binary("difference", g, h) { GEOSDifference_r($0, $1, $2) }
    }

    /// The union of all the geometries (GEOS unary union).
    public func union(_ gs: [Geometry]) throws -> Geometry {
        let parts = gs.flatMap { g -> [Geometry] in
            switch g {
            case .multiPolygon(let ps): ps.map { .polygon($0) }
            default: [g]
            }
        }
        let polygonal = parts.allSatisfy { $0.type == .polygon }
        let collection: Geometry = polygonal
            ? .multiPolygon(parts.flatMap(\.polygons))
            : .multiLineString(parts.flatMap(\.lines))
        return try unary("union", collection) { GEOSUnaryUnion_r($0, $1) }
    }

    public func buffer(_ g: Geometry, _ distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        try unary("buffer", g) { GEOSBuffer_r($0, $1, distance, Int32(quadrantSegments)) }
    }

    public func boundary(_ g: Geometry) throws -> Geometry { try unary("boundary", g) { GEOSBoundary_r($0, $1) } }

    /// Joins touching line pieces into the longest possible lines.
    public func lineMerge(_ g: Geometry) throws -> Geometry { try unary("line merge", g) { GEOSLineMerge_r($0, $1) } }

    public func convexHull(_ g: Geometry) throws -> Geometry { try unary("convex hull", g) { GEOSConvexHull_r($0, $1) } }

    /// GEOS's concave hull (3.11): `ratio` 0 is the tightest, 1 the convex hull.
    public func concaveHull(_ g: Geometry, ratio: Double) throws -> Geometry {
        try unary("concave hull", g) { GEOSConcaveHull_r($0, $1, ratio, 0) }
    }

    /// Voronoi cells of the sites, clipped to `clip`, returned in the order of the sites.
    public func voronoiCells(sites: [Position], clip: Geometry) throws -> [Geometry] {
        let env = try make(clip)
        let points = try make(.multiPoint(sites))
        // returns NULL on exception
        guard let raw = GEOSVoronoiDiagram_r(context.handle, points.pointer, env.pointer, 0, 0) else {
            throw context.error("voronoi diagram")
        }
        let diagram = GEOSGeometry(owning: raw, in: context)
        var cells: [Geometry] = []
        for i in 0..<diagram.partCount { cells.append(try diagram.part(i).geometry()) }
        // GEOS 3.11 does not keep the input order: match each site to the cell that covers it.
        var ordered: [Geometry] = []
        for site in sites {
            guard let cell = try cells.first(where: { try covers($0, .point(site)) }) else {
                throw GEOSError(operation: "voronoi diagram", message: "no cell covers site \(site)")
            }
            ordered.append(try intersection(cell, clip))
        }
        return ordered
    }
}

extension GeometryEngine {
    /// GEOS's robust orientation index of `c` against the directed line `a → b`
    /// (1 counter-clockwise, −1 clockwise, 0 collinear): the reference for `orientation`.
    public func orientationIndex(_ a: Position, _ b: Position, _ c: Position) throws -> Int {
        // returns 2 on exception
        let r = GEOSOrientationIndex_r(context.handle, a.x, a.y, b.x, b.y, c.x, c.y)
        guard r != 2 else { throw context.error("orientation index") }
        return Int(r)
    }
}
