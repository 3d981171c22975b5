import GridGeo

/// Finds the context of points on a street: grid, community, compound, nearest road, market,
/// site, school zone, venue, office group, and whether a point is near another grid.
///
/// Two phases, as a spatial join does: an STR tree over bounding boxes gives candidates, then an
/// exact test decides. Containment is tested in WGS 84 degrees, the coordinates the layers are
/// drawn in, so a point on a shared edge is on it exactly; distances are measured in metres in the
/// street's CGCS2000 Gauss-Krüger zone.
///
/// Boundary rule: a point on an edge belongs to every polygon that covers it; among several the
/// lowest code wins. Ties in distance (roads, market surroundings, school zones) go to the
/// lowest code too.
public final class Locator: Sendable {
    public let street: Street
    /// The EPSG code of the metric system distances are measured in.
    public let metricEPSG: Int

    public static let roadSearchM = 50.0
    public static let nearBoundaryM = 5.0

    /// A layer of polygons: exact shapes in degrees and in metres, with a tree over each.
    struct PolygonLayer: Sendable {
        let degrees: [PlanarPolygon], metres: [PlanarPolygon]
        let degreeTree: STRtree, metreTree: STRtree

        init(_ geometries: [Geometry], projected: [Geometry]) {
            degrees = geometries.map { PlanarPolygon($0)! }
            metres = projected.map { PlanarPolygon($0)! }
            degreeTree = STRtree(degrees.map(\.envelope))
            metreTree = STRtree(metres.map(\.envelope))
        }

        /// The lowest index whose polygon covers the point (degrees).
        @inline(__always) func lowestCovering(_ lon: Double, _ lat: Double) -> Int? {
            var best: Int?
            degreeTree.forEach(containing: lon, lat) { i in
                if let b = best, b < i { return }
                if degrees[i].locate(lon, lat).isCovered { best = i }
            }
            return best
        }

        /// The nearest index within `limit(i)` metres (0 when covered), ties to the lowest index.
        @inline(__always) func nearestWithin(_ x: Double, _ y: Double, maxLimit: Double, limit: (Int) -> Double) -> (Int, Double)? {
            var best: (Int, Double)?
            metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: maxLimit)) { i in
                let d = metres[i].distance(x, y)
                guard d <= limit(i) else { return }
                if let b = best, b.1 < d || (b.1 == d && b.0 < i) { return }
                best = (i, d)
            }
            return best
        }
    }

    let boundary: PlanarPolygon
    let grids: PolygonLayer, communities: PolygonLayer, compounds: PolygonLayer
    let markets: PolygonLayer, sites: PolygonLayer, schools: PolygonLayer, venues: PolygonLayer
    let roads: [PlanarPolyline]
    let roadTree: STRtree
    let maxMarketM: Double, maxSchoolM: Double
    private let gridCommunity: [Int?]
    let csvText: CSVText

    /// Builds the locator; every layer is projected once to the metric zone of the street's centre.
    public init(street: Street) throws {
        self.street = street
        guard let env = street.area.geometry.envelope else { throw InputError(source: "boundary.geojson", message: "empty boundary") }
        metricEPSG = try gaussKrugerEPSG(forLongitude: env.center.x)
        let projection = try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
        func project(_ gs: [Geometry]) throws -> [Geometry] {
            try gs.map { g in try g.map { try projection.transform($0) } }
        }
        func layer<T: LayerFeature>(_ fs: [T]) throws -> PolygonLayer {
            PolygonLayer(fs.map(\.geometry), projected: try project(fs.map(\.geometry)))
        }
        boundary = PlanarPolygon(street.area.geometry)!
        grids = try layer(street.grids)
        communities = try layer(street.communities)
        compounds = try layer(street.compounds)
        markets = try layer(street.markets)
        sites = try layer(street.sites)
        schools = try layer(street.schools)
        venues = try layer(street.venues)
        roads = try project(street.roads.map(\.geometry)).map { PlanarPolyline($0)! }
        roadTree = STRtree(roads.map(\.envelope))
        maxMarketM = street.markets.map(\.surroundingsM).max() ?? 0
        maxSchoolM = street.schools.map(\.radiusM).max() ?? 0
        let communityIndex = Dictionary(street.communities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        gridCommunity = street.grids.map { communityIndex[$0.community] }
        csvText = CSVText(street)
    }

    /// A projection from WGS 84 to the metric zone, for one thread's batch of points.
    public func makeProjection() throws -> Projection {
        try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
    }

    /// Whether the street covers the point (WGS 84).
    public func isInStreet(lon: Double, lat: Double) -> Bool { boundary.locate(lon, lat).isCovered }

    /// The context of a point as layer indices (−1 for none): what `locate` returns, without
    /// building strings, for per-point loops.
    public struct Indices: Sendable {
        public var grid: Int32 = -1, community: Int32 = -1, compound: Int32 = -1, road: Int32 = -1
        public var market: Int32 = -1, site: Int32 = -1, school: Int32 = -1, venue: Int32 = -1
        public var marketInside = false, nearBoundary = false
        public var roadDistanceM = Double.nan
        /// Metres from the market's edge: 0 inside, else how far into its surroundings.
        public var marketDistanceM = Double.nan
    }

    /// The context of a point given in WGS 84 degrees and in the metric zone's metres;
    /// `nil` when the street does not cover it.
    public func locate(lon: Double, lat: Double, x: Double, y: Double) -> Location? {
        locateIndices(lon: lon, lat: lat, x: x, y: y).map(location)
    }

    /// The codes and names that layer indices stand for.
    public func location(_ i: Indices) -> Location {
        var loc = Location()
        if i.grid >= 0 { loc.grid = street.grids[Int(i.grid)].code }
        if i.community >= 0 { loc.community = street.communities[Int(i.community)].code }
        if i.compound >= 0 { loc.compound = street.compounds[Int(i.compound)].code }
        if i.road >= 0 {
            let road = street.roads[Int(i.road)]
            loc.road = road.code; loc.roadName = road.name; loc.roadDistanceM = i.roadDistanceM
        }
        if i.market >= 0 {
            loc.market = street.markets[Int(i.market)].code; loc.marketZone = i.marketInside ? .inside : .around
            loc.marketDistanceM = i.marketDistanceM
        }
        if i.site >= 0 { loc.site = street.sites[Int(i.site)].code }
        if i.school >= 0 { loc.school = street.schools[Int(i.school)].code }
        if i.venue >= 0 { loc.venue = street.venues[Int(i.venue)].code }
        if i.compound >= 0 { loc.officeGroup = street.compounds[Int(i.compound)].officeGroup }
        else if i.road >= 0 { loc.officeGroup = street.roads[Int(i.road)].officeGroup }
        loc.nearBoundary = i.nearBoundary
        return loc
    }

    /// Appends the location columns of `i` as CSV text, each preceded by a comma, in
    /// `Location.keys` order: the same text as `Location.appendCSV`, from bytes made once.
    public func appendCSV(_ i: Indices, to out: inout [UInt8]) {
        let t = csvText
        @inline(__always) func field(_ table: [[UInt8]], _ k: Int32) {
            out.append(UInt8(ascii: ","))
            if k >= 0 { out.append(contentsOf: table[Int(k)]) }
        }
        field(t.grids, i.grid); field(t.communities, i.community); field(t.compounds, i.compound)
        field(t.roads, i.road); field(t.roadNames, i.road)
        out.append(UInt8(ascii: ","))
        if i.road >= 0 { TextFormat.appendNumber(i.roadDistanceM, decimals: 2, to: &out) }
        field(t.markets, i.market)
        out.append(UInt8(ascii: ","))
        if i.market >= 0 { out.append(contentsOf: i.marketInside ? t.inside : t.around) }
        field(t.sites, i.site); field(t.schools, i.school); field(t.venues, i.venue)
        if i.compound >= 0 { field(t.compoundGroups, i.compound) } else { field(t.roadGroups, i.road) }
        out.append(contentsOf: i.nearBoundary ? t.yes : t.no)
    }

    /// CSV-escaped bytes of every code and name a location row can hold.
    struct CSVText: Sendable {
        let grids, communities, compounds, roads, roadNames, markets, sites, schools, venues, compoundGroups, roadGroups: [[UInt8]]
        let inside = Array("inside".utf8), around = Array("around".utf8), yes = Array(",true".utf8), no = Array(",false".utf8)

        init(_ s: Street) {
            func bytes(_ v: [String]) -> [[UInt8]] { v.map { var o: [UInt8] = []; CSVFormat.appendField($0, to: &o); return o } }
            grids = bytes(s.grids.map(\.code)); communities = bytes(s.communities.map(\.code))
            compounds = bytes(s.compounds.map(\.code)); roads = bytes(s.roads.map(\.code)); roadNames = bytes(s.roads.map(\.name))
            markets = bytes(s.markets.map(\.code)); sites = bytes(s.sites.map(\.code)); schools = bytes(s.schools.map(\.code))
            venues = bytes(s.venues.map(\.code)); compoundGroups = bytes(s.compounds.map(\.officeGroup)); roadGroups = bytes(s.roads.map(\.officeGroup))
        }
    }

    public func locateIndices(lon: Double, lat: Double, x: Double, y: Double) -> Indices? {
        guard boundary.locate(lon, lat).isCovered else { return nil }
        var loc = Indices()
        let grid = grids.lowestCovering(lon, lat)
        if let g = grid {
            loc.grid = Int32(g)
            if let c = gridCommunity[g] { loc.community = Int32(c) }
        }
        if loc.community < 0, let c = communities.lowestCovering(lon, lat) { loc.community = Int32(c) }
        if let c = compounds.lowestCovering(lon, lat) { loc.compound = Int32(c) }

        var nearestRoad: (Int, Double)?
        roadTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.roadSearchM)) { i in
            let d = roads[i].distance(x, y)
            guard d <= Self.roadSearchM else { return }
            if let b = nearestRoad, b.1 < d || (b.1 == d && b.0 < i) { return }
            nearestRoad = (i, d)
        }
        if let (r, d) = nearestRoad { loc.road = Int32(r); loc.roadDistanceM = d }

        if let m = markets.lowestCovering(lon, lat) {
            loc.market = Int32(m); loc.marketInside = true; loc.marketDistanceM = 0
        } else if let (m, d) = markets.nearestWithin(x, y, maxLimit: maxMarketM, limit: { street.markets[$0].surroundingsM }) {
            loc.market = Int32(m); loc.marketDistanceM = d
        }
        if let s = sites.lowestCovering(lon, lat) { loc.site = Int32(s) }
        if let (s, _) = schools.nearestWithin(x, y, maxLimit: maxSchoolM, limit: { street.schools[$0].radiusM }) {
            loc.school = Int32(s)
        }
        if let v = venues.lowestCovering(lon, lat) { loc.venue = Int32(v) }

        if let g = grid {
            grids.metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.nearBoundaryM)) { i in
                if i != g && !loc.nearBoundary && grids.metres[i].distance(x, y) <= Self.nearBoundaryM {
                    loc.nearBoundary = true
                }
            }
        }
        return loc
    }
}
