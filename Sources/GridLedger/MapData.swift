import Foundation
import GridGeo
import GridPin

/// What a map page draws (`gridpin map`): the street's layers, the cases, hot-spot outlines and
/// sweep routes, as one compact JSON object that `Resources/map/map.js` reads.
///
/// Everything is in a local plane: metres east and north of `origin` (the south-west corner of
/// the street in its Gauss-Krüger zone, whole metres), to 0.1 m. A polygon is a list of flat
/// rings `[x0,y0,x1,y1,…]` (parts and holes alike, drawn even-odd); a line is a flat list too.
/// Cases are columns — `x`, `y`, `category`, `status` … with one entry per case — not one object
/// per case, so that 100,000 cases stay a few megabytes and parse in milliseconds:
///
///     "cases": {"count": 2, "prefix": "619901001-", "number": ["20220715-0001", "20220716-0001"],
///               "x": [412.5, 610], "y": [833.1, 290.4], "category": [12, 3], "status": [4, 2],
///               "overdue": [0, 1], "lead": [0, 1], "support": [2, 2], "due": [27631740, 27633180]}
///
/// `category` indexes `categories` ([code, name, English name, colour]), `status` indexes
/// `statuses` ([key, Chinese]), `lead` and `support` index `unitSets` (unit ids joined by `;`,
/// named in `units`), `due` is minutes since 1970 (UTC; `utcOffset` seconds give local time).
public struct MapData {
    public let office: Office
    public let cases: [CaseRecord]
    /// The moment overdue is judged at (seconds since 1970).
    public let now: Double
    public var title: String
    public let metricEPSG: Int
    /// The local plane's origin in the metric zone.
    public let origin: Position
    public private(set) var hotspots: [HotspotFeature] = []
    public var sweeps: MapSweeps?
    let toMetres: Projection
    let engine = GeometryEngine()

    /// The map of `cases` (already filtered) over the office's street, in the Gauss-Krüger zone
    /// `metricEPSG` (the locator's).
    public init(office: Office, metricEPSG: Int, cases: [CaseRecord], now: Double) throws {
        self.office = office; self.cases = cases; self.now = now; self.metricEPSG = metricEPSG
        let toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
        self.toMetres = toMetres
        let area = office.street.area
        guard let env = try toMetres.transform(area.geometry).envelope else {
            throw InputError(source: Street.File.boundary.rawValue, message: "the street boundary is empty")
        }
        origin = Position(env.minX.rounded(.down), env.minY.rounded(.down))
        title = "\(area.name) \(area.nameEn)"
    }

    /// Adds the DBSCAN clusters of the cases (as `gridpin hotspots --method dbscan` finds them),
    /// each outlined by its concave hull.
    public mutating func addHotspots(eps: Double, minPoints: Int) throws {
        let finder = try Hotspots(office: office, metricEPSG: metricEPSG)
        hotspots = try finder.clusters(cases.map(HotspotPoint.init), eps: eps, minPoints: minPoints).0
    }

    /// Open cases (not closed, not void) per grid code.
    public var openByGrid: [String: Int] {
        var open: [String: Int] = [:]
        for c in cases where c.status.isOpen { if let g = c.grid { open[g, default: 0] += 1 } }
        return open
    }

    /// The JSON object the page reads.
    public func json() throws -> [UInt8] {
        var j = MapJSON(origin: origin)
        let street = office.street
        let calendar = office.calendar
        j.open("{")
        j.key("version"); j.integer(1)
        j.key("title"); j.string(title)
        j.key("street"); j.string(street.area.code)
        j.key("now"); j.string(calendar.format(Date(timeIntervalSince1970: now)))
        j.key("crs"); j.string("EPSG:\(metricEPSG)")
        j.key("origin"); j.open("["); j.number(origin.x, 0); j.number(origin.y, 0); j.close("]")
        j.key("utcOffset"); j.integer(calendar.utcOffset)

        // Categories: the catalogue's, in its order, then any code a case has that it lacks.
        var categories = office.catalogue.categories.map { ($0.code, $0.name, $0.nameEn) }
        var categoryIndex = Dictionary(categories.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { a, _ in a })
        for c in cases where categoryIndex[c.category] == nil {
            categoryIndex[c.category] = categories.count
            categories.append((c.category, c.category, c.category))
        }
        j.key("categories"); j.open("[")
        for (i, c) in categories.enumerated() {
            j.open("["); j.string(c.0); j.string(c.1); j.string(c.2); j.string(CaseColumns.palette[i % CaseColumns.palette.count]); j.close("]")
        }
        j.close("]")
        j.key("statuses"); j.open("[")
        for s in CaseStatus.allCases { j.open("["); j.string(s.rawValue); j.string(s.chinese); j.close("]") }
        j.close("]")
        j.key("units"); j.open("{")
        for u in street.units { j.key(u.id); j.open("["); j.string(u.name); j.string(u.nameEn); j.close("]") }
        j.close("}")
        j.key("roadClasses"); j.open("[")
        for r in RoadClass.allCases { j.open("["); j.string(r.rawValue); j.string(r.chinese); j.close("]") }
        j.close("]")

        try writeLayers(&j)
        try writeCases(&j, categoryIndex: categoryIndex)
        try writeHotspots(&j)
        try writeSweeps(&j)
        j.close("}")
        return j.bytes
    }

    func metres(_ g: Geometry) throws -> Geometry { try toMetres.transform(g) }

    /// The street's layers, each a list of features with code, names and geometry.
    func writeLayers(_ j: inout MapJSON) throws {
        let street = office.street
        let open = openByGrid
        func features<T: LayerFeature>(_ name: String, _ items: [T], _ extra: (inout MapJSON, T) throws -> Void) throws {
            j.key(name); j.open("[")
            for f in items {
                j.open("{")
                j.key("code"); j.string(f.code); j.key("name"); j.string(f.name); j.key("nameEn"); j.string(f.nameEn)
                let m = try metres(f.geometry)
                if m.lines.isEmpty { j.key("rings"); j.rings(m.polygons.flatMap { $0 }) } else { j.key("lines"); j.rings(m.lines) }
                try extra(&j, f)
                j.close("}")
            }
            j.close("]")
        }
        /// The area within `d` metres of a polygon (a school's zone, a market's surroundings).
        func zone(_ g: Geometry, _ d: Double) throws { j.key("zone"); j.rings(try engine.buffer(try metres(g), d).polygons.flatMap { $0 }) }
        j.key("layers"); j.open("{")
        try features("boundary", [street.area]) { _, _ in }
        try features("communities", street.communities) { _, _ in }
        try features("grids", street.grids) { j, g in j.key("community"); j.string(g.community); j.key("open"); j.integer(open[g.code] ?? 0) }
        try features("compounds", street.compounds) { _, _ in }
        try features("roads", street.roads) { j, r in j.key("class"); j.string(r.roadClass.rawValue); j.key("width"); j.number(r.widthM, 1) }
        try features("markets", street.markets) { j, m in j.key("zoneM"); j.number(m.surroundingsM, 1); try zone(m.geometry, m.surroundingsM) }
        try features("sites", street.sites) { _, _ in }
        try features("schools", street.schools) { j, s in j.key("zoneM"); j.number(s.radiusM, 1); try zone(s.geometry, s.radiusM) }
        try features("venues", street.venues) { j, v in j.key("kind"); j.string(v.kind) }
        j.close("}")
    }

    /// The cases as columns (see the type's comment).
    func writeCases(_ j: inout MapJSON, categoryIndex: [String: Int]) throws {
        var xs = cases.map(\.lon), ys = cases.map(\.lat)
        toMetres.transform(xs: &xs, ys: &ys)
        let numbers = cases.map(\.number)
        let prefix = Self.commonPrefix(numbers)
        var unitSets: [String] = [], unitSetIndex: [String: Int] = [:]
        func unitSet(_ s: String) -> Int {
            if let k = unitSetIndex[s] { return k }
            unitSetIndex[s] = unitSets.count; unitSets.append(s)
            return unitSets.count - 1
        }
        let lead = cases.map { unitSet($0.lead) }, support = cases.map { unitSet($0.support) }
        let statusIndex = Dictionary(CaseStatus.allCases.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        j.key("unitSets"); j.open("["); for s in unitSets { j.string(s) }; j.close("]")
        j.key("cases"); j.open("{")
        j.key("count"); j.integer(cases.count)
        j.key("prefix"); j.string(prefix)
        j.key("number"); j.open("["); for n in numbers { j.string(String(n.dropFirst(prefix.count))) }; j.close("]")
        j.key("x"); j.open("["); for x in xs { j.number(x - origin.x, 1) }; j.close("]")
        j.key("y"); j.open("["); for y in ys { j.number(y - origin.y, 1) }; j.close("]")
        j.key("category"); j.integers(cases.map { categoryIndex[$0.category] ?? 0 })
        j.key("status"); j.integers(cases.map { statusIndex[$0.status] ?? 0 })
        j.key("overdue"); j.integers(cases.map { $0.isOverdue(at: now) ? 1 : 0 })
        j.key("lead"); j.integers(lead)
        j.key("support"); j.integers(support)
        j.key("due"); j.integers(cases.map { Int(($0.dueAt / 60).rounded(.down)) })
        j.close("}")
    }

    /// The start all the case numbers share, up to and including its last "-" (the street code:
    /// `619901001-`), which the page puts back in front of each.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for s in strings.dropFirst() {
            var k = 0
            for ch in s {
                guard k < prefix.count, prefix[k] == ch else { break }
                k += 1
            }
            prefix.removeSubrange(k...)
        }
        guard let dash = prefix.lastIndex(of: "-") else { return "" }
        return String(prefix[...dash])
    }

    func writeHotspots(_ j: inout MapJSON) throws {
        let column = Dictionary(Hotspots.clusterColumns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        func value(_ f: HotspotFeature, _ name: String) -> JSONValue { column[name].map { f.values[$0] } ?? .null }
        j.key("hotspots"); j.open("[")
        for f in hotspots {
            j.open("{")
            j.key("cluster"); j.integer(Int(value(f, "cluster").double ?? 0))
            j.key("count"); j.integer(Int(value(f, "count").double ?? 0))
            j.key("open"); j.integer(Int(value(f, "open").double ?? 0))
            j.key("title"); j.string(value(f, "title").string ?? "")
            j.key("description"); j.string(value(f, "description").string ?? "")
            j.key("fill"); j.string(value(f, "fill").string ?? "#d7301f")
            j.key("rings"); j.rings(try metres(f.geometry).polygons.flatMap { $0 })
            j.close("}")
        }
        j.close("]")
    }

    func writeSweeps(_ j: inout MapJSON) throws {
        j.key("sweeps"); j.open("{")
        j.key("days"); j.open("["); for d in sweeps?.days ?? [] { j.string(d) }; j.close("]")
        j.key("routes"); j.open("[")
        for r in sweeps?.routes ?? [] {
            j.open("{"); j.key("day"); j.string(r.day); j.key("label"); j.string(r.label)
            j.key("lines"); j.rings(try toMetres.transform(.multiLineString(r.lines)).lines); j.close("}")
        }
        j.close("]")
        j.key("stops"); j.open("[")
        for s in sweeps?.stops ?? [] {
            let p = try toMetres.transform(s.position)
            j.open("{"); j.key("day"); j.string(s.day); j.key("stop"); j.integer(s.stop)
            j.key("label"); j.string(s.label); j.key("description"); j.string(s.description)
            j.key("x"); j.number(p.x - origin.x, 1); j.key("y"); j.number(p.y - origin.y, 1); j.close("}")
        }
        j.close("]")
        j.close("}")
    }
}

/// JSON text built byte by byte, with the separators put in as values are added.
struct MapJSON {
    let origin: Position
    var bytes: [UInt8] = []
    /// Whether the next value is the first of its object or array (or follows a key).
    private var first = true

    init(origin: Position) { self.origin = origin; bytes.reserveCapacity(1 << 20) }

    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func open(_ bracket: Character) { separate(); bytes.append(bracket.asciiValue!); first = true }
    mutating func close(_ bracket: Character) { bytes.append(bracket.asciiValue!); first = false }
    mutating func key(_ k: String) { separate(); TextFormat.appendJSONString(k, to: &bytes); bytes.append(UInt8(ascii: ":")); first = true }
    mutating func string(_ s: String) { separate(); TextFormat.appendJSONString(s, to: &bytes) }
    mutating func integer(_ n: Int) { separate(); TextFormat.appendInteger(n, to: &bytes) }
    mutating func number(_ d: Double, _ decimals: Int) { separate(); TextFormat.appendNumber(d, decimals: decimals, to: &bytes) }
    mutating func integers(_ ns: [Int]) { open("["); for n in ns { integer(n) }; close("]") }

    /// Rings or lines in metres as flat lists in the local plane, 0.1 m.
    mutating func rings(_ rings: [[Position]]) {
        open("[")
        for ring in rings {
            open("[")
            for p in ring { number(p.x - origin.x, 1); number(p.y - origin.y, 1) }
            close("]")
        }
        close("]")
    }
}
