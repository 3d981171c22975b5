import Foundation

/// A feature identifier: a string or a number (RFC 7946 §3.2).
public enum FeatureID: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Int)
    public var description: String {
        switch self {
        case .string(let s): s
        case .number(let n): String(n)
        }
    }
}

/// A GeoJSON feature (RFC 7946 §3.2): an id, a geometry (absent for unlocated features), properties.
public struct Feature: Sendable, Hashable {
    public var id: FeatureID?
    public var geometry: Geometry?
    public var properties: [String: JSONValue]

    public init(id: FeatureID? = nil, geometry: Geometry?, properties: [String: JSONValue] = [:]) {
        self.id = id; self.geometry = geometry; self.properties = properties
    }

    /// The feature's name in messages: its id, else its position in the file.
    public func label(index: Int) -> String {
        if let id { return "feature \(index + 1) (id \(id))" }
        return "feature \(index + 1)"
    }
}

/// Why a GeoJSON text could not be read, naming the feature and what is wrong.
public struct GeoJSONError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}

/// Reads GeoJSON FeatureCollections (RFC 7946 §3.3), a single Feature, or a bare geometry.
public enum GeoJSONReader {
    /// The `"type"` member of a GeoJSON object other than a geometry.
    private enum ObjectType: String { case featureCollection = "FeatureCollection", feature = "Feature" }

    public static func read(contentsOf url: URL) throws -> [Feature] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GeoJSONError(source: url.path, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try read(data, source: url.lastPathComponent)
    }

    public static func read(_ data: Data, source: String) throws -> [Feature] {
        let root: JSONValue
        do { root = try JSONValue(parsing: data) } catch {
            throw GeoJSONError(source: source, message: "not valid JSON (\(error))")
        }
        guard case .object(let o) = root, let typeName = o["type"]?.string else {
            throw GeoJSONError(source: source, message: "the top level is not a GeoJSON object with a \"type\"")
        }
        switch ObjectType(rawValue: typeName) {
        case .featureCollection:
            guard case .array(let items)? = o["features"] else {
                throw GeoJSONError(source: source, message: "the FeatureCollection has no \"features\" array")
            }
            return try items.enumerated().map { try feature($0.element, index: $0.offset, source: source) }
        case .feature:
            return [try feature(root, index: 0, source: source)]
        case nil:
            guard GeometryType(rawValue: typeName) != nil else {
                throw GeoJSONError(source: source, message: "unknown GeoJSON type \"\(typeName)\"")
            }
            return [Feature(geometry: try geometry(root, where: "\(source): the geometry"))]
        }
    }

    private static func feature(_ value: JSONValue, index: Int, source: String) throws -> Feature {
        guard case .object(let o) = value, o["type"]?.string == ObjectType.feature.rawValue else {
            throw GeoJSONError(source: source, message: "feature \(index + 1) is not a GeoJSON Feature")
        }
        var id: FeatureID?
        switch o["id"] {
        case .string(let s)?: id = .string(s)
        case .integer(let n)?: id = .number(n)
        case .number(let d)? where d == d.rounded() && abs(d) < 1e15: id = .number(Int(d))
        case nil, .null?: id = nil
        default: throw GeoJSONError(source: source, message: "feature \(index + 1): \"id\" must be a string or a number")
        }
        var f = Feature(id: id, geometry: nil)
        let label = "\(source): " + f.label(index: index)
        switch o["properties"] {
        case .object(let p)?: f.properties = p
        case nil, .null?: break
        default: throw GeoJSONError(source: source, message: "\(f.label(index: index)): \"properties\" must be an object or null")
        }
        switch o["geometry"] {
        case nil, .null?: break
        case let g?: f.geometry = try geometry(g, where: label)
        }
        return f
    }

    /// Parses a GeoJSON geometry object (RFC 7946 §3.1).
    public static func geometry(_ value: JSONValue, where label: String) throws -> Geometry {
        func fail(_ m: String) -> GeoJSONError { GeoJSONError(source: label, message: m) }
        guard case .object(let o) = value, let t = o["type"]?.string else { throw fail("the geometry has no \"type\"") }
        guard let type = GeometryType(rawValue: t) else {
            throw fail("geometry type \"\(t)\" is not supported (Point, LineString, Polygon and their Multi forms are)")
        }
        guard let coords = o["coordinates"] else { throw fail("the \(t) has no \"coordinates\"") }
        func position(_ v: JSONValue) throws -> Position {
            guard case .array(let a) = v, a.count >= 2, let x = a[0].double, let y = a[1].double else {
                throw fail("a position must be an array of at least two numbers, got \(v.text)")
            }
            guard x.isFinite, y.isFinite else { throw fail("a position is not finite") }
            return Position(x, y)
        }
        func list(_ v: JSONValue) throws -> [JSONValue] {
            guard case .array(let a) = v else { throw fail("\"coordinates\" of the \(t) are not nested arrays as \(t) needs") }
            return a
        }
        func line(_ v: JSONValue) throws -> [Position] {
            let ps = try list(v).map(position)
            guard ps.count >= 2 else { throw fail("a line needs at least 2 positions, got \(ps.count)") }
            return ps
        }
        func rings(_ v: JSONValue) throws -> [[Position]] {
            try list(v).enumerated().map { n, r in
                var ps = try list(r).map(position)
                if let f = ps.first, f != ps.last { ps.append(f) }   // close an unclosed ring
                guard ps.count >= 4 else { throw fail("ring \(n) has \(ps.count) positions; a ring needs at least 4") }
                return ps
            }
        }
        switch type {
        case .point: return .point(try position(coords))
        case .multiPoint: return .multiPoint(try list(coords).map(position))
        case .lineString: return .lineString(try line(coords))
        case .multiLineString: return .multiLineString(try list(coords).map(line))
        case .polygon:
            let r = try rings(coords)
            guard !r.isEmpty else { throw fail("the Polygon has no rings") }
            return .polygon(r)
        case .multiPolygon: return .multiPolygon(try list(coords).map(rings))
        }
    }
}
