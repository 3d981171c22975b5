import XCTest
import GridGeo
@testable import GridPin

/// The area in a problem line: "… 1021.3 m² …".
private func squareMetres(in line: String) -> Double? {
    line.range(of: #"[0-9]+\.[0-9] m²"#, options: .regularExpression).flatMap { Double(line[$0].dropLast(3)) }
}

final class StreetCheckTests: XCTestCase {
    func testTheTinyStreetAndTheSampleStreetAreSound() throws {
        XCTAssertEqual(StreetCheck.problems(in: try TinyStreet.folder()), [])
        XCTAssertEqual(StreetCheck.problems(in: Bundled.geodata, resources: Bundled.resources), [])
    }

    func testPlantedGapOverlapBadCodeAndUnknownUnit() throws {
        let a = TinyStreet.a, b = TinyStreet.b
        let box = TinyStreet.box
        let grids = [
            Grid(code: a + "001", name: "", nameEn: "", community: a, geometry: .polygon([box(107.998, 34.3, 108.0, 34.301)])),
            // A2 stops 0.00005° (≈ 5.5 m) short of A1: a gap of ≈ 184 m × 5.5 m ≈ 1,020 m².
            Grid(code: a + "002", name: "", nameEn: "", community: a, geometry: .polygon([box(107.998, 34.299, 108.0, 34.29995)])),
            // B1 reaches 0.00005° into B2: an overlap of the same size.
            Grid(code: b + "001", name: "", nameEn: "", community: b, geometry: .polygon([box(108.0, 34.29995, 108.002, 34.301)])),
            Grid(code: b + "002", name: "", nameEn: "", community: b, geometry: .polygon([box(108.0, 34.299, 108.002, 34.3)])),
            // 14 digits: not a grid code.
            Grid(code: "61990100100201", name: "", nameEn: "", community: b, geometry: .polygon([box(108.0012, 34.2994, 108.0016, 34.2998)])),
        ]
        let problems = StreetCheck.problems(in: try TinyStreet.folder(TinyStreet.street(grids: grids, compoundGroup: "og-9")))
        let expectedArea = metresNorth(degrees: 0.00005, atLatitude: 34.3) * metresEastOfMeridian(degrees: 0.002, atLatitude: 34.3)
        XCTAssertEqual(expectedArea, 1021, accuracy: 5)
        func area(in line: String) -> Double? {
            line.range(of: #"[0-9]+\.[0-9] m²"#, options: .regularExpression).flatMap { Double(line[$0].dropLast(3)) }
        }
        let gap = problems.filter { $0.contains("community \(a) is not tiled by its grids: a gap of") }
        XCTAssertEqual(gap.count, 1, "\(problems)")
        XCTAssertEqual(try XCTUnwrap(gap.first.flatMap(area)), expectedArea, accuracy: 2)
        let overlap = problems.filter { $0.contains("grids \(b)001 and \(b)002 overlap by") }
        XCTAssertEqual(overlap.count, 1, "\(problems)")
        XCTAssertEqual(try XCTUnwrap(overlap.first.flatMap(area)), expectedArea, accuracy: 2)
        XCTAssertTrue(problems.contains("grids.geojson: grid 61990100100201: code must be 15 digits, its community code \(b) + 3"), "\(problems)")
        XCTAssertTrue(problems.contains("compounds.geojson: compound XQ01 office_group: unit \"og-9\" is not in units.csv"), "\(problems)")
        // B2 has no hole in this variant, so the fifth grid lies on it: 0.0004° × 0.0004°.
        let enclave = metresNorth(degrees: 0.0004, atLatitude: 34.2996) * metresEastOfMeridian(degrees: 0.0004, atLatitude: 34.2996)
        let onTop = problems.filter { $0.contains("grids \(b)002 and 61990100100201 overlap by") }
        XCTAssertEqual(try XCTUnwrap(onTop.first.flatMap(area)), enclave, accuracy: 2)
        XCTAssertEqual(problems.count, 5, "\(problems)")
    }

    /// The tiny street's area as county 619901 with two streets, the west and east halves; with
    /// `misfiled`, community B keeps its code in the west street while lying in the east one.
    func twoStreets(misfiled: Bool) -> Street {
        let tiny = TinyStreet.street()
        let box = TinyStreet.box
        let east = misfiled ? TinyStreet.b : "619901002001"
        let recode = { (code: String) in code.hasPrefix(TinyStreet.b) ? east + code.dropFirst(12) : code }
        let communities = tiny.communities.map { c in
            Community(code: recode(c.code), name: c.name, nameEn: c.nameEn, partyBranch: "pb-" + recode(c.code), geometry: c.geometry)
        }
        let grids = tiny.grids.map { Grid(code: recode($0.code), name: $0.name, nameEn: $0.nameEn, community: recode($0.community), geometry: $0.geometry) }
        let units = misfiled ? tiny.units : tiny.units + [east, "pb-" + east].map { Unit(id: $0, name: $0, nameEn: $0, kind: "test") }
        return Street(area: StreetArea(code: "619901", name: "小县", nameEn: "Tiny County", geometry: tiny.area.geometry),
                      communities: communities, grids: grids, compounds: tiny.compounds, roads: tiny.roads, markets: tiny.markets,
                      sites: tiny.sites, schools: tiny.schools, venues: tiny.venues, units: units, folder: tiny.folder,
                      streets: [StreetArea(code: "619901001", name: "西街道", nameEn: "West", geometry: .polygon([box(107.998, 34.299, 108.0, 34.301)])),
                                StreetArea(code: "619901002", name: "东街道", nameEn: "East", geometry: .polygon([box(108.0, 34.299, 108.002, 34.301)]))])
    }

    func testSeveralStreetsTileTheirCounty() throws {
        let folder = try TinyStreet.folder(twoStreets(misfiled: false))
        XCTAssertEqual(try Street.load(from: folder).streets.map(\.code), ["619901001", "619901002"])
        XCTAssertEqual(StreetCheck.problems(in: folder), [])
    }

    func testACommunityFiledUnderTheWrongStreet() throws {
        let problems = StreetCheck.problems(in: try TinyStreet.folder(twoStreets(misfiled: true)))
        // Community B (0.002° × 0.002° east of 108°E) lies wholly in the east street, so it is all
        // outside its street (the west one) and the east street has no community: the same area.
        let expected = metresNorth(degrees: 0.002, atLatitude: 34.3) * metresEastOfMeridian(degrees: 0.002, atLatitude: 34.3)
        let outside = problems.filter { $0.hasPrefix("communities.geojson: community \(TinyStreet.b): ") && $0.contains("lies outside its street 619901001") }
        XCTAssertEqual(try XCTUnwrap(outside.first.flatMap(squareMetres)), expected, accuracy: 2, "\(problems)")
        let gap = problems.filter { $0.hasPrefix("communities.geojson: street 619901002 is not tiled by its communities: a gap of") }
        XCTAssertEqual(try XCTUnwrap(gap.first.flatMap(squareMetres)), expected, accuracy: 2, "\(problems)")
        XCTAssertEqual(problems.count, 2, "\(problems)")
    }

    func testCountyAndStreetCodes() throws {
        let good = twoStreets(misfiled: false)
        let street = Street(area: StreetArea(code: "619901001", name: "", nameEn: "", geometry: good.area.geometry),
                            communities: good.communities, grids: good.grids, compounds: good.compounds, roads: good.roads,
                            markets: good.markets, sites: good.sites, schools: good.schools, venues: good.venues, units: good.units,
                            folder: good.folder, streets: [good.streets[0], StreetArea(code: "61990200", name: "", nameEn: "", geometry: good.streets[1].geometry)])
        let problems = try StreetCheck(street: street).problems(street)
        XCTAssertEqual(Array(problems.prefix(3)), [
            "boundary.geojson: code \"619901001\" must be 6 digits (the county) when streets.geojson lists the streets",
            "streets.geojson: street 61990200: code must be 9 digits, the county code 619901001 + 3",
            "communities.geojson: community 619901002001: code must be 12 digits, the code of a street in streets.geojson + 3",
        ])
        // The east street has no community whose code starts with its own: all of it is a gap.
        let expected = metresNorth(degrees: 0.002, atLatitude: 34.3) * metresEastOfMeridian(degrees: 0.002, atLatitude: 34.3)
        XCTAssertEqual(problems.count, 4, "\(problems)")
        XCTAssertTrue(problems[3].hasPrefix("communities.geojson: street 61990200 is not tiled by its communities: a gap of"), problems[3])
        XCTAssertEqual(try XCTUnwrap(squareMetres(in: problems[3])), expected, accuracy: 2)
    }

    func testInvalidPolygonIsRepairedAndReportedByFeature() throws {
        let folder = try TinyStreet.folder()
        // Turn site W01 into a bow tie.
        let path = folder.appendingPathComponent("sites.geojson")
        let bowTie = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"W01","properties":{"code":"W01","name":"工地","name_en":"Site"},"geometry":{"type":"Polygon","coordinates":[[[108.0012,34.3001],[108.0018,34.3003],[108.0018,34.3001],[108.0012,34.3003],[108.0012,34.3001]]]}}]}"#
        try bowTie.write(to: path, atomically: true, encoding: .utf8)
        let street = try Street.load(from: folder)
        XCTAssertEqual(street.sites.count, 1, "repaired, not dropped")
        XCTAssertEqual(street.repairs.count, 1)
        XCTAssertTrue(street.repairs[0].hasPrefix("sites.geojson: feature 1 (id W01): invalid polygon (Self-intersection"), street.repairs[0])
    }

    func testMissingFieldIsNamed() throws {
        let folder = try TinyStreet.folder()
        let path = folder.appendingPathComponent("markets.geojson")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "\"surroundings_m\":100", with: "\"surroundings_m\":\"far\"")
        try text.write(to: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Street.load(from: folder)) { error in
            XCTAssertEqual("\(error)", "markets.geojson: feature 1 (id M01): surroundings_m: \"far\" is not a number")
        }
    }
}
