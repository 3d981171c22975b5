import Foundation
import GridGeo

/// One input point of a batch job, as read: where it came from, its carried values, and its
/// coordinates (or why they could not be read).
public struct InputPoint: Sendable {
    /// "line 17" or "feature 3 (id a-1)": how messages name the row.
    public var label: String
    public var id: FeatureID
    public var x: Double, y: Double
    public var values: [JSONValue]
    /// Why the row cannot be placed, when it cannot.
    public var problem: String?
}

/// A stream of input points in batches: a CSV file read as it goes, or a GeoJSON file of points.
public protocol PointSource {
    /// The carried columns, in order.
    var columns: [PropertyColumn] { get }
    /// Up to `limit` more points; empty at the end.
    func next(_ limit: Int) throws -> [InputPoint]
}

/// Opens the right source for a path: GeoJSON by its extension, CSV otherwise.
public func openPointSource(path: String, crs: CoordinateSystem) throws -> PointSource {
    let lower = path.lowercased()
    if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
        return try GeoJSONPointSource(path: path)
    }
    return try CSVPointSource(path: path, projected: crs.isProjected)
}

/// Checks that a coordinate pair can be a position in the given kind of system.
func coordinateProblem(_ x: Double, _ y: Double, projected: Bool) -> String? {
    if projected { return nil }
    if !(-180...180).contains(x) { return "longitude \(x) is not a longitude (−180…180)" }
    if !(-90...90).contains(y) { return "latitude \(y) is not a latitude (−90…90)" }
    return nil
}

/// CSV points: a header naming `lon`/`lat` (or `lng`, `longitude`, `x`; `latitude`, `y`;
/// 经度/纬度), and any other columns, which are carried through as text.
final class CSVPointSource: PointSource {
    let reader: CSVReader
    let header: [String]
    let xColumn: Int, yColumn: Int, idColumn: Int?
    let columns: [PropertyColumn]
    let projected: Bool

    static let xNames = ["lon", "lng", "longitude", "long", "x", "经度", "easting"]
    static let yNames = ["lat", "latitude", "y", "纬度", "northing"]

    init(path: String, projected: Bool) throws {
        reader = try CSVReader(path: path)
        self.projected = projected
        guard let first = reader.next() else { throw InputError(source: path, message: "is empty: a header line is needed") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let lower = header.map { $0.lowercased() }
        guard let x = lower.firstIndex(where: Self.xNames.contains) else {
            throw InputError(source: path, message: "line 1: no longitude column (one of \(Self.xNames.joined(separator: ", ")))")
        }
        guard let y = lower.firstIndex(where: Self.yNames.contains) else {
            throw InputError(source: path, message: "line 1: no latitude column (one of \(Self.yNames.joined(separator: ", ")))")
        }
        xColumn = x; yColumn = y
        idColumn = lower.firstIndex(of: "id")
        columns = header.map { PropertyColumn($0, .string) }
    }

    func next(_ limit: Int) throws -> [InputPoint] {
        var out: [InputPoint] = []
        out.reserveCapacity(limit)
        while out.count < limit, let (line, fields) = reader.next() {
            if fields.count == 1 && fields[0].isEmpty { continue }   // a blank line
            let label = "line \(line)"
            let id: FeatureID = idColumn.flatMap { $0 < fields.count && !fields[$0].isEmpty ? .string(fields[$0]) : nil } ?? .number(line)
            var point = InputPoint(label: label, id: id, x: .nan, y: .nan, values: fields.map { .string($0) }, problem: nil)
            if fields.count != header.count {
                point.problem = "\(fields.count) fields, the header has \(header.count)"
            } else if let x = Double(fields[xColumn].trimmingCharacters(in: .whitespaces)), x.isFinite {
                if let y = Double(fields[yColumn].trimmingCharacters(in: .whitespaces)), y.isFinite {
                    point.x = x; point.y = y
                    point.problem = coordinateProblem(x, y, projected: projected)
                } else {
                    point.problem = "\(header[yColumn]) \"\(fields[yColumn])\" is not a number"
                }
            } else {
                point.problem = "\(header[xColumn]) \"\(fields[xColumn])\" is not a number"
            }
            out.append(point)
        }
        return out
    }
}

/// GeoJSON points: a FeatureCollection whose features are Points; properties are carried with
/// one type per column (integer, number, boolean, or else text).
final class GeoJSONPointSource: PointSource {
    let columns: [PropertyColumn]
    private var points: [InputPoint]
    private var position = 0

    init(path: String) throws {
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path))
        let keys = Set(features.flatMap { $0.properties.keys }).sorted()
        columns = keys.map { key in
            let values = features.compactMap { $0.properties[key] }.filter { $0 != .null }
            if values.allSatisfy({ if case .integer = $0 { true } else { false } }) && !values.isEmpty { return PropertyColumn(key, .integer) }
            if values.allSatisfy({ $0.double != nil }) && !values.isEmpty { return PropertyColumn(key, .number(decimals: 9)) }
            if values.allSatisfy({ if case .bool = $0 { true } else { false } }) && !values.isEmpty { return PropertyColumn(key, .bool) }
            return PropertyColumn(key, .string)
        }
        let columns = self.columns
        points = features.enumerated().map { i, f in
            let values: [JSONValue] = columns.map { c in
                let v = f.properties[c.name] ?? .null
                if c.type == .string, v != .null, v.string == nil { return .string(v.text) }
                return v
            }
            let id = f.id ?? f.properties["id"].flatMap { $0.string.map(FeatureID.string) } ?? .number(i + 1)
            var p = InputPoint(label: f.label(index: i), id: id, x: .nan, y: .nan, values: values, problem: nil)
            switch f.geometry {
            case .point(let q)?:
                p.x = q.x; p.y = q.y
                p.problem = coordinateProblem(q.x, q.y, projected: false)
            case let g?: p.problem = "geometry is a \(g.type.rawValue), not a Point"
            case nil: p.problem = "no geometry"
            }
            return p
        }
    }

    func next(_ limit: Int) throws -> [InputPoint] {
        let end = min(points.count, position + limit)
        defer { position = end }
        return Array(points[position..<end])
    }
}
