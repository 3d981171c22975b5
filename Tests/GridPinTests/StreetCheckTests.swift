import XCTest
import GridGeo
@testable import GridPin

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
