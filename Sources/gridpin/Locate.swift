import ArgumentParser
import Foundation
import GridGeo
import GridPin

struct Locate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Where is this point? Grid, community, road, market, site, school, venue, office group. 定位一个点。",
        discussion: """
        Boundary rule: a point on an edge belongs to every polygon that covers it; among several, the lowest code wins.
        Exit code 2 when the point is outside the street.
        Example: gridpin locate --lon 108.5012 --lat 34.3008 --format json
        """
    )

    @OptionGroup var street: StreetOptions
    @Option(name: [.customLong("lon"), .customLong("x")], help: "Longitude (or easting for a Gauss-Krüger --crs).")
    var lon: Double
    @Option(name: [.customLong("lat"), .customLong("y")], help: "Latitude (or northing for a Gauss-Krüger --crs).")
    var lat: Double
    @Option(help: "The coordinate system of --lon/--lat.")
    var crs: CoordinateSystem = .wgs84
    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard lon.isFinite, lat.isFinite else { throw ValidationError("--lon and --lat must be finite numbers") }
        if !crs.isProjected {
            guard (-180...180).contains(lon) else { throw ValidationError("--lon \(lon) is not a longitude (−180…180)") }
            guard (-90...90).contains(lat) else { throw ValidationError("--lat \(lat) is not a latitude (−90…90)") }
        }
    }

    func run() throws {
        let street = try self.street.loadStreet()
        let locator = try Locator(street: street)
        let wgs = try CoordinateConverter(from: crs).convert(Position(lon, lat))
        let metres = try locator.makeProjection().transform(wgs)
        guard let loc = locator.locate(lon: wgs.x, lat: wgs.y, x: metres.x, y: metres.y) else {
            printError(String(format: "(%.7f, %.7f) is outside %@ %@. 该点不在本街道范围内。", wgs.x, wgs.y, street.area.name, street.area.nameEn))
            throw ExitCode(2)
        }
        switch format {
        case .json: print(LocationText.json(loc))
        case .text: print(LocationText.text(loc, street: street, at: wgs))
        }
    }
}

/// How a location reads: JSON with the stable keys, or bilingual text for people.
enum LocationText {
    static func json(_ loc: Location) -> String {
        var out: [UInt8] = Array("{\n".utf8)
        for (i, (key, value)) in zip(Location.keys, loc.values).enumerated() {
            out += Array("  ".utf8)
            TextFormat.appendJSONString(key, to: &out)
            out += Array(": ".utf8)
            switch value {
            case .null: out += Array("null".utf8)
            case .bool(let b): out += Array((b ? "true" : "false").utf8)
            case .number(let d): TextFormat.appendNumber(d, decimals: 2, to: &out)
            default: TextFormat.appendJSONString(value.text, to: &out)
            }
            out += Array((i + 1 < Location.keys.count ? ",\n" : "\n").utf8)
        }
        out += Array("}".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func text(_ loc: Location, street: Street, at p: Position) -> String {
        func named<T: LayerFeature>(_ code: String?, in items: [T]) -> String {
            guard let code else { return "—" }
            guard let f = items.first(where: { $0.code == code }) else { return code }
            return "\(code)  \(f.name) / \(f.nameEn)"
        }
        func unit(_ id: String?) -> String {
            guard let id else { return "—" }
            guard let u = street.unit(id) else { return id }
            return "\(id)  \(u.name) / \(u.nameEn)"
        }
        var road = "—"
        if let code = loc.road, let d = loc.roadDistanceM, let r = street.roads.first(where: { $0.code == code }) {
            road = String(format: "%@  %@ / %@ (%@ %@), %.1f m", code, r.name, r.nameEn, r.roadClass.chinese, r.roadClass.rawValue, d)
        }
        var market = named(loc.market, in: street.markets)
        if let zone = loc.marketZone { market += zone == .inside ? "  [内 inside]" : "  [周边 around]" }
        let rows: [(String, String)] = [
            ("位置 Point", String(format: "%.7f, %.7f (WGS 84)", p.x, p.y)),
            ("网格 Grid", named(loc.grid, in: street.grids)),
            ("社区 Community", named(loc.community, in: street.communities)),
            ("小区 Compound", named(loc.compound, in: street.compounds)),
            ("道路 Road", road),
            ("市场 Market", market),
            ("工地 Site", named(loc.site, in: street.sites)),
            ("学校 School zone", named(loc.school, in: street.schools)),
            ("场所 Venue", named(loc.venue, in: street.venues)),
            ("组办 Office group", unit(loc.officeGroup)),
            ("近边界 Near boundary", loc.nearBoundary ? "是 yes (within 5 m of another grid)" : "否 no"),
        ]
        let width = rows.map { $0.0.count }.max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }
}
