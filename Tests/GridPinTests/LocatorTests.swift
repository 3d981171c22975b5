import XCTest
import GridGeo
@testable import GridPin

final class LocatorTests: XCTestCase {
    var locator: Locator!
    var projection: Projection!

    override func setUpWithError() throws {
        // Through the files, as the CLI reads them.
        locator = try Locator(street: Street.load(from: TinyStreet.folder()))
        projection = try locator.makeProjection()
    }

    func locate(_ lon: Double, _ lat: Double) throws -> Location? {
        let m = try projection.transform(Position(lon, lat))
        return locator.locate(lon: lon, lat: lat, x: m.x, y: m.y)
    }

    func testMetricZoneIsTheCentralMeridian108() {
        XCTAssertEqual(locator.metricEPSG, 4545)
    }

    func testPointOnASharedEdgeGoesToTheLowestCode() throws {
        let loc = try XCTUnwrap(locate(108.0, 34.3005))        // A1 | B1
        XCTAssertEqual(loc.grid, "619901001001001")
        XCTAssertEqual(loc.community, "619901001001")
        XCTAssertTrue(loc.nearBoundary)
    }

    func testPointOnASharedVertexGoesToTheLowestOfFour() throws {
        let loc = try XCTUnwrap(locate(108.0, 34.3))           // A1, A2, B1, B2 meet
        XCTAssertEqual(loc.grid, "619901001001001")
    }

    func testPointInAHoleBelongsToTheGridThatFillsIt() throws {
        XCTAssertEqual(try locate(108.0014, 34.2996)?.grid, "619901001002003")   // inside B2's hole: B3
        XCTAssertEqual(try locate(108.0012, 34.2996)?.grid, "619901001002002")   // on the hole's edge: B2 and B3 cover, B2 is lower
        XCTAssertEqual(try locate(108.0010, 34.2996)?.grid, "619901001002002")   // beside the hole: B2
    }

    func testJustOutsideAndOnTheStreetEdge() throws {
        XCTAssertNil(try locate(108.00201, 34.3))
        XCTAssertNil(try locate(107.9, 34.3))
        XCTAssertEqual(try locate(108.002, 34.3005)?.grid, "619901001002001")    // on the street's edge: covered
    }

    func testNearestRoadDistanceEqualsTheHandCalculation() throws {
        let loc = try XCTUnwrap(locate(108.0005, 34.3003))
        let expected = metresEastOfMeridian(degrees: 0.0005, atLatitude: 34.3003)   // ≈ 46.03 m
        XCTAssertEqual(expected, 46.03, accuracy: 0.01)
        XCTAssertEqual(try XCTUnwrap(loc.roadDistanceM), expected, accuracy: 0.001)
        XCTAssertEqual(loc.road, "R01-1")
        XCTAssertEqual(loc.roadName, "中街")
        XCTAssertEqual(loc.officeGroup, "og-1")          // no compound: the road section's group
        // 0.0006° east is ≈ 55 m: beyond the 50 m search.
        XCTAssertGreaterThan(metresEastOfMeridian(degrees: 0.0006, atLatitude: 34.3003), 50)
        XCTAssertNil(try locate(108.0006, 34.3003)?.road)
    }

    func testNearBoundaryWithinFiveMetres() throws {
        // 0.00003° ≈ 2.8 m from the A1|B1 edge; 0.0001° ≈ 9.2 m.
        XCTAssertLessThan(metresEastOfMeridian(degrees: 0.00003, atLatitude: 34.3005), 5)
        XCTAssertTrue(try XCTUnwrap(locate(108.00003, 34.3005)).nearBoundary)
        XCTAssertGreaterThan(metresEastOfMeridian(degrees: 0.0001, atLatitude: 34.3005), 5)
        XCTAssertFalse(try XCTUnwrap(locate(108.0001, 34.3005)).nearBoundary)
    }

    func testMarketInsideAroundAndBeyond() throws {
        let inside = try XCTUnwrap(locate(107.99875, 34.2994))
        XCTAssertEqual(inside.market, "M01"); XCTAssertEqual(inside.marketZone, .inside)
        // 0.0005° north of the market's north edge ≈ 55 m (within 100 m); 0.001° ≈ 111 m (beyond).
        XCTAssertEqual(metresNorth(degrees: 0.0005, atLatitude: 34.2996), 55.4, accuracy: 0.2)
        let around = try XCTUnwrap(locate(107.99875, 34.3001))
        XCTAssertEqual(around.market, "M01"); XCTAssertEqual(around.marketZone, .around)
        XCTAssertGreaterThan(metresNorth(degrees: 0.001, atLatitude: 34.2996), 100)
        let beyond = try XCTUnwrap(locate(107.99875, 34.3006))
        XCTAssertNil(beyond.market); XCTAssertNil(beyond.marketZone)
    }

    func testSchoolZoneSiteAndVenueWithHole() throws {
        // 0.0004° south of the school ≈ 44 m (inside its 50 m zone); 0.0006° ≈ 67 m (outside).
        XCTAssertEqual(try locate(108.0015, 34.3001)?.school, "S01")
        XCTAssertNil(try locate(108.0015, 34.2999)?.school)
        XCTAssertEqual(try locate(108.0015, 34.3002)?.site, "W01")
        XCTAssertEqual(try locate(108.0004, 34.29975)?.venue, "V01")
        XCTAssertNil(try locate(108.0006, 34.29975)?.venue)       // in the venue's courtyard (its hole)
    }

    func testCompoundOfficeGroupComesBeforeTheRoads() throws {
        let loc = try XCTUnwrap(locate(107.9996, 34.3006))         // in XQ01, ≈ 37 m from the road
        XCTAssertEqual(loc.compound, "XQ01")
        XCTAssertEqual(loc.road, "R01-1")
        XCTAssertEqual(loc.officeGroup, "og-2")
    }

    func testSampleStreetAnswersAreConsistentWithGEOS() throws {
        // On the bundled street: the grid found for random points is the lowest-coded grid that
        // GEOS says covers the point.
        let street = try Bundled.street()
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 42)
        let env = street.area.geometry.envelope!
        for _ in 0..<300 {
            let p = Position(random.uniform(env.minX, env.maxX), random.uniform(env.minY, env.maxY))
            let m = try projection.transform(p)
            let expected = try street.grids.first { try engine.covers($0.geometry, .point(p)) }?.code
            XCTAssertEqual(locator.locate(lon: p.x, lat: p.y, x: m.x, y: m.y)?.grid, expected, "\(p)")
        }
    }

    func testCellAnswersEqualTheExactWayOnRandomVertexAndEdgePoints() throws {
        // The cell grids only short-cut the trees and exact tests: every answer must be the same.
        for street in [try Bundled.street(), try Street.load(from: TinyStreet.folder())] {
            let locator = try Locator(street: street)
            let projection = try locator.makeProjection()
            var random = SeededRandom(seed: 9)
            let env = street.area.geometry.envelope!.expanded(by: 0.0005)
            var points = (0..<20_000).map { _ in Position(random.uniform(env.minX, env.maxX), random.uniform(env.minY, env.maxY)) }
            let layers = [street.area.geometry] + street.grids.map(\.geometry) + street.compounds.map(\.geometry)
                + street.markets.map(\.geometry) + street.venues.map(\.geometry)
            for g in layers {
                for ring in g.polygons.flatMap({ $0 }) {
                    points += ring
                    for k in 0..<(ring.count - 1) {
                        let a = ring[k], b = ring[k + 1], t = random.unit()
                        points.append(Position((a.x + b.x) / 2, (a.y + b.y) / 2))
                        points.append(Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                    }
                }
            }
            var xs = points.map(\.x), ys = points.map(\.y)
            projection.transform(xs: &xs, ys: &ys)
            var placed = 0
            for (k, p) in points.enumerated() {
                let fast = locator.locateIndices(lon: p.x, lat: p.y, x: xs[k], y: ys[k])
                XCTAssertEqual(fast, locator.exactIndices(lon: p.x, lat: p.y, x: xs[k], y: ys[k]), "\(p)")
                if fast != nil { placed += 1 }
            }
            XCTAssertGreaterThan(placed, points.count / 2)
        }
    }

    func testCSVColumnsSpellTheLocationsValues() throws {
        // The byte tables give the text that the location's own values spell.
        let street = try Bundled.street()
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        var random = SeededRandom(seed: 31)
        let env = street.area.geometry.envelope!
        var checked = 0
        for _ in 0..<2000 {
            let p = Position(random.uniform(env.minX, env.maxX), random.uniform(env.minY, env.maxY))
            let m = try projection.transform(p)
            guard let found = locator.locateIndices(lon: p.x, lat: p.y, x: m.x, y: m.y) else { continue }
            var expected: [UInt8] = []
            for value in locator.location(found).values {
                expected.append(UInt8(ascii: ","))
                switch value {
                case .null: break
                case .number(let d): TextFormat.appendNumber(d, decimals: 2, to: &expected)
                default: CSVFormat.appendField(value.text, to: &expected)
                }
            }
            var got: [UInt8] = []
            locator.appendCSV(found, to: &got)
            XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: expected, as: UTF8.self))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    func testAPointInASliverGoesToTheNearestGrid() throws {
        // Two points the sample street's boundary covers and no grid does (Shapely: covers() false
        // for all 47 grids), 4 mm and 0.6 mm from the grids below; the second is 3.7 m from a
        // second grid, so near a boundary.
        let street = try Bundled.street()
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        for (lon, lat, grid, near) in [(108.4935166, 34.3023876, "619901001001005", false), (108.5061984, 34.3005851, "619901001005002", true)] {
            let m = try projection.transform(Position(lon, lat))
            let loc = try XCTUnwrap(locator.locate(lon: lon, lat: lat, x: m.x, y: m.y))
            XCTAssertEqual(loc.grid, grid)
            XCTAssertEqual(loc.community, String(grid.prefix(12)))
            XCTAssertEqual(loc.nearBoundary, near)
            XCTAssertEqual(locator.exactIndices(lon: lon, lat: lat, x: m.x, y: m.y).map(locator.location), loc)
        }
    }
}
