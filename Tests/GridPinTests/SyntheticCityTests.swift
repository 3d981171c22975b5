import XCTest
import GridGeo
@testable import GridPin

final class SyntheticCityTests: XCTestCase {
    /// A small city with several streets and communities: 14 × 11 lattice cells of 150 m
    /// (the smallest lattice 1.25 times wider than tall with at least 150 cells: ⌈√187.5⌉ = 14
    /// columns, ⌈150 / 14⌉ = 11 rows).
    static var options: SyntheticCity.Options {
        var o = SyntheticCity.Options(grids: 150)
        o.streetCells = 4...6
        o.communityCells = 2...3
        return o
    }

    var made: SyntheticCity!

    override func setUpWithError() throws { made = try SyntheticCity(options: Self.options, seed: 7) }

    func city() throws -> SyntheticCity { made }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("city-\(UUID().uuidString)")
        try StreetWriter.write(try city().street, to: url)
        return url
    }

    func testLatticeSize() throws {
        let street = try city().street
        XCTAssertEqual(street.grids.count, 14 * 11)
        XCTAssertGreaterThan(street.streets.count, 1)
        XCTAssertGreaterThan(street.communities.count, street.streets.count)
    }

    func testGridsTileTheCityExactly() throws {
        let street = try city().street
        let engine = GeometryEngine()
        let cityArea = try engine.area(street.area.geometry)
        // Sums of areas, in square degrees as drawn.
        let gridSum = try street.grids.reduce(0) { $0 + (try engine.area($1.geometry)) }
        let communitySum = try street.communities.reduce(0) { $0 + (try engine.area($1.geometry)) }
        let streetSum = try street.streets.reduce(0) { $0 + (try engine.area($1.geometry)) }
        XCTAssertEqual(gridSum / cityArea, 1, accuracy: 1e-6)
        XCTAssertEqual(communitySum / cityArea, 1, accuracy: 1e-6)
        XCTAssertEqual(streetSum / cityArea, 1, accuracy: 1e-6)
        // The union is the city: one polygon without holes, nothing of either left over.
        let union = try engine.union(street.grids.map(\.geometry))
        XCTAssertEqual(union.polygons.count, 1)
        XCTAssertEqual(union.polygons.first?.count, 1, "no holes")
        XCTAssertLessThan(try engine.area(engine.difference(union, street.area.geometry)), 1e-9 * cityArea)
        XCTAssertLessThan(try engine.area(engine.difference(street.area.geometry, union)), 1e-9 * cityArea)
        // No two grids overlap (neighbours share edges, so they meet in lines and points only).
        let tree = STRtree(street.grids.map { $0.geometry.envelope! })
        var pairs = 0
        for (i, g) in street.grids.enumerated() {
            for j in tree.query(g.geometry.envelope!) where j > i {
                pairs += 1
                XCTAssertEqual(try engine.area(engine.intersection(g.geometry, street.grids[j].geometry)), 0, "\(g.code) and \(street.grids[j].code)")
            }
        }
        XCTAssertGreaterThan(pairs, 2 * street.grids.count, "each grid meets its neighbours' envelopes")
        // Each grid lies in its community, each community in its street.
        let communities = Dictionary(uniqueKeysWithValues: street.communities.map { ($0.code, $0.geometry) })
        let streets = Dictionary(uniqueKeysWithValues: street.streets.map { ($0.code, $0.geometry) })
        for g in street.grids {
            XCTAssertEqual(try engine.area(engine.difference(g.geometry, try XCTUnwrap(communities[g.community]))), 0, g.code)
        }
        for c in street.communities {
            XCTAssertEqual(try engine.area(engine.difference(c.geometry, try XCTUnwrap(streets[String(c.code.prefix(9))]))), 0, c.code)
        }
    }

    func testTheCityIsItsRectangleInMetres() throws {
        // The lattice's outer vertices move only along the city's edge, so in metres the city is
        // 14 × 150 m by 11 × 150 m = 3,465,000 m²; rounding the vertices to 1e-7° (≈ 1 cm)
        // moves that by far less than 1e-5 of it.
        let street = try city().street
        let toMetres = try Projection(from: "EPSG:4326", to: "EPSG:4545")
        let metres = try street.area.geometry.map { try toMetres.transform($0) }
        XCTAssertEqual(try GeometryEngine().area(metres), 14 * 150 * 11 * 150, accuracy: 3_465_000 * 1e-5)
    }

    func testCodesAreUniqueWellFormedAndInReadingOrder() throws {
        let street = try city().street
        func digits(_ s: String, _ n: Int) -> Bool { s.count == n && s.allSatisfy { $0.isASCII && $0.isNumber } }
        XCTAssertEqual(street.area.code, "619902")
        for (n, s) in street.streets.enumerated() { XCTAssertEqual(s.code, String(format: "619902%03d", n + 1)) }
        XCTAssertEqual(Set(street.grids.map(\.code)).count, street.grids.count)
        XCTAssertEqual(Set(street.communities.map(\.code)).count, street.communities.count)
        let streetCodes = Set(street.streets.map(\.code))
        for c in street.communities {
            XCTAssertTrue(digits(c.code, 12) && streetCodes.contains(String(c.code.prefix(9))), c.code)
        }
        // Inside each community, grids are numbered 001, 002, … west→east along a row, rows
        // north→south: the next grid is east of the last in the same row (centres within half a
        // cell in latitude), or starts a row about one cell (150 m ≈ 0.00135°) further south.
        let cell = 150 / 111_000.0
        for c in street.communities {
            let mine = street.grids.filter { $0.community == c.code }
            XCTAssertFalse(mine.isEmpty)
            for (n, g) in mine.enumerated() {
                XCTAssertTrue(digits(g.code, 15), g.code)
                XCTAssertEqual(g.code, c.code + String(format: "%03d", n + 1))
            }
            let centres = mine.map { $0.geometry.envelope!.center }
            var rowStart = centres[0]
            for (a, b) in zip(centres, centres.dropFirst()) {
                if abs(b.y - a.y) < cell / 2 {
                    XCTAssertGreaterThan(b.x, a.x, "\(c.code): east along a row")
                } else {
                    XCTAssertEqual(b.y, a.y - cell, accuracy: cell / 2, "\(c.code): the next row south")
                    XCTAssertEqual(b.x, rowStart.x, accuracy: cell / 2, "\(c.code): a row starts in the west")
                    rowStart = b
                }
            }
        }
    }

    func testCheckPassesWithTheBundledRules() throws {
        XCTAssertEqual(StreetCheck.problems(in: try folder(), resources: Bundled.resources), [])
    }

    func testSameSeedSameBytesOtherSeedOtherCity() throws {
        let catalogue = try Bundled.catalogue()
        func write(_ seed: UInt64, threads: Int) throws -> [String: Data] {
            let city = try SyntheticCity(options: Self.options, seed: seed)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("city-\(UUID().uuidString)")
            try StreetWriter.write(city.street, to: url)
            // 150,000 issues: three chunks, so the chunks' order matters.
            try CityIssues(city: city, catalogue: catalogue, start: CivilDay(year: 2022, month: 1, day: 1), days: 365, seed: seed)
                .write(count: 150_000, to: url.appendingPathComponent("issues.csv").path, threads: threads)
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: url.appendingPathComponent($0))) })
        }
        let a = try write(7, threads: 2), b = try write(7, threads: 1), c = try write(8, threads: 2)
        XCTAssertEqual(a.keys.sorted(), ["boundary.geojson", "communities.geojson", "compounds.geojson", "grids.geojson", "issues.csv",
                                         "markets.geojson", "roads.geojson", "schools.geojson", "sites.geojson", "streets.geojson",
                                         "units.csv", "venues.geojson"])
        for (name, data) in a { XCTAssertEqual(data, b[name], name) }
        XCTAssertNotEqual(a["grids.geojson"], c["grids.geojson"])
        XCTAssertNotEqual(a["issues.csv"], c["issues.csv"])
    }

    func testIssuesFallInTheCityAndClusterWhereTheirPlacesAre() throws {
        let city = try city()
        let url = try folder()
        let path = url.appendingPathComponent("issues.csv").path
        let n = 100_000
        try CityIssues(city: city, catalogue: try Bundled.catalogue(), start: CivilDay(year: 2022, month: 1, day: 1), days: 365, seed: 3)
            .write(count: n, to: path)
        let table = try CSVTable(path: path, required: ["id", "lon", "lat", "category", "reported_at"])
        XCTAssertEqual(table.rows.count, n)
        let locator = try Locator(street: Street.load(from: url))
        let projection = try locator.makeProjection()
        let catalogue = try Bundled.catalogue()
        var inCompound = 0, weekend = 0
        var byCategory: [String: (all: Int, market: Int, school: Int, site: Int)] = [:]
        let first = CivilDay(year: 2022, month: 1, day: 1), last = CivilDay(year: 2022, month: 12, day: 31)
        for (k, row) in table.rows.enumerated() {
            XCTAssertEqual(row["id"], String(k + 1))
            let lon = try XCTUnwrap(Double(row["lon"])), lat = try XCTUnwrap(Double(row["lat"]))
            let m = try projection.transform(Position(lon, lat))
            let loc = try XCTUnwrap(locator.locate(lon: lon, lat: lat, x: m.x, y: m.y), "row \(k + 1) outside the city")
            XCTAssertNotNil(loc.grid)
            XCTAssertNotNil(catalogue[row["category"]], row["category"])
            // 2022-07-15T10:23:05+08:00
            let time = row["reported_at"]
            XCTAssertTrue(time.hasSuffix("+08:00"), time)
            let day = try XCTUnwrap(CivilDay(String(time.prefix(10))))
            XCTAssertTrue(first <= day && day <= last, time)
            if day.weekday >= 6 { weekend += 1 }
            if loc.compound != nil { inCompound += 1 }
            var counts = byCategory[row["category"]] ?? (0, 0, 0, 0)
            counts.all += 1
            if loc.market != nil { counts.market += 1 }
            if loc.school != nil { counts.school += 1 }
            if loc.site != nil { counts.site += 1 }
            byCategory[row["category"]] = counts
        }
        // A quarter of all issues come from compounds and lie inside them (others may too).
        XCTAssertGreaterThan(Double(inCompound) / Double(n), 0.245)
        // 2022 starts on a Saturday: 105 of its 365 days are weekend days, which keep 60% of their
        // draws: (105 · 0.6) / (260 + 105 · 0.6) = 0.1950.
        XCTAssertEqual(Double(weekend) / Double(n), 0.1950, accuracy: 0.006)
        // Stall spillover comes only from markets: 30% inside, 70% spread normally (45 m) about
        // the centre, which is within 120 m (the 100 m surroundings and the narrowest half-side,
        // 20 m) of the market with probability 1 − exp(−120² / (2 · 45²)) > 97%: ≥ 0.3 + 0.7 · 0.97.
        let spill = try XCTUnwrap(byCategory["9301"])
        XCTAssertGreaterThan(Double(spill.market) / Double(spill.all), 0.97)
        // Exposed soil comes only from sites: 70% inside.
        let soil = try XCTUnwrap(byCategory["0302"])
        XCTAssertGreaterThan(Double(soil.site) / Double(soil.all), 0.68)
        // Tobacco near schools: all but the background's (0.12 · 1/115 of issues, against the
        // schools' 0.06 · 30/100: 5.5%) come from schools, spread normally (30 m) about a point
        // of the campus edge, so beyond its 100 m zone with probability exp(−100² / (2 · 30²)) < 0.4%.
        let tobacco = try XCTUnwrap(byCategory["9701"])
        XCTAssertGreaterThan(Double(tobacco.school) / Double(tobacco.all), 0.9)
    }

    func testCityNamesBuildRoadNamesFromCommunityStems() {
        XCTAssertEqual(CityNames.communityStem(0).0, "东关")
        XCTAssertEqual(CityNames.word(60).0, "东关二")
        // Slot 7·k mod 720 of 60 words × 12 endings: k = 103 → slot 1 → word 1, ending "" (西街).
        XCTAssertEqual(CityNames.communityStem(103).0, "西街")
        // k = 1 → slot 7 → word 7 (文化), ending 0; k = 9 → slot 63 → word 3 (北街), ending 1 (里).
        XCTAssertEqual(CityNames.communityStem(9).0, "北街里")
        // An ending naming a road is dropped for the roads named after the community: slot 5·60 + w is 路.
        let k = (0..<720).first { CityNames.communityStem($0).0.hasSuffix("路") }!
        XCTAssertFalse(CityNames.roadStem(k).0.hasSuffix("路"))
    }
}
