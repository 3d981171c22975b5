import XCTest
import GridGeo
@testable import GridPin

final class HotspotsTests: XCTestCase {
    /// Points in the sample street's metres (EPSG:4545) around (546000, 3797000): a tight group of
    /// 12 within 10 m, a group of 6 within 10 m 300 m away, and 5 points spread 100 m apart.
    func points(_ projection: Projection) throws -> [HotspotPoint] {
        var list: [(Double, Double, String)] = []
        for k in 0..<12 { list.append((546_000 + Double(k % 4) * 3, 3_797_000 + Double(k / 4) * 3, "9301")) }
        for k in 0..<6 { list.append((546_300 + Double(k % 3) * 3, 3_797_000 + Double(k / 3) * 3, "0506")) }
        for k in 0..<5 { list.append((545_800 + Double(k) * 100, 3_797_200, "9201")) }
        return try list.enumerated().map { i, p in
            let d = try projection.transform(Position(p.0, p.1), inverse: true)
            return HotspotPoint(id: "p\(i)", lon: d.x, lat: d.y, x: p.0, y: p.1, category: p.2, reportedAt: 1_657_850_400 + Double(i) * 60,
                                open: i % 2 == 0, lead: ["cmo"], support: [], grid: nil, community: nil)
        }
    }

    func testClustersAreOutlinedAroundTheirPointsLargestFirst() throws {
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        let ps = try points(projection)
        let (features, labels) = try Hotspots(office: office, metricEPSG: locator.metricEPSG).clusters(ps, eps: 10, minPoints: 5)
        XCTAssertEqual(labels, [Int](repeating: 0, count: 12) + [Int](repeating: 1, count: 6) + [Int](repeating: -1, count: 5))
        XCTAssertEqual(features.count, 2)
        let engine = GeometryEngine()
        for (k, f) in features.enumerated() {
            XCTAssertEqual(f.values[0], .integer(k))
            XCTAssertEqual(f.values[1], .integer(k == 0 ? 12 : 6))
            XCTAssertEqual(f.values[2], .integer(k == 0 ? 6 : 3))           // every other point is open
            XCTAssertEqual(f.values[4], .string(k == 0 ? "9301" : "0506"))  // dominant category
            for (i, p) in ps.enumerated() where labels[i] == k {
                XCTAssertTrue(try engine.covers(f.geometry, .point(Position(p.lon, p.lat))), "cluster \(k) must cover point \(i)")
            }
        }
    }

    func testGiStarFindsTheDenseBinAndCountsEveryPointInTheStreet() throws {
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let locator = try Locator(street: street)
        let ps = try points(try locator.makeProjection())
        let all = try Hotspots(office: office, metricEPSG: locator.metricEPSG).gistar(ps, cell: 100, band: 150, fdr: false, all: true)
        // Every point lies inside the street, so the bins hold all 23 of them.
        XCTAssertEqual(all.reduce(0) { if case .integer(let n) = $1.values[1] { $0 + n } else { $0 } }, ps.count)
        // The bin of the 12 (x 546000–546100, y 3797000–3797100 in the zone) is a 99% hot spot.
        let dense = try XCTUnwrap(all.first { $0.values[0] == .string("5460_37970") })
        XCTAssertEqual(dense.values[1], .integer(12))
        XCTAssertEqual(dense.values[4], .integer(3))
        let significant = try Hotspots(office: office, metricEPSG: locator.metricEPSG).gistar(ps, cell: 100, band: 150, fdr: false, all: false)
        XCTAssertTrue(significant.contains { $0.values[0] == .string("5460_37970") })
        XCTAssertLessThan(significant.count, all.count)
        // On hexagons too, every point is counted once.
        let hexes = try Hotspots(office: office, metricEPSG: locator.metricEPSG).gistar(ps, cell: 100, shape: .hex, band: 150, fdr: false, all: true)
        XCTAssertEqual(hexes.reduce(0) { if case .integer(let n) = $1.values[1] { $0 + n } else { $0 } }, ps.count)
    }

    /// The same layout in each of four weeks: the dense bin is a 99% hot spot every week with the
    /// same z, so hot in every step with no trend (Mann-Kendall S = 0): persistent.
    func testEmergingFindsAPersistentHotSpot() throws {
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let locator = try Locator(street: street)
        let week = try points(try locator.makeProjection())
        let ps = (0..<4).flatMap { k in week.map { p in var q = p; q.reportedAt = (p.reportedAt ?? 0) + Double(k) * 7 * 86_400; return q } }
        let features = try Hotspots(office: office, metricEPSG: locator.metricEPSG).emerging(ps, cell: 100, band: 150, step: .week, all: false)
        let dense = try XCTUnwrap(features.first { $0.values[0] == .string("5460_37970") })
        XCTAssertEqual(dense.values[2], .string("persistent_hot"))
        XCTAssertEqual(dense.values[4], .integer(4))   // steps
        XCTAssertEqual(dense.values[5], .integer(4))   // hot in all four
    }
}

extension HotspotsTests {
    /// Clusters, square and hexagonal Gi* bins and emerging bins, written as `gridpin hotspots`
    /// writes them, open in GDAL without a warning and wind as RFC 7946 asks.
    func testHotSpotGeoJSONOpensInGDAL() throws {
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let locator = try Locator(street: street)
        let ps = try points(try locator.makeProjection())
        let hotspots = try Hotspots(office: office, metricEPSG: locator.metricEPSG)
        func rows(_ fs: [HotspotFeature]) -> [(id: FeatureID, geometry: Geometry, values: [JSONValue])] { fs.map { ($0.id, $0.geometry, $0.values) } }
        let clusters = try GDALCheck.check(rows(try hotspots.clusters(ps, eps: 10, minPoints: 5).0), columns: Hotspots.clusterColumns)
        XCTAssertTrue(clusters.contains("Geometry: Polygon"), clusters)
        XCTAssertTrue(clusters.contains("dominant_category: String"), clusters)
        for shape in BinShape.allCases {
            let bins = try GDALCheck.check(rows(try hotspots.gistar(ps, cell: 100, shape: shape, band: 150, fdr: true, all: true)),
                                           columns: Hotspots.binColumns)
            XCTAssertTrue(bins.contains("z: Real"), bins)
            let weekly = ps.enumerated().map { k, p in var q = p; q.reportedAt = (p.reportedAt ?? 0) + Double(k % 4) * 7 * 86_400; return q }
            _ = try GDALCheck.check(rows(try hotspots.emerging(weekly, cell: 100, shape: shape, band: 150, step: .week, all: true)),
                                    columns: Hotspots.emergingColumns)
        }
    }
}

final class BinsTests: XCTestCase {
    /// Hexagons of 100 m: points placed by hand, and random points against the nearest centre
    /// found by brute force over the lattice (a different method from cube rounding).
    func testHexBinIsTheNearestCentre() {
        XCTAssertTrue(Bins.bin(0, 0, cell: 100, shape: .hex) == (0, 0))
        XCTAssertTrue(Bins.bin(49, 0, cell: 100, shape: .hex) == (0, 0))     // 49 m from (0, 0), 51 m from (100, 0)
        XCTAssertTrue(Bins.bin(51, 0, cell: 100, shape: .hex) == (1, 0))
        XCTAssertTrue(Bins.bin(150, 86.6, cell: 100, shape: .hex) == (1, 1)) // the centre of (1, 1): 100·(1 + ½), 100·√3/2
        XCTAssertTrue(Bins.bin(50, 30, cell: 100, shape: .hex) == (0, 1))    // 56.6 m from (50, 86.6), 58.3 m from (0, 0)
        XCTAssertTrue(Bins.bin(-50, -30, cell: 100, shape: .hex) == (0, -1)) // the mirror image
        var random = SeededRandom(seed: 3)
        for _ in 0..<2_000 {
            let x = random.uniform(-1_000, 1_000), y = random.uniform(-1_000, 1_000)
            var best = (c: 0, r: 0), bestD = Double.infinity
            for r in -15...15 {
                for c in -25...25 {
                    let cx = 100 * (Double(c) + Double(r) / 2), cy = 100 * 3.0.squareRoot() / 2 * Double(r)
                    let d = (cx - x) * (cx - x) + (cy - y) * (cy - y)
                    if d < bestD { bestD = d; best = (c, r) }
                }
            }
            XCTAssertTrue(Bins.bin(x, y, cell: 100, shape: .hex) == best, "(\(x), \(y))")
        }
        XCTAssertTrue(Bins.bin(-0.5, 199.9, cell: 100, shape: .square) == (-1, 1))
    }

    /// A hexagon of 100 m between centres has a circumradius of 100/√3 m and an area of
    /// (3√3/2)·R² = 5000·√3 m²; its outline is counter-clockwise and closed.
    func testHexOutline() throws {
        guard case .polygon(let rings) = Bins.polygon(2, -1, cell: 100, shape: .hex) else { return XCTFail("not a polygon") }
        let ring = rings[0]
        XCTAssertEqual(ring.count, 7)
        XCTAssertEqual(ring.first, ring.last)
        var twiceArea = 0.0
        for k in 0..<6 { twiceArea += ring[k].x * ring[k + 1].y - ring[k + 1].x * ring[k].y }
        XCTAssertEqual(twiceArea / 2, 5_000 * 3.0.squareRoot(), accuracy: 1e-6)   // positive: counter-clockwise
        // Centre of (2, −1): x = 100·(2 − ½) = 150, y = −86.6; the top corner is R above it.
        XCTAssertEqual(ring[1].x, 150, accuracy: 1e-9)
        XCTAssertEqual(ring[1].y, -100 * 3.0.squareRoot() / 2 + 100 / 3.0.squareRoot(), accuracy: 1e-9)
    }

    /// Over a 1 km square, hexagons of 100 m with the default band (150 m) have the bin and its
    /// six neighbours inside; squares have the bin and its eight.
    func testNeighbours() throws {
        let square = Geometry.polygon([[Position(0, 0), Position(1_000, 0), Position(1_000, 1_000), Position(0, 1_000), Position(0, 0)]])
        let hex = try Bins(cell: 100, shape: .hex, band: 150, boundary: square, engine: GeometryEngine())
        let middle = try XCTUnwrap(hex.index[Bins.key(Bins.bin(500, 500, cell: 100, shape: .hex).c, Bins.bin(500, 500, cell: 100, shape: .hex).r)])
        XCTAssertEqual(hex.neighbours[middle].count, 7)
        // Every bin's neighbours are mutual.
        for (k, list) in hex.neighbours.enumerated() { for j in list { XCTAssertTrue(hex.neighbours[j].contains(k)) } }
        let squares = try Bins(cell: 100, shape: .square, band: 150, boundary: square, engine: GeometryEngine())
        XCTAssertEqual(squares.cells.count, 100)   // [0, 1000) in tens, both ways
        XCTAssertEqual(squares.neighbours[try XCTUnwrap(squares.index[Bins.key(5, 5)])].count, 9)
        XCTAssertEqual(squares.neighbours[try XCTUnwrap(squares.index[Bins.key(0, 0)])].count, 4)
    }
}

final class PlacedPointsTests: XCTestCase {
    /// Points of a plain file on the tiny street (along 108°E, the central meridian of EPSG:4545,
    /// where Gauss–Krüger x is the false easting 500,000 m exactly). Two rows are left out: one
    /// east of the street, one with an unreadable longitude. A row without an id is named by its
    /// line. Northings: 0.0005° of latitude at 34.3° is a meridian arc of 55.46 m (radius of
    /// curvature a(1−e²)/(1−e²sin²φ)^1.5 = 6,355,690 m on GRS 80, × 0.0005 × π/180), and the
    /// central meridian's scale factor is 1.
    func testPointsAreKeptInTheStreetWithTheirIdsAndMetres() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-points.csv").path
        try "id,lon,lat\na,108.0,34.3\n,107.999,34.3001\nc,108.5,34.3\nd,abc,34.3\ne,108.0,34.3005\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let locator = try Locator(street: TinyStreet.street())
        XCTAssertEqual(locator.metricEPSG, 4545)
        for workers in [1, 2, 3] {
            let placed = try PlacedPoints.read(path: path, crs: .wgs84, locator: locator, workers: workers)
            XCTAssertEqual(placed.ids, ["a", "line 3", "e"])
            XCTAssertEqual(placed.rejected, 2)
            XCTAssertEqual(placed.xs[0], 500_000, accuracy: 1e-6)
            XCTAssertEqual(placed.xs[2], 500_000, accuracy: 1e-6)
            XCTAssertLessThan(placed.xs[1], 500_000)  // west of the meridian
            XCTAssertEqual(placed.ys[2] - placed.ys[0], 55.46, accuracy: 0.01)
        }
    }
}
