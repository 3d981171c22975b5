/// A position: `x` is longitude (or easting), `y` is latitude (or northing).
///
/// Longitude/latitude order is fixed here, once: GeoJSON positions are `[x, y]` (RFC 7946 §3.1.1).
public struct Position: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned bounding box.
public struct Envelope: Hashable, Sendable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// The envelope of the positions; `nil` when there are none.
    public init?<S: Sequence>(of positions: S) where S.Element == Position {
        var it = positions.makeIterator()
        guard let first = it.next() else { return nil }
        self.init(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let p = it.next() { include(p) }
    }

    public mutating func include(_ p: Position) {
        minX = Swift.min(minX, p.x); maxX = Swift.max(maxX, p.x)
        minY = Swift.min(minY, p.y); maxY = Swift.max(maxY, p.y)
    }

    public mutating func include(_ e: Envelope) {
        minX = Swift.min(minX, e.minX); maxX = Swift.max(maxX, e.maxX)
        minY = Swift.min(minY, e.minY); maxY = Swift.max(maxY, e.maxY)
    }

    public func expanded(by d: Double) -> Envelope {
        Envelope(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }

    @inline(__always) public func contains(_ x: Double, _ y: Double) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }

    @inline(__always) public func intersects(_ o: Envelope) -> Bool {
        !(o.minX > maxX || o.maxX < minX || o.minY > maxY || o.maxY < minY)
    }

    public var center: Position { Position((minX + maxX) / 2, (minY + maxY) / 2) }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

/// A GeoJSON geometry type name (RFC 7946 §1.4).
public enum GeometryType: String, Sendable, CaseIterable {
    case point = "Point", multiPoint = "MultiPoint", lineString = "LineString"
    case multiLineString = "MultiLineString", polygon = "Polygon", multiPolygon = "MultiPolygon"
}

/// A geometry as plain values: one case per GeoJSON geometry type (RFC 7946 §3.1).
///
/// Polygons are lists of rings; the first ring is the exterior, the rest are holes.
/// Rings are stored closed (first position repeated at the end).
public enum Geometry: Hashable, Sendable {
    case point(Position)
    case multiPoint([Position])
    case lineString([Position])
    case multiLineString([[Position]])
    case polygon([[Position]])
    case multiPolygon([[[Position]]])

    public var type: GeometryType {
        switch self {
        case .point: .point
        case .multiPoint: .multiPoint
        case .lineString: .lineString
        case .multiLineString: .multiLineString
        case .polygon: .polygon
        case .multiPolygon: .multiPolygon
        }
    }

    /// Every position, in order.
    public var positions: [Position] {
        switch self {
        case .point(let p): [p]
        case .multiPoint(let ps), .lineString(let ps): ps
        case .multiLineString(let ls), .polygon(let ls): ls.flatMap { $0 }
        case .multiPolygon(let polys): polys.flatMap { $0.flatMap { $0 } }
        }
    }

    /// The polygons of a Polygon or MultiPolygon (empty for other types).
    public var polygons: [[[Position]]] {
        switch self {
        case .polygon(let rings): [rings]
        case .multiPolygon(let polys): polys
        default: []
        }
    }

    /// The lines of a LineString or MultiLineString (empty for other types).
    public var lines: [[Position]] {
        switch self {
        case .lineString(let l): [l]
        case .multiLineString(let ls): ls
        default: []
        }
    }

    public var envelope: Envelope? { Envelope(of: positions) }

    /// The same geometry with every position mapped.
    public func map(_ f: (Position) throws -> Position) rethrows -> Geometry {
        switch self {
        case .point(let p): return .point(try f(p))
        case .multiPoint(let ps): return .multiPoint(try ps.map(f))
        case .lineString(let ps): return .lineString(try ps.map(f))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(f) })
        case .polygon(let rs): return .polygon(try rs.map { try $0.map(f) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.map { try $0.map(f) } })
        }
    }
}

/// Signed area of a closed ring by the shoelace formula: positive when counter-clockwise.
public func signedArea(ofRing ring: [Position]) -> Double {
    guard ring.count > 2 else { return 0 }
    var s = 0.0
    for i in 0..<(ring.count - 1) {
        s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
    }
    return s / 2
}
