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
        With --category, also who must act (lead 牵头, support 配合), the rule that decided it and why, and the
        due time from --at (default now) by the category's time limit and the working calendar.
        Examples: gridpin locate --lon 108.5012 --lat 34.3008 --format json
                  gridpin locate --lon 108.5012 --lat 34.3008 --category 0506 --at 2022-09-30T10:00
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
    @Option(help: "A problem category: its code, Chinese or English name (gridpin catalog lists them); adds lead, support, rule, reason, due_at.")
    var category: String?
    @Option(help: "When the problem was reported (ISO 8601, e.g. 2022-09-30T10:00 or with +08:00; default now), for due_at.")
    var at: String?

    func validate() throws {
        guard lon.isFinite, lat.isFinite else { throw ValidationError("--lon and --lat must be finite numbers 经纬度必须是有限数字") }
        if !crs.isProjected {
            guard (-180...180).contains(lon) else { throw ValidationError("--lon \(lon) is not a longitude (−180…180) 经度超出范围") }
            guard (-90...90).contains(lat) else { throw ValidationError("--lat \(lat) is not a latitude (−90…90) 纬度超出范围") }
        }
        if at != nil && category == nil { throw ValidationError("--at is the report time for due_at: give --category too 需要同时给出 --category") }
    }

    func run() throws {
        let street = try self.street.loadStreet()
        let locator = try Locator(street: street)
        let office = try category == nil ? nil : self.street.loadOffice(street)
        let category = try self.category.flatMap { try office?.category($0) }
        var reported = Date()
        if let office { reported = Date(timeIntervalSince1970: try parseTime(at, office, option: "--at")) }
        let wgs = try CoordinateConverter(from: crs).convert(Position(lon, lat))
        let metres = try locator.makeProjection().transform(wgs)
        guard let indices = locator.locateIndices(lon: wgs.x, lat: wgs.y, x: metres.x, y: metres.y) else {
            printError(String(format: "(%.7f, %.7f) is outside %@ %@. 该点不在本街道范围内。", wgs.x, wgs.y, street.area.name, street.area.nameEn))
            throw ExitCode(2)
        }
        let loc = locator.location(indices)
        var assignment: Assignment?
        if let office, let category {
            let responsibility = Responsibility(office: office)
            assignment = responsibility.category(category.code).flatMap { responsibility.assignment($0, indices, reportedAt: reported) }
            if assignment == nil { printError("warning: no rule assigns \(category.code) at this point 无规则适用") }
            if let due = assignment?.dueAt, !office.calendar.knows(office.calendar.local(due).day) {
                printError("warning: the calendar knows holidays for \(office.calendar.years.lowerBound)–\(office.calendar.years.upperBound) only; due_at counts weekends alone 日历未收录该年节假日")
            }
        }
        switch format {
        case .json: print(LocationText.json(loc, assignment, office))
        case .text: print(LocationText.text(loc, street: street, at: wgs, assignment, office))
        }
    }
}

/// How a location reads: JSON with the stable keys, or bilingual text for people.
enum LocationText {
    static func json(_ loc: Location, _ a: Assignment?, _ office: Office?) -> String {
        var members = Array(zip(Location.keys, loc.values))
        if let a { members += assignmentValues(a, office) }
        return JSONText.object(members)
    }

    /// The assignment's members, in `Assignment.keys` order.
    static func assignmentValues(_ a: Assignment, _ office: Office?) -> [(String, JSONValue)] {
        [("category", .string(a.category)), ("lead", .array(a.lead.map(JSONValue.string))),
         ("support", .array(a.support.map(JSONValue.string))), ("rule", .string(a.rule)), ("reason", .string(a.reason)),
         ("due_at", a.dueAt.flatMap { t in office.map { .string($0.calendar.format(t)) } } ?? .null)]
    }

    static func text(_ loc: Location, street: Street, at p: Position, _ a: Assignment?, _ office: Office?) -> String {
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
        var all = rows
        if let a, let office, let c = office.catalogue[a.category] {
            all += [
                ("类型 Category", "\(c.code)  \(c.name) / \(c.nameEn)  (专项 action \(c.action), \(c.limit.chinese) \(c.limit))"),
                ("牵头 Lead", a.lead.map(unit).joined(separator: "; ")),
                ("配合 Support", a.support.isEmpty ? "—" : a.support.map(unit).joined(separator: "; ")),
                ("规则 Rule", a.rule),
                ("理由 Reason", a.reason),
                ("期限 Due", a.dueAt.map { office.calendar.format($0) } ?? "—"),
            ]
        }
        return TextTable.render(all.map { [$0.0, $0.1] })
    }
}
