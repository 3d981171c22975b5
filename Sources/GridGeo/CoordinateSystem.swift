/// A coordinate system that input coordinates may come in.
///
/// Geographic systems take (longitude, latitude) in degrees; Gauss-Krüger systems take
/// (easting, northing) in metres, whatever order EPSG gives their axes.
public enum CoordinateSystem: Hashable, Sendable, CustomStringConvertible {
    /// WGS 84 longitude/latitude (EPSG:4326), the default and the only output system.
    case wgs84
    /// GCJ-02, used by Amap (Gaode) and Tencent maps.
    case gcj02
    /// BD-09, used by Baidu maps.
    case bd09
    /// CGCS2000 geographic (EPSG:4490).
    case cgcs2000
    /// CGCS2000 3-degree Gauss-Krüger, EPSG:4513–4533 (easting prefixed by the zone number)
    /// or EPSG:4534–4554 (no prefix, false easting 500000).
    case gaussKruger(epsg: Int)

    public static let gaussKrugerRange = 4513...4554

    /// Parses "wgs84", "gcj02", "bd09", "cgcs2000", or "EPSG:N" for 4326, 4490 and 4513–4554.
    public init?(_ text: String) {
        let t = text.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        switch t {
        case "wgs84", "epsg:4326", "4326": self = .wgs84
        case "gcj02", "gcj", "amap", "gaode": self = .gcj02
        case "bd09", "bd", "baidu", "bd09ll": self = .bd09
        case "cgcs2000", "epsg:4490", "4490": self = .cgcs2000
        default:
            let digits = t.hasPrefix("epsg:") ? String(t.dropFirst(5)) : t
            guard let code = Int(digits), Self.gaussKrugerRange.contains(code) else { return nil }
            self = .gaussKruger(epsg: code)
        }
    }

    public var description: String {
        switch self {
        case .wgs84: "wgs84"
        case .gcj02: "gcj02"
        case .bd09: "bd09"
        case .cgcs2000: "cgcs2000"
        case .gaussKruger(let code): "EPSG:\(code)"
        }
    }

    /// Whether coordinates are (easting, northing) in metres rather than degrees.
    public var isProjected: Bool {
        if case .gaussKruger = self { return true }
        return false
    }

    /// The PROJ name of the system, where PROJ defines it.
    var projName: String? {
        switch self {
        case .wgs84: "EPSG:4326"
        case .cgcs2000: "EPSG:4490"
        case .gaussKruger(let code): "EPSG:\(code)"
        case .gcj02, .bd09: nil
        }
    }
}

/// Converts positions between two coordinate systems, through WGS 84 when neither end is.
///
/// GCJ-02 and BD-09 use the published formulas; CGCS2000 and Gauss-Krüger go through PROJ.
/// Not thread-safe (it owns PROJ objects): give each thread its own (`copy()`).
public final class CoordinateConverter {
    public let from: CoordinateSystem, to: CoordinateSystem
    private let toWGS: Projection?
    private let fromWGS: Projection?

    public init(from: CoordinateSystem, to: CoordinateSystem = .wgs84) throws {
        self.from = from; self.to = to
        toWGS = try from.projName.flatMap { $0 == "EPSG:4326" ? nil : try Projection(from: $0, to: "EPSG:4326") }
        fromWGS = try to.projName.flatMap { $0 == "EPSG:4326" ? nil : try Projection(from: "EPSG:4326", to: $0) }
    }

    public func copy() throws -> CoordinateConverter { try CoordinateConverter(from: from, to: to) }

    public var isIdentity: Bool { from == to }

    /// Converts the coordinates in place; a coordinate that cannot be converted becomes NaN.
    public func convert(xs: inout [Double], ys: inout [Double]) {
        if from == to { return }
        switch from {
        case .wgs84: break
        case .gcj02: mapInPlace(&xs, &ys, ChineseCoordinates.gcj02ToWGS84)
        case .bd09: mapInPlace(&xs, &ys, ChineseCoordinates.bd09ToWGS84)
        case .cgcs2000, .gaussKruger: toWGS?.transform(xs: &xs, ys: &ys)
        }
        switch to {
        case .wgs84: break
        case .gcj02: mapInPlace(&xs, &ys, ChineseCoordinates.wgs84ToGCJ02)
        case .bd09: mapInPlace(&xs, &ys, ChineseCoordinates.wgs84ToBD09)
        case .cgcs2000, .gaussKruger: fromWGS?.transform(xs: &xs, ys: &ys)
        }
        for i in xs.indices where !xs[i].isFinite || !ys[i].isFinite {
            xs[i] = .nan; ys[i] = .nan
        }
    }

    /// Converts one position; throws when it cannot be converted.
    public func convert(_ p: Position) throws -> Position {
        var xs = [p.x], ys = [p.y]
        convert(xs: &xs, ys: &ys)
        guard !xs[0].isNaN else {
            throw ProjectionError(message: "cannot convert (\(p.x), \(p.y)) from \(from) to \(to)")
        }
        return Position(xs[0], ys[0])
    }

    private func mapInPlace(_ xs: inout [Double], _ ys: inout [Double], _ f: (Position) -> Position) {
        for i in xs.indices where xs[i].isFinite && ys[i].isFinite {
            let p = f(Position(xs[i], ys[i]))
            xs[i] = p.x; ys[i] = p.y
        }
    }
}
