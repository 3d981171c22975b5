import Foundation
import GridGeo
import GridPin

/// A sweep plan (联合整治) to draw on the map: route lines and numbered stops, from a GeoJSON
/// FeatureCollection in WGS 84 (RFC 7946) such as `gridpin sweeps` writes.
///
/// Every LineString or MultiLineString is a route and every Point a stop; both carry `day`
/// (which sweep: a number such as 1, or text such as "2022-10-08"); a stop also carries `stop`
/// (its place in the day's order, a whole number). `name`, `title` or `label` (the first given)
/// and `description` are shown on hover. Features of other types, or without a geometry, are
/// counted in `ignored` and not drawn.
///
///     {"type":"Feature","geometry":{"type":"Point","coordinates":[108.5012,34.3021]},
///      "properties":{"day":1,"stop":2,"name":"东关农贸市场"}}
public struct MapSweeps: Sendable {
    public struct Route: Sendable, Equatable {
        public let day: String
        public let label: String
        public let lines: [[Position]]
    }

    public struct Stop: Sendable, Equatable {
        public let day: String
        public let stop: Int
        public let label: String
        public let description: String
        public let position: Position
    }

    public var routes: [Route] = []
    public var stops: [Stop] = []
    /// The days in the order they first appear (the page colours them in this order).
    public var days: [String] = []
    public var ignored = 0

    public init(features: [Feature], source: String) throws {
        for (i, f) in features.enumerated() {
            func fail(_ message: String) -> InputError { InputError(source: source, message: "\(f.label(index: i)): \(message)") }
            guard let geometry = f.geometry, [.lineString, .multiLineString, .point].contains(geometry.type) else {
                ignored += 1
                continue
            }
            let day: String
            switch f.properties["day"] {
            case .integer(let n)?: day = String(n)
            case .number(let d)? where d == d.rounded() && abs(d) < 1e9: day = String(Int(d))
            case .string(let s)? where !s.isEmpty: day = s
            default: throw fail("\"day\" is missing: a route or stop needs the day of its sweep (1, 2 … or a date)")
            }
            if !days.contains(day) { days.append(day) }
            let label = ["name", "title", "label"].lazy.compactMap { f.properties[$0]?.string }.first ?? ""
            if case .point(let p) = geometry {
                let stop: Int
                switch f.properties["stop"] {
                case .integer(let n)?: stop = n
                case .number(let d)? where d == d.rounded() && abs(d) < 1e9: stop = Int(d)
                case .string(let s)?: guard let n = Int(s) else { throw fail("\"stop\" \"\(s)\" is not a whole number") }; stop = n
                default: throw fail("\"stop\" is missing: a stop needs its number in the day's order (1, 2 …)")
                }
                stops.append(Stop(day: day, stop: stop, label: label, description: f.properties["description"]?.string ?? "", position: p))
            } else {
                routes.append(Route(day: day, label: label, lines: geometry.lines))
            }
        }
    }

    /// Reads a sweep plan file.
    public static func load(path: String) throws -> MapSweeps {
        let url = URL(fileURLWithPath: path)
        return try MapSweeps(features: try GeoJSONReader.read(contentsOf: url), source: url.lastPathComponent)
    }
}
