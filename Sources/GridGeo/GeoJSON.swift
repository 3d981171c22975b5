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

/// A feature that cannot be read, with what could be read of it: its place in the file, its id
/// and properties when they are sound, and what is wrong.
public struct FeatureProblem: Error, CustomStringConvertible, Sendable {
    /// Its place in the collection, from 0.
    public let index: Int
    public let id: FeatureID?
    public let properties: [String: JSONValue]
    public let reason: String

    /// "feature 3 (id a-1)", as `Feature.label` names it.
    public var label: String { Feature(id: id, geometry: nil).label(index: index) }
    public var description: String { "\(label): \(reason)" }
}

/// Reads GeoJSON FeatureCollections (RFC 7946 §3.3), a single Feature, or a bare geometry.
public enum GeoJSONReader {
    /// The `"type"` member of a GeoJSON object other than a geometry.
    private enum ObjectType: String { case featureCollection = "FeatureCollection", feature = "Feature" }

    public static func read(contentsOf url: URL) throws -> [Feature] {
        try read(contents(of: url), source: url.lastPathComponent)
    }

    /// Every feature, or an error naming the first that cannot be read.
    public static func read(_ data: Data, source: String) throws -> [Feature] {
        try readEach(data, source: source).map { item in
            switch item {
            case .success(let feature): return feature
            case .failure(let problem): throw GeoJSONError(source: source, message: problem.description)
            }
        }
    }

    /// Each feature as it reads: a `Feature`, or the `FeatureProblem` that keeps it from being
    /// one (a geometry that is not GeoJSON, properties that are not an object …), so that an
    /// input of points can reject its bad features one by one and keep the rest. What is not a
    /// GeoJSON text at all still throws, naming where it breaks.
    public static func readEach(contentsOf url: URL) throws -> [Result<Feature, FeatureProblem>] {
        try readEach(contents(of: url), source: url.lastPathComponent)
    }

    public static func readEach(_ data: Data, source: String) throws -> [Result<Feature, FeatureProblem>] {
        try data.withUnsafeBytes { raw in
            let text = raw.assumingMemoryBound(to: UInt8.self)
            let root: GeoJSONMember
            do {
                var parser = JSONParser(text)
                root = try parser.geoJSONDocument()
            } catch {
                throw GeoJSONError(source: source, message: "not valid JSON (\(error))")
            }
            guard case .object(let o) = root, let typeName = o.type?.string else {
                throw GeoJSONError(source: source, message: "the top level is not a GeoJSON object with a \"type\"")
            }
            switch ObjectType(rawValue: typeName) {
            case .featureCollection:
                guard let items = o.features else {
                    throw GeoJSONError(source: source, message: "the FeatureCollection has no \"features\" array")
                }
                return items.enumerated().map { feature($0.element, index: $0.offset, text: text) }
            case .feature:
                return [feature(root, index: 0, text: text)]
            case nil:
                guard GeometryType(rawValue: typeName) != nil else {
                    throw GeoJSONError(source: source, message: "unknown GeoJSON type \"\(typeName)\"")
                }
                return [.success(Feature(geometry: try geometry(o, where: "\(source): the geometry", text: text)))]
            }
        }
    }

    private static func contents(of url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw GeoJSONError(source: url.path, message: "cannot read the file (\(error.localizedDescription))")
        }
    }

    private static func feature(_ value: GeoJSONMember, index: Int, text: UnsafeBufferPointer<UInt8>) -> Result<Feature, FeatureProblem> {
        var id: FeatureID?
        var properties: [String: JSONValue] = [:]
        func problem(_ reason: String) -> Result<Feature, FeatureProblem> {
            .failure(FeatureProblem(index: index, id: id, properties: properties, reason: reason))
        }
        guard case .object(let o) = value, o.type?.string == ObjectType.feature.rawValue else {
            return problem("not a GeoJSON Feature")
        }
        switch o.id {
        case .string(let s)?: id = .string(s)
        case .integer(let n)?: id = .number(n)
        case .number(let d)? where d == d.rounded() && abs(d) < 1e15: id = .number(Int(d))
        case nil, .null?: id = nil
        default: return problem("\"id\" must be a string or a number")
        }
        switch o.properties {
        case .object(let p)?: properties = p
        case nil, .null?: break
        default: return problem("\"properties\" must be an object or null")
        }
        var f = Feature(id: id, geometry: nil, properties: properties)
        let label = f.label(index: index)
        do {
            switch o.geometry {
            case nil, .other(.null)?: break
            case .other(let g)?: f.geometry = try geometry(g, where: label)
            case .object(let g)?: f.geometry = try geometry(g, where: label, text: text)
            }
        } catch let e as GeoJSONError {
            return problem(e.message)
        } catch {
            return problem("\(error)")
        }
        return .success(f)
    }

    /// A geometry object whose coordinates were read as positions; when they do not have the
    /// shape its type needs, `geometry(_:where:)` reads them again from `text` as values and
    /// says what is wrong.
    static func geometry(_ o: GeoJSONObject, where label: String, text: UnsafeBufferPointer<UInt8>) throws -> Geometry {
        /// A ring's positions, closed, when it has the shape of one.
        func ring(_ c: Coordinates) -> [Position]? {
            guard case .positions(var ps) = c else { return nil }
            if let f = ps.first, f != ps.last { ps.append(f) }
            return ps.count >= 4 ? ps : nil
        }
        func rings(_ c: Coordinates) -> [[Position]]? {
            guard case .lists(let rs) = c, !rs.isEmpty else { return nil }
            var out: [[Position]] = []
            out.reserveCapacity(rs.count)
            for r in rs { guard let ps = ring(r) else { return nil }; out.append(ps) }
            return out
        }
        switch (o.type?.string.flatMap(GeometryType.init(rawValue:)), o.coordinates) {
        case (.point?, .position(let p)?): return .point(p)
        case (.multiPoint?, .positions(let ps)?): return .multiPoint(ps)
        case (.lineString?, .positions(let ps)?) where ps.count >= 2: return .lineString(ps)
        case (.multiLineString?, .lists(let ls)?):
            let lines = ls.compactMap { l -> [Position]? in
                if case .positions(let ps) = l, ps.count >= 2 { return ps }
                return nil
            }
            if lines.count == ls.count && !ls.isEmpty { return .multiLineString(lines) }
        case (.polygon?, let c?): if let r = rings(c) { return .polygon(r) }
        case (.multiPolygon?, .lists(let ps)?):
            let polygons = ps.compactMap(rings)
            if polygons.count == ps.count && !ps.isEmpty { return .multiPolygon(polygons) }
        default: break
        }
        var object: [String: JSONValue] = [:]
        if let type = o.type { object["type"] = type }
        if let range = o.coordinatesText {
            var parser = JSONParser(UnsafeBufferPointer(rebasing: text[range]))
            object["coordinates"] = try parser.value()
        }
        return try geometry(.object(object), where: label)
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
