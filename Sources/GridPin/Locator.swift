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
    }

    /// A projection from WGS 84 to the metric zone, for one thread's batch of points.
    public func makeProjection() throws -> Projection {
        try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
    }

    /// Whether the street covers the point (WGS 84).
    public func isInStreet(lon: Double, lat: Double) -> Bool { boundary.locate(lon, lat).isCovered }

    /// The context of a point given in WGS 84 degrees and in the metric zone's metres;
    /// `nil` when the street does not cover it.
    public func locate(lon: Double, lat: Double, x: Double, y: Double) -> Location? {
        guard boundary.locate(lon, lat).isCovered else { return nil }
        var loc = Location()
        let grid = grids.lowestCovering(lon, lat)
        if let g = grid {
            loc.grid = street.grids[g].code
            if let c = gridCommunity[g] { loc.community = street.communities[c].code }
        }
        if loc.community == nil, let c = communities.lowestCovering(lon, lat) { loc.community = street.communities[c].code }
        let compound = compounds.lowestCovering(lon, lat)
        if let c = compound { loc.compound = street.compounds[c].code }

        var nearestRoad: (Int, Double)?
        roadTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.roadSearchM)) { i in
            let d = roads[i].distance(x, y)
            guard d <= Self.roadSearchM else { return }
            if let b = nearestRoad, b.1 < d || (b.1 == d && b.0 < i) { return }
            nearestRoad = (i, d)
        }
        if let (r, d) = nearestRoad {
            let road = street.roads[r]
            loc.road = road.code; loc.roadName = road.name; loc.roadDistanceM = d
        }

        if let m = markets.lowestCovering(lon, lat) {
            loc.market = street.markets[m].code; loc.marketZone = .inside
        } else if let (m, _) = markets.nearestWithin(x, y, maxLimit: maxMarketM, limit: { street.markets[$0].surroundingsM }) {
            loc.market = street.markets[m].code; loc.marketZone = .around
        }
        if let s = sites.lowestCovering(lon, lat) { loc.site = street.sites[s].code }
        if let (s, _) = schools.nearestWithin(x, y, maxLimit: maxSchoolM, limit: { street.schools[$0].radiusM }) {
            loc.school = street.schools[s].code
        }
        if let v = venues.lowestCovering(lon, lat) { loc.venue = street.venues[v].code }

        if let c = compound {
            loc.officeGroup = street.compounds[c].officeGroup
        } else if let (r, _) = nearestRoad {
            loc.officeGroup = street.roads[r].officeGroup
        }

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
