import Foundation
import GridGeo

/// Finds the context of points on a street: grid, community, compound, nearest road, market,
/// site, school zone, venue, office group, and whether a point is near another grid.
///
/// Two phases, as a spatial join does: candidates first, then an exact test decides. The
/// candidates come from a uniform grid of cells laid over the street once (in degrees for
/// containment, in metres for distances), each cell listing per layer the features that may
/// answer there; a cell wholly inside one polygon, or sure to be within one feature's reach with
/// no rival, answers without a test. Points off the cells take STR trees and exact tests alone.
/// Containment is tested in WGS 84 degrees, the coordinates the layers are drawn in, so a point
/// on a shared edge is on it exactly; distances are measured in metres in the street's CGCS2000
/// Gauss-Krüger zone.
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
    /// How far a point in a sliver between the street's edge and its grids may be from a grid.
    public static let sliverM = 1.0

    /// A layer of polygons: exact shapes in degrees and in metres, flattened per layer (a
    /// polygon is tested by index, never copied out of an array), with a tree over each.
    struct PolygonLayer: Sendable {
        let degrees: PlanarPolygons, metres: PlanarPolygons
        let degreeTree: STRtree, metreTree: STRtree

        init(degrees: [PlanarPolygon], metres: [PlanarPolygon]) {
            self.degrees = PlanarPolygons(degrees); self.metres = PlanarPolygons(metres)
            degreeTree = STRtree(degrees.map(\.envelope))
            metreTree = STRtree(metres.map(\.envelope))
        }

        /// Whether polygon `i` covers the point (degrees).
        @inline(__always) func covers(_ i: Int, _ lon: Double, _ lat: Double) -> Bool {
            degrees.locate(i, lon, lat).isCovered
        }

        /// The distance from polygon `i` to the point (metres; 0 when it covers the point).
        @inline(__always) func distance(_ i: Int, _ x: Double, _ y: Double) -> Double {
            metres.distance(i, x, y)
        }

        /// The lowest index whose polygon covers the point (degrees).
        @inline(__always) func lowestCovering(_ lon: Double, _ lat: Double) -> Int? {
            var best: Int?
            degreeTree.forEach(containing: lon, lat) { i in
                if let b = best, b < i { return }
                if covers(i, lon, lat) { best = i }
            }
            return best
        }

        /// The nearest index within `limit(i)` metres (0 when covered), ties to the lowest index.
        @inline(__always) func nearestWithin(_ x: Double, _ y: Double, maxLimit: Double, limit: (Int) -> Double) -> (Int, Double)? {
            var best: (Int, Double)?
            metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: maxLimit)) { i in
                let d = distance(i, x, y)
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
    let marketLimits: [Double], schoolLimits: [Double]
    /// The community index of each grid's community code, −1 when no community has it.
    private let gridCommunity: [Int32]
    let csvText: CSVText
    /// Every road segment in metres, road by road: ax, ay, bx, by; and the road of each.
    let segments: [Double], segmentRoad: [Int32]
    /// Per-cell answers of the containment layers (degrees) and the distance layers (metres).
    let degreeCells: CellAnswers, metreCells: CellAnswers

    /// Builds the locator; every layer is projected once to the metric zone of the street's centre.
    public init(street: Street) throws {
        self.street = street
        guard let env = street.area.geometry.envelope else { throw InputError(source: "boundary.geojson", message: "empty boundary") }
        let epsg = try gaussKrugerEPSG(forLongitude: env.center.x)
        metricEPSG = epsg
        // PROJ's database search for the operation is most of start-up: it runs on another
        // thread while the containment side is built.
        let pending = Pending { try Projection(from: "EPSG:4326", to: "EPSG:\(epsg)") }
        func polygons<T: LayerFeature>(_ fs: [T]) -> [PlanarPolygon] { fs.map { PlanarPolygon($0.geometry)! } }
        boundary = PlanarPolygon(street.area.geometry)!
        let inDegrees = [polygons(street.grids), polygons(street.communities), polygons(street.compounds), polygons(street.markets),
                         polygons(street.sites), polygons(street.schools), polygons(street.venues)]
        // The containment cells are built on a third thread while the layers are projected and
        // the distance cells built here.
        let containmentLayers = [[boundary], inDegrees[0], inDegrees[1], inDegrees[2], inDegrees[3], inDegrees[4], inDegrees[6]]
        let degreeCellCount = Self.degreeCellCount(grids: street.grids.count)
        let pendingDegreeCells = Pending { Self.buildDegreeCells(containmentLayers, over: env, cells: degreeCellCount) }
        marketLimits = street.markets.map(\.surroundingsM)
        schoolLimits = street.schools.map(\.radiusM)
        maxMarketM = marketLimits.max() ?? 0
        maxSchoolM = schoolLimits.max() ?? 0
        let communityIndex = Dictionary(street.communities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        gridCommunity = street.grids.map { communityIndex[$0.community].map(Int32.init) ?? -1 }
        csvText = CSVText(street)

        let projection = try pending.value()
        func project(_ g: Geometry) throws -> Geometry { try projection.transform(g) }
        func inMetres<T: LayerFeature>(_ fs: [T]) throws -> [PlanarPolygon] { try fs.map { PlanarPolygon(try project($0.geometry))! } }
        let gridMetres = try inMetres(street.grids), marketMetres = try inMetres(street.markets)
        let schoolMetres = try inMetres(street.schools)
        grids = PolygonLayer(degrees: inDegrees[0], metres: gridMetres)
        communities = PolygonLayer(degrees: inDegrees[1], metres: try inMetres(street.communities))
        compounds = PolygonLayer(degrees: inDegrees[2], metres: try inMetres(street.compounds))
        markets = PolygonLayer(degrees: inDegrees[3], metres: marketMetres)
        sites = PolygonLayer(degrees: inDegrees[4], metres: try inMetres(street.sites))
        schools = PolygonLayer(degrees: inDegrees[5], metres: schoolMetres)
        venues = PolygonLayer(degrees: inDegrees[6], metres: try inMetres(street.venues))
        roads = try street.roads.map { PlanarPolyline(try project($0.geometry))! }
        roadTree = STRtree(roads.map(\.envelope))
        var segments: [Double] = [], segmentRoad: [Int32] = []
        for (r, road) in roads.enumerated() {
            for (ax, ay, bx, by) in road.segments { segments += [ax, ay, bx, by]; segmentRoad.append(Int32(r)) }
        }
        self.segments = segments; self.segmentRoad = segmentRoad
        // Points the street covers fall near its boundary's image in metres; the few that may
        // not (off the grid) take the exact way.
        guard let metricEnvelope = PlanarPolygon(try project(street.area.geometry))?.envelope else {
            throw InputError(source: "boundary.geojson", message: "empty boundary")
        }
        metreCells = Self.buildMetreCells(segments: segments, markets: marketMetres, marketLimits: marketLimits,
                                          schools: schoolMetres, schoolLimits: schoolLimits, grids: gridMetres,
                                          over: metricEnvelope.expanded(by: 10), cells: Self.metreCellCount(grids: street.grids.count))
        degreeCells = try pendingDegreeCells.value()
    }

    /// A projection from WGS 84 to the metric zone, for one thread's batch of points.
    public func makeProjection() throws -> Projection {
        try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
    }

    /// Whether the street covers the point (WGS 84).
    public func isInStreet(lon: Double, lat: Double) -> Bool { boundary.locate(lon, lat).isCovered }

    /// The context of a point as layer indices (−1 for none): what `locate` returns, without
    /// building strings, for per-point loops.
    public struct Indices: Sendable, Equatable {
        public var grid: Int32 = -1, community: Int32 = -1, compound: Int32 = -1, road: Int32 = -1
        public var market: Int32 = -1, site: Int32 = -1, school: Int32 = -1, venue: Int32 = -1
        public var marketInside = false, nearBoundary = false
        public var roadDistanceM = Double.nan
        /// Metres from the market's edge: 0 inside, else how far into its surroundings.
        public var marketDistanceM = Double.nan

        /// Equal in every field, the distances bit for bit (so that no road equals no road).
        public static func == (a: Indices, b: Indices) -> Bool {
            a.grid == b.grid && a.community == b.community && a.compound == b.compound && a.road == b.road
                && a.market == b.market && a.site == b.site && a.school == b.school && a.venue == b.venue
                && a.marketInside == b.marketInside && a.nearBoundary == b.nearBoundary
                && a.roadDistanceM.bitPattern == b.roadDistanceM.bitPattern
                && a.marketDistanceM.bitPattern == b.marketDistanceM.bitPattern
        }
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
    /// `Location.keys` order, from bytes made once.
    public func appendCSV(_ i: Indices, columns: LocationColumns = .all, to out: inout [UInt8]) {
        let buffer = ByteBuffer(capacity: csvText.longestRow)
        appendCSV(i, columns: columns, to: buffer)
        out.append(contentsOf: UnsafeBufferPointer(start: buffer.base, count: buffer.count))
    }

    /// Appends the location columns of `i` to a byte buffer, as `appendCSV(_:columns:to:)` describes.
    @inline(__always)
    public func appendCSV(_ i: Indices, columns: LocationColumns = .all, to out: ByteBuffer) {
        out.reserve(csvText.longestRow)
        csvText.all.withUnsafeBufferPointer { all in
            csvText.offsets.withUnsafeBufferPointer { offsets in
                csvText.starts.withUnsafeBufferPointer { starts in
                    let base = all.baseAddress!
                    /// Column `column` of `Location.keys`: text `k` of `table`, empty when `k` < 0.
                    @inline(__always) func field(_ column: Int, _ table: CSVText.Table, _ k: Int32) {
                        guard columns.has(column) else { return }
                        out.put(UInt8(ascii: ","))
                        if k >= 0 {
                            let at = Int(starts[table.rawValue]) + Int(k)
                            let start = Int(offsets[at]), end = Int(offsets[at + 1])
                            out.putShort(base + start, end - start)
                        }
                    }
                    field(0, .grids, i.grid); field(1, .communities, i.community); field(2, .compounds, i.compound)
                    field(3, .roads, i.road); field(4, .roadNames, i.road)
                    if columns.has(5) {
                        out.put(UInt8(ascii: ","))
                        if i.road >= 0 {
                            if let n = TextFormat.formatNumber(i.roadDistanceM, decimals: 2, into: out.end) {
                                out.advance(n)
                            } else {
                                out.append(Array(String(i.roadDistanceM).utf8))
                            }
                        }
                    }
                    field(6, .markets, i.market)
                    field(7, i.marketInside ? .inside : .around, i.market >= 0 ? 0 : -1)
                    field(8, .sites, i.site); field(9, .schools, i.school); field(10, .venues, i.venue)
                    if i.compound >= 0 { field(11, .compoundGroups, i.compound) } else { field(11, .roadGroups, i.road) }
                    field(12, i.nearBoundary ? .yes : .no, 0)
                }
            }
        }
    }

    /// CSV-escaped bytes of every code and name a location row can hold, in one run of bytes.
    struct CSVText: Sendable {
        /// Text `k` of table `t` is `all[offsets[starts[t] + k]..<offsets[starts[t] + k + 1]]`.
        let all: [UInt8], offsets: [Int32], starts: [Int32]
        /// The most bytes the location columns of one row take.
        let longestRow: Int

        /// The tables of `all`, in order.
        enum Table: Int {
            case grids, communities, compounds, roads, roadNames, markets, sites, schools, venues, compoundGroups, roadGroups
            case inside, around, yes, no
        }

        init(_ s: Street) {
            func bytes(_ v: [String]) -> [[UInt8]] { v.map { var o: [UInt8] = []; CSVFormat.appendField($0, to: &o); return o } }
            let tables = [bytes(s.grids.map(\.code)), bytes(s.communities.map(\.code)), bytes(s.compounds.map(\.code)),
                          bytes(s.roads.map(\.code)), bytes(s.roads.map(\.name)), bytes(s.markets.map(\.code)),
                          bytes(s.sites.map(\.code)), bytes(s.schools.map(\.code)), bytes(s.venues.map(\.code)),
                          bytes(s.compounds.map(\.officeGroup)), bytes(s.roads.map(\.officeGroup)),
                          [Array("inside".utf8)], [Array("around".utf8)], [Array("true".utf8)], [Array("false".utf8)]]
            var all: [UInt8] = [], offsets: [Int32] = [0], starts: [Int32] = []
            for table in tables {
                starts.append(Int32(offsets.count - 1))
                for text in table { all += text; offsets.append(Int32(all.count)) }
            }
            // 32 bytes of padding, so that `putShort` may read 32 from any text.
            self.all = all + [UInt8](repeating: 0, count: 32); self.offsets = offsets; self.starts = starts
            // 14 commas and the distance besides the texts, and 32 more for `putShort`'s overrun.
            longestRow = tables.map { $0.map(\.count).max() ?? 0 }.reduce(0, +) + 14 + TextFormat.numberCapacity + 32
        }
    }

    public func locateIndices(lon: Double, lat: Double, x: Double, y: Double) -> Indices? {
        guard var found = containment(lon: lon, lat: lat) else { return nil }
        addDistances(x: x, y: y, to: &found)
        return found
    }

    /// The containment layers besides the street and its grids, which are always found: a
    /// join that writes fewer columns tests fewer polygons.
    public struct Layers: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let community = Layers(rawValue: 1), compound = Layers(rawValue: 2), market = Layers(rawValue: 4)
        public static let site = Layers(rawValue: 8), venue = Layers(rawValue: 16)
        public static let all: Layers = [.community, .compound, .market, .site, .venue]
    }

    /// The containment part of a point's context (grid, community, compound, market inside,
    /// site, venue), from WGS 84 degrees; `nil` when the street does not cover the point. A
    /// layer not in `layers` may be left unanswered (−1). The communities are tested only for a
    /// point whose grid does not name its community.
    @inline(__always)
    public func containment(lon: Double, lat: Double, layers: Layers = .all) -> Indices? {
        containment(lon: lon, lat: lat, record: degreeCells.record(lon, lat), layers: layers)
    }

    /// The containment cell records of a batch of points (WGS 84), for
    /// `containment(lon:lat:record:layers:)`, read as `CellAnswers.records` does.
    @inline(__always)
    public func containmentRecords(_ count: Int, lon: (Int) -> Double, lat: (Int) -> Double, into records: inout [Int32]) -> Int32 {
        degreeCells.records(count, x: lon, y: lat, into: &records)
    }

    /// The distance cell records of a batch of points (metres), for `addDistances(x:y:record:to:)`.
    @inline(__always)
    public func distanceRecords(_ count: Int, x: (Int) -> Double, y: (Int) -> Double, into records: inout [Int32]) -> Int32 {
        metreCells.records(count, x: x, y: y, into: &records)
    }

    /// Reads ahead the first grid that each point of a batch must be tested against, where its
    /// cell is crossed by edges (after `containmentRecords`), as `PlanarPolygons.readAhead` does.
    /// `scratch` is scratch space; the sum is of no use but to keep the reads.
    @inline(__always)
    public func readAheadGrids(_ count: Int, lat: (Int) -> Double, records: [Int32], scratch: inout ReadAhead) -> Double {
        scratch.polygons.removeAll(keepingCapacity: true); scratch.ys.removeAll(keepingCapacity: true)
        degreeCells.pool.withUnsafeBufferPointer { pool in
            for k in 0..<count where records[k] >= 0 {
                let q = Int(records[k])
                guard pool[q] != 0 else { continue }
                // After the count and the seven sure indices: the street's candidates, then the grids'.
                let streets = Int(pool[q + 8]), grids = q + 9 + streets
                if pool[grids] > 0 { scratch.polygons.append(pool[grids + 1]); scratch.ys.append(lat(k)) }
            }
        }
        return grids.degrees.readAhead(polygons: scratch.polygons, ys: scratch.ys, band: &scratch.band)
    }

    /// Scratch space for `readAheadGrids`.
    public struct ReadAhead {
        var polygons: [Int32] = [], ys: [Double] = [], band: [Int32] = []
        public init() {}
    }

    /// `containment(lon:lat:layers:)` given the point's cell record.
    @inline(__always)
    public func containment(lon: Double, lat: Double, record: Int32, layers: Layers = .all) -> Indices? {
        guard record >= 0 else { return exactContainment(lon: lon, lat: lat, layers: layers) }
        return degreeCells.pool.withUnsafeBufferPointer { pool -> Indices? in
            var q = Int(record)
            let maybes = pool[q]
            // The lowest sure index of each layer, then (when any) each layer's candidates below it.
            if maybes == 0 {
                guard pool[q + 1] >= 0 else { return nil }
                var loc = Indices()
                loc.grid = pool[q + 2]
                loc.community = loc.grid >= 0 && gridCommunity[Int(loc.grid)] >= 0 ? gridCommunity[Int(loc.grid)] : pool[q + 3]
                loc.compound = pool[q + 4]
                loc.market = pool[q + 5]; loc.marketInside = loc.market >= 0
                loc.site = pool[q + 6]; loc.venue = pool[q + 7]
                return loc
            }
            let sure = q + 1
            q += 8
            /// The first candidate of the next layer's list that covers the point, else its sure
            /// index; −1, untested, when the layer is not wanted.
            @inline(__always) func resolve(_ layer: Int, wanted: Bool = true, _ covers: (Int) -> Bool) -> Int32 {
                let n = Int(pool[q]); q += 1
                defer { q += n }
                guard wanted else { return -1 }
                for k in 0..<n where covers(Int(pool[q + k])) { return pool[q + k] }
                return pool[sure + layer]
            }
            guard resolve(0, { _ in boundary.locate(lon, lat).isCovered }) >= 0 else { return nil }
            var loc = Indices()
            loc.grid = resolve(1) { grids.covers($0, lon, lat) }
            let own = loc.grid >= 0 ? gridCommunity[Int(loc.grid)] : -1
            let community = resolve(2, wanted: own < 0 && layers.contains(.community)) { communities.covers($0, lon, lat) }
            loc.community = own >= 0 ? own : community
            loc.compound = resolve(3, wanted: layers.contains(.compound)) { compounds.covers($0, lon, lat) }
            loc.market = resolve(4, wanted: layers.contains(.market)) { markets.covers($0, lon, lat) }; loc.marketInside = loc.market >= 0
            loc.site = resolve(5, wanted: layers.contains(.site)) { sites.covers($0, lon, lat) }
            loc.venue = resolve(6, wanted: layers.contains(.venue)) { venues.covers($0, lon, lat) }
            return loc
        }
    }

    /// Adds the distance part of a point's context (road, market surroundings, school zone, near
    /// boundary) from its metres, to what `containment` found.
    @inline(__always)
    public func addDistances(x: Double, y: Double, to loc: inout Indices) {
        addDistances(x: x, y: y, record: metreCells.record(x, y), to: &loc)
    }

    /// `addDistances(x:y:to:)` given the point's distance cell record.
    @inline(__always)
    public func addDistances(x: Double, y: Double, record: Int32, to loc: inout Indices) {
        guard record >= 0 else { return exactDistances(x: x, y: y, to: &loc) }
        defer {
            if loc.grid < 0 { assignSliver(x: x, y: y, to: &loc) }
            addMarketDistance(x: x, y: y, to: &loc)
        }
        metreCells.pool.withUnsafeBufferPointer { pool in
            segments.withUnsafeBufferPointer { seg in
                var q = Int(record)
                // Roads: candidate segments in road order, so the first of equal distances is the lowest road.
                var n = Int(pool[q]); q += 1
                var best = Double.infinity
                for k in 0..<n {
                    let s = Int(pool[q + k])
                    let d = segmentDistanceSquared(x, y, seg[4 * s], seg[4 * s + 1], seg[4 * s + 2], seg[4 * s + 3]).squareRoot()
                    if d <= Self.roadSearchM && d < best { best = d; loc.road = segmentRoad[s] }
                }
                if loc.road >= 0 { loc.roadDistanceM = best }
                q += n
                // Market surroundings and school zones: the nearest within its own reach.
                /// The nearest candidate of the next list within its limit; a lone sure candidate needs no test.
                func nearest(_ layer: PolygonLayer, _ limits: [Double]) -> Int32 {
                    let n = Int(pool[q]); q += 1
                    defer { q += n }
                    if n == 1 && pool[q] & 1 == 1 { return pool[q] >> 1 }
                    var found: Int32 = -1, best = Double.infinity
                    for k in 0..<n {
                        let f = Int(pool[q + k] >> 1)
                        let d = layer.distance(f, x, y)
                        if d <= limits[f] && d < best { best = d; found = Int32(f) }
                    }
                    return found
                }
                if loc.market < 0 { loc.market = nearest(markets, marketLimits) } else { q += 1 + Int(pool[q]) }
                loc.school = nearest(schools, schoolLimits)
                // Near boundary: another grid within 5 m.
                n = Int(pool[q]); q += 1
                if loc.grid >= 0 {
                    for k in 0..<n {
                        let e = pool[q + k], i = e >> 1
                        if i == loc.grid { continue }
                        if e & 1 == 1 || grids.distance(Int(i), x, y) <= Self.nearBoundaryM { loc.nearBoundary = true; break }
                    }
                }
            }
        }
    }

    /// A point the street covers but no grid does lies in a sliver where drawn edges do not quite
    /// meet (under the 1 m² that `check` tolerates): it goes to the nearest grid within
    /// `sliverM`, and to that grid's community when no community covers it (属地兜底).
    func assignSliver(x: Double, y: Double, to loc: inout Indices) {
        var nearest: (Int, Double)?
        grids.metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.sliverM)) { i in
            let d = grids.distance(i, x, y)
            guard d <= Self.sliverM else { return }
            if let b = nearest, b.1 < d || (b.1 == d && b.0 < i) { return }
            nearest = (i, d)
        }
        guard let (g, _) = nearest else { return }
        loc.grid = Int32(g)
        if loc.community < 0 { loc.community = gridCommunity[g] }
        grids.metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.nearBoundaryM)) { i in
            if i != g && !loc.nearBoundary && grids.distance(i, x, y) <= Self.nearBoundaryM { loc.nearBoundary = true }
        }
    }

    /// The distance to the market found: 0 inside it, else to its edge (one exact distance, only
    /// for points in a market's surroundings).
    @inline(__always) func addMarketDistance(x: Double, y: Double, to loc: inout Indices) {
        if loc.market >= 0 { loc.marketDistanceM = loc.marketInside ? 0 : markets.distance(Int(loc.market), x, y) }
    }

    /// `containment` by the trees and exact tests alone, for points off the cell grid.
    func exactContainment(lon: Double, lat: Double, layers: Layers = .all) -> Indices? {
        guard boundary.locate(lon, lat).isCovered else { return nil }
        var loc = Indices()
        if let g = grids.lowestCovering(lon, lat) {
            loc.grid = Int32(g)
            loc.community = gridCommunity[g]
        }
        if loc.community < 0, layers.contains(.community), let c = communities.lowestCovering(lon, lat) { loc.community = Int32(c) }
        if layers.contains(.compound), let c = compounds.lowestCovering(lon, lat) { loc.compound = Int32(c) }
        if layers.contains(.market), let m = markets.lowestCovering(lon, lat) { loc.market = Int32(m); loc.marketInside = true }
        if layers.contains(.site), let s = sites.lowestCovering(lon, lat) { loc.site = Int32(s) }
        if layers.contains(.venue), let v = venues.lowestCovering(lon, lat) { loc.venue = Int32(v) }
        return loc
    }

    /// `addDistances` by the trees and exact distances alone, for points off the cell grid.
    func exactDistances(x: Double, y: Double, to loc: inout Indices) {
        if loc.grid < 0 { assignSliver(x: x, y: y, to: &loc) }
        var nearestRoad: (Int, Double)?
        roadTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.roadSearchM)) { i in
            let d = roads[i].distance(x, y)
            guard d <= Self.roadSearchM else { return }
            if let b = nearestRoad, b.1 < d || (b.1 == d && b.0 < i) { return }
            nearestRoad = (i, d)
        }
        if let (r, d) = nearestRoad { loc.road = Int32(r); loc.roadDistanceM = d }
        if loc.market < 0, let (m, _) = markets.nearestWithin(x, y, maxLimit: maxMarketM, limit: { marketLimits[$0] }) {
            loc.market = Int32(m)
        }
        addMarketDistance(x: x, y: y, to: &loc)
        if let (s, _) = schools.nearestWithin(x, y, maxLimit: maxSchoolM, limit: { schoolLimits[$0] }) {
            loc.school = Int32(s)
        }
        if loc.grid >= 0 {
            let g = Int(loc.grid)
            grids.metreTree.forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y).expanded(by: Self.nearBoundaryM)) { i in
                if i != g && !loc.nearBoundary && grids.distance(i, x, y) <= Self.nearBoundaryM {
                    loc.nearBoundary = true
                }
            }
        }
    }

    /// The context of a point by the trees and exact tests alone, without the cell grids: what
    /// `locateIndices` answers, for tests to compare it with.
    func exactIndices(lon: Double, lat: Double, x: Double, y: Double) -> Indices? {
        guard var found = exactContainment(lon: lon, lat: lat) else { return nil }
        exactDistances(x: x, y: y, to: &found)
        return found
    }
}

/// Per-cell answers for one grid of cells: cell `c`'s record starts at `pool[offsets[c]]`.
struct CellAnswers: Sendable {
    let grid: CellGrid
    let offsets: [Int32]
    let pool: [Int32]

    /// Where the record of the cell holding (x, y) starts; −1 off the cells.
    @inline(__always) func record(_ x: Double, _ y: Double) -> Int32 {
        guard let cell = grid.cell(x, y) else { return -1 }
        return offsets[cell]
    }

    /// `record` of a batch of points, each record's first word read too: the reads of a batch
    /// are independent, so the memory system overlaps them, where a point at a time waits for
    /// two reads from memory in turn. The sum it returns is of no use but to keep the reads.
    @inline(__always)
    func records(_ count: Int, x: (Int) -> Double, y: (Int) -> Double, into records: inout [Int32]) -> Int32 {
        records.removeAll(keepingCapacity: true)
        for k in 0..<count { records.append(record(x(k), y(k))) }
        return pool.withUnsafeBufferPointer { pool in
            var sum: Int32 = 0
            for q in records where q >= 0 { sum &+= pool[Int(q)] }
            return sum
        }
    }
}

extension Locator {
    /// The containment layers in degrees, in record order: the street, grids, communities,
    /// compounds, markets, sites, venues.
    static func buildDegreeCells(_ layers: [[PlanarPolygon]], over envelope: Envelope, cells: Int = degreeCellCount(grids: 0)) -> CellAnswers {
        let grid = CellGrid(covering: envelope, cells: cells, slack: 1e-8)
        // The lowest index whose polygon covers the whole cell, per layer; and the cells that
        // some edge of a polygon meets, whose answer needs an exact test.
        var sure = [[Int32]](repeating: [Int32](repeating: -1, count: grid.count), count: layers.count)
        var crossed = CellEntries(cells: grid.count)
        for (l, layer) in layers.enumerated() {
            for (f, polygon) in layer.enumerated() {
                grid.polygonBounds(polygon, within: 0) { cell, _, upper in
                    if upper == 0 {
                        if sure[l][cell] < 0 { sure[l][cell] = Int32(f) }
                    } else {
                        crossed.add(cell: cell, layer: l, item: f, lower: 0, upper: upper)
                    }
                }
            }
        }
        let sorted = crossed.sorted()
        var builder = RecordBuilder(cells: grid.count)
        for cell in 0..<grid.count {
            let entries = sorted.range(cell)
            builder.begin()
            builder.append(Int32(0))
            for l in 0..<layers.count { builder.append(sure[l][cell]) }
            if !entries.isEmpty {
                var total: Int32 = 0
                for l in 0..<layers.count {
                    let s = sure[l][cell], at = builder.list.count
                    builder.append(0)
                    for e in entries where Int(e.layer) == l && (s < 0 || e.item < s) {
                        builder.append(e.item); builder.list[at] += 1; total += 1
                    }
                }
                if total == 0 { builder.list.removeLast(layers.count) } else { builder.list[0] = total }
            }
            builder.end(cell: cell)
        }
        return CellAnswers(grid: grid, offsets: builder.offsets, pool: builder.pool)
    }

    /// The distance layers in metres, in record order: road segments (`segments`, 4 numbers
    /// each) within `roadSearchM`, markets within their surroundings, schools within their
    /// radius, grids within `nearBoundaryM`. A candidate is kept where its lower bound is within
    /// its limit and, in the layers that want the nearest, not beyond the upper bound of a
    /// candidate sure to be within its own (near boundary wants any grid but the point's own).
    static func buildMetreCells(segments: [Double], markets: [PlanarPolygon], marketLimits: [Double],
                                schools: [PlanarPolygon], schoolLimits: [Double], grids: [PlanarPolygon],
                                over envelope: Envelope, cells: Int = metreCellCount(grids: 0)) -> CellAnswers {
        let grid = CellGrid(covering: envelope, cells: cells, slack: 1e-3)
        var entries = CellEntries(cells: grid.count)
        for s in 0..<(segments.count / 4) {
            grid.segmentBounds(segments[4 * s], segments[4 * s + 1], segments[4 * s + 2], segments[4 * s + 3], within: roadSearchM) { c, r, lower, upper in
                entries.add(cell: r * grid.columns + c, layer: 0, item: s, lower: lower, upper: upper)
            }
        }
        let layers = [(markets, marketLimits), (schools, schoolLimits), (grids, [Double](repeating: nearBoundaryM, count: grids.count))]
        for (l, (polygons, limits)) in layers.enumerated() {
            for (f, polygon) in polygons.enumerated() {
                grid.polygonBounds(polygon, within: limits[f]) { cell, lower, upper in
                    entries.add(cell: cell, layer: l + 1, item: f, lower: lower, upper: upper)
                }
            }
        }
        let sorted = entries.sorted()
        var builder = RecordBuilder(cells: grid.count)
        for cell in 0..<grid.count {
            let range = sorted.range(cell)
            builder.begin()
            for l in 0...layers.count {
                func limit(_ e: CellEntries.Entry) -> Double { l == 0 ? roadSearchM : layers[l - 1].1[Int(e.item)] }
                var reach = Double.infinity
                for e in range where l < layers.count && Int(e.layer) == l && e.upper <= limit(e) {
                    reach = min(reach, e.upper)
                }
                let at = builder.list.count
                builder.append(0)
                for e in range where Int(e.layer) == l && e.lower <= limit(e) && e.lower <= reach {
                    let sure: Int32 = e.upper <= limit(e) ? 1 : 0
                    builder.append(l == 0 ? e.item : e.item << 1 | sure)
                    builder.list[at] += 1
                }
            }
            builder.end(cell: cell)
        }
        return CellAnswers(grid: grid, offsets: builder.offsets, pool: builder.pool)
    }

    /// About how many cells the grid in degrees has: 2^16, or 16 a grid over a city, so that
    /// cells stay well inside grids and most points need no exact test.
    static func degreeCellCount(grids: Int) -> Int { max(1 << 16, 16 * grids) }
    /// About how many cells the grid in metres has: 2^14, or 4 a grid over a city, so that a
    /// cell's list of nearby road segments stays short.
    static func metreCellCount(grids: Int) -> Int { max(1 << 14, 4 * grids) }
}

/// Entries (cell, layer, item, distance bounds) gathered layer by layer, then grouped by cell.
struct CellEntries {
    struct Entry {
        var cell: Int32, layer: Int32, item: Int32
        var lower: Double, upper: Double
    }
    var entries: [Entry] = []
    let cells: Int
    /// Where each cell's entries start, once sorted: `start[c]..<start[c + 1]`.
    var start: [Int32] = []

    init(cells: Int) { self.cells = cells }

    mutating func add(cell c: Int, layer l: Int, item i: Int, lower lo: Double, upper up: Double) {
        entries.append(Entry(cell: Int32(c), layer: Int32(l), item: Int32(i), lower: lo, upper: up))
    }

    /// The entries grouped by cell, keeping their order within a cell (a counting sort).
    func sorted() -> CellEntries {
        var start = [Int32](repeating: 0, count: cells + 1)
        for e in entries { start[Int(e.cell) + 1] += 1 }
        for c in 0..<cells { start[c + 1] += start[c] }
        var next = start
        var out = CellEntries(cells: cells)
        out.entries = [Entry](repeating: Entry(cell: 0, layer: 0, item: 0, lower: 0, upper: 0), count: entries.count)
        for e in entries {
            let c = Int(e.cell), k = Int(next[c])
            next[c] += 1
            out.entries[k] = e
        }
        out.start = start
        return out
    }

    /// The entries of a cell, once sorted.
    func range(_ c: Int) -> ArraySlice<Entry> { entries[Int(start[c])..<Int(start[c + 1])] }
}

/// Lays out per-cell records in one pool, a record equal to the one before it shared.
struct RecordBuilder {
    var offsets: [Int32]
    var pool: [Int32] = []
    /// The record being built.
    var list: [Int32] = []
    private var last: Range<Int> = 0..<0

    init(cells: Int) { offsets = [Int32](repeating: 0, count: cells) }

    mutating func begin() { list.removeAll(keepingCapacity: true) }
    mutating func append(_ v: Int32) { list.append(v) }

    mutating func end(cell: Int) {
        let same = last.count == list.count && pool.withUnsafeBufferPointer { p in
            list.withUnsafeBufferPointer { l in memcmp(p.baseAddress! + last.lowerBound, l.baseAddress!, l.count * 4) == 0 }
        }
        if same {
            offsets[cell] = Int32(last.lowerBound)
            return
        }
        last = pool.count..<(pool.count + list.count)
        offsets[cell] = Int32(pool.count)
        pool.append(contentsOf: list)
    }
}
