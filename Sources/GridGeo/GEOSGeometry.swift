import CGEOS

/// Owns one `GEOSGeometry*` and destroys it in `deinit`, unless it is borrowed from a parent
/// (`GEOSGetGeometryN_r`, `GEOSGetExteriorRing_r`): then it keeps the parent alive and frees nothing.
final class GEOSGeometry {
    let context: GEOSContext
    let pointer: OpaquePointer
    private let parent: GEOSGeometry?

    /// Takes ownership of `pointer`.
    init(owning pointer: OpaquePointer, in context: GEOSContext) {
        self.context = context; self.pointer = pointer; self.parent = nil
    }

    /// Borrows `pointer` from `parent`, which owns it.
    init(borrowing pointer: OpaquePointer, from parent: GEOSGeometry) {
        self.context = parent.context; self.pointer = pointer; self.parent = parent
    }

    deinit {
        if parent == nil { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    /// Builds the GEOS geometry for a value geometry.
    convenience init(_ geometry: Geometry, in context: GEOSContext) throws {
        let h = context.handle
        func sequence(_ ps: [Position]) throws -> OpaquePointer {
            var xs = ps.map(\.x), ys = ps.map(\.y)
            // returns NULL on exception
            guard let seq = GEOSCoordSeq_copyFromArrays_r(h, &xs, &ys, nil, nil, UInt32(ps.count)) else {
                throw context.error("coordinate sequence")
            }
            return seq
        }
        func point(_ p: Position) throws -> OpaquePointer {
            // returns NULL on exception
            guard let g = GEOSGeom_createPointFromXY_r(h, p.x, p.y) else { throw context.error("point") }
            return g
        }
        func line(_ ps: [Position]) throws -> OpaquePointer {
            let seq = try sequence(ps)
            // returns NULL on exception; takes ownership of the sequence either way
            guard let g = GEOSGeom_createLineString_r(h, seq) else { throw context.error("line string") }
            return g
        }
        func polygon(_ rings: [[Position]]) throws -> OpaquePointer {
            guard let first = rings.first else {
                // returns NULL on exception
                guard let g = GEOSGeom_createEmptyPolygon_r(h) else { throw context.error("empty polygon") }
                return g
            }
            func ring(_ ps: [Position]) throws -> OpaquePointer {
                let seq = try sequence(ps)
                // returns NULL on exception (an unclosed ring or fewer than 4 positions)
                guard let r = GEOSGeom_createLinearRing_r(h, seq) else { throw context.error("linear ring") }
                return r
            }
            let shell = try ring(first)
            var holes: [OpaquePointer?] = []
            do {
                for r in rings.dropFirst() { holes.append(try ring(r)) }
            } catch {
                GEOSGeom_destroy_r(h, shell)
                for hole in holes { GEOSGeom_destroy_r(h, hole) }
                throw error
            }
            // returns NULL on exception; takes ownership of shell and holes
            guard let g = GEOSGeom_createPolygon_r(h, shell, &holes, UInt32(holes.count)) else {
                throw context.error("polygon")
            }
            return g
        }
        func collection(_ type: GEOSGeomTypes, _ parts: [() throws -> OpaquePointer]) throws -> OpaquePointer {
            var made: [OpaquePointer?] = []
            do {
                for part in parts { made.append(try part()) }
            } catch {
                for g in made { GEOSGeom_destroy_r(h, g) }
                throw error
            }
            // returns NULL on exception; takes ownership of the parts
            guard let g = GEOSGeom_createCollection_r(h, Int32(type.rawValue), &made, UInt32(made.count)) else {
                throw context.error("collection")
            }
            return g
        }
        let pointer: OpaquePointer
        switch geometry {
        case .point(let p): pointer = try point(p)
        case .lineString(let ps): pointer = try line(ps)
        case .polygon(let rings): pointer = try polygon(rings)
        case .multiPoint(let ps): pointer = try collection(GEOS_MULTIPOINT, ps.map { p in { try point(p) } })
        case .multiLineString(let ls): pointer = try collection(GEOS_MULTILINESTRING, ls.map { l in { try line(l) } })
        case .multiPolygon(let polys): pointer = try collection(GEOS_MULTIPOLYGON, polys.map { r in { try polygon(r) } })
        }
        self.init(owning: pointer, in: context)
    }

    var typeID: GEOSGeomTypes {
        // returns -1 on exception
        GEOSGeomTypes(UInt32(bitPattern: GEOSGeomTypeId_r(context.handle, pointer)))
    }

    var isEmpty: Bool {
        // returns 2 on exception
        GEOSisEmpty_r(context.handle, pointer) == 1
    }

    func part(_ i: Int) throws -> GEOSGeometry {
        // returns NULL on exception; the part is owned by this geometry
        guard let g = GEOSGetGeometryN_r(context.handle, pointer, Int32(i)) else { throw context.error("part \(i)") }
        return GEOSGeometry(borrowing: g, from: self)
    }

    var partCount: Int {
        // returns -1 on exception
        Int(GEOSGetNumGeometries_r(context.handle, pointer))
    }

    private func positions(of g: OpaquePointer) throws -> [Position] {
        let h = context.handle
        // returns NULL on exception; the sequence is owned by the geometry
        guard let seq = GEOSGeom_getCoordSeq_r(h, g) else { throw context.error("coordinates") }
        var n: UInt32 = 0
        // returns 0 on exception
        guard GEOSCoordSeq_getSize_r(h, seq, &n) != 0 else { throw context.error("coordinate count") }
        var xs = [Double](repeating: 0, count: Int(n)), ys = xs
        // returns 0 on exception
        guard GEOSCoordSeq_copyToArrays_r(h, seq, &xs, &ys, nil, nil) != 0 else { throw context.error("copy coordinates") }
        return zip(xs, ys).map { Position($0, $1) }
    }

    private func rings(of polygon: OpaquePointer) throws -> [[Position]] {
        let h = context.handle
        // returns 2 on exception
        if GEOSisEmpty_r(h, polygon) == 1 { return [] }
        // returns NULL on exception; owned by the polygon
        guard let shell = GEOSGetExteriorRing_r(h, polygon) else { throw context.error("exterior ring") }
        var rings = [try positions(of: shell)]
        // returns -1 on exception
        let holes = GEOSGetNumInteriorRings_r(h, polygon)
        guard holes >= 0 else { throw context.error("hole count") }
        for i in 0..<holes {
            // returns NULL on exception; owned by the polygon
            guard let r = GEOSGetInteriorRingN_r(h, polygon, i) else { throw context.error("hole \(i)") }
            rings.append(try positions(of: r))
        }
        return rings
    }

    /// The value geometry; GeometryCollections are flattened into the Multi form of their
    /// highest dimension (lower-dimension leftovers of an overlay are dropped).
    func geometry() throws -> Geometry {
        switch typeID {
        case GEOS_POINT:
            let ps = try positions(of: pointer)
            guard let p = ps.first else { return .multiPoint([]) }
            return .point(p)
        case GEOS_LINESTRING, GEOS_LINEARRING: return .lineString(try positions(of: pointer))
        case GEOS_POLYGON:
            let r = try rings(of: pointer)
            return r.isEmpty ? .multiPolygon([]) : .polygon(r)
        case GEOS_MULTIPOINT, GEOS_MULTILINESTRING, GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION:
            var points: [Position] = [], lines: [[Position]] = [], polys: [[[Position]]] = []
            for i in 0..<partCount {
                switch try part(i).geometry() {
                case .point(let p): points.append(p)
                case .multiPoint(let ps): points += ps
                case .lineString(let l): lines.append(l)
                case .multiLineString(let ls): lines += ls
                case .polygon(let r): polys.append(r)
                case .multiPolygon(let ps): polys += ps
                }
            }
            if !polys.isEmpty { return .multiPolygon(polys) }
            if !lines.isEmpty { return .multiLineString(lines) }
            return .multiPoint(points)
        default:
            throw GEOSError(operation: "read geometry", message: "unknown geometry type \(typeID.rawValue)")
        }
    }
}
