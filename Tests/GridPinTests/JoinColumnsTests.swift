import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// `join --columns`: a join that writes fewer location columns finds them as the full join does,
/// testing only what they need; `--timings` writes its phases.
final class JoinColumnsTests: FolderTestCase {
    /// Joins `text` on `street` with `columns`, into `output`: its lines.
    func join(_ text: String, street: Street, columns: String?, output: String = "out.csv") throws -> [String] {
        try write(text, to: "in.csv")
        let join = Join(locator: try Locator(street: street), crs: .wgs84)
        join.workers = 2; join.batchSize = 2
        if let columns { join.columns = try LocationColumns(list: columns) }
        _ = try join.run(source: openPointSource(path: path("in.csv"), crs: .wgs84), output: path(output))
        return try contents(path(output)).split(separator: "\n").map(String.init)
    }

    /// Grid and community alone, asked for in another order: written in the list's order, with
    /// the answers worked out by hand on the tiny street (TinyStreet: A1 west of 108° above
    /// 34.3, B1 east of it, B3 filling B2's hole, a shared edge to the lowest code).
    func testGridAndCommunityAloneAreTheFullJoinsAnswers() throws {
        let a = TinyStreet.a, b = TinyStreet.b
        let lines = try join("id,lon,lat\n1,107.999,34.3005\n2,108.0005,34.3003\n3,108.0014,34.2996\n4,108.0,34.3005\n5,107.9,34.3\n",
                             street: TinyStreet.street(), columns: "community, grid")
        XCTAssertEqual(lines, ["id,lon,lat,grid,community",
                               "1,107.999,34.3005,\(a)001,\(a)", "2,108.0005,34.3003,\(b)001,\(b)",
                               "3,108.0014,34.2996,\(b)003,\(b)", "4,108.0,34.3005,\(a)001,\(a)"])
        // The same rows as the full join's first two location columns.
        let full = try join("id,lon,lat\n1,107.999,34.3005\n2,108.0005,34.3003\n3,108.0014,34.2996\n4,108.0,34.3005\n",
                            street: TinyStreet.street(), columns: nil, output: "full.csv")
        XCTAssertEqual(full.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }, lines)
    }

    /// A point in a sliver between the sample street's edge and its grids is placed by distance,
    /// which needs metres: without the distance columns it still goes to the nearest grid
    /// (worked out with Shapely; see LocatorTests' sliver test).
    func testASliverPointIsPlacedWithoutTheDistanceColumns() throws {
        let lines = try join("id,lon,lat\n1,108.4935166,34.3023876\n2,108.5061984,34.3005851\n",
                             street: try Bundled.street(), columns: "grid,community")
        XCTAssertEqual(lines, ["id,lon,lat,grid,community",
                               "1,108.4935166,34.3023876,619901001001005,619901001001",
                               "2,108.5061984,34.3005851,619901001005002,619901001005"])
    }

    /// Columns measured in metres alone: the road and its distance, and the office group that
    /// falls back on the road outside a compound (hand values as in LocatorTests: 0.0005° east
    /// of the meridian at 34.3003° is 46.00 m from the road along it).
    func testRoadColumnsAlone() throws {
        let east = metresEastOfMeridian(degrees: 0.0005, atLatitude: 34.3003)
        let lines = try join("id,lon,lat\n1,108.0005,34.3003\n", street: TinyStreet.street(), columns: "office_group,road_distance_m,road")
        XCTAssertEqual(lines, ["id,lon,lat,road,road_distance_m,office_group", "1,108.0005,34.3003,R01-1,\(String(format: "%.2f", east)),og-1"])
    }

    /// With a category column every layer is still found, as the rules need them: rows A and B of
    /// JoinTests' category test keep their road and market-surroundings answers (worked out there
    /// from the seed) while only the grid is written.
    func testWhoMustActStillSeesEveryLayer() throws {
        try write("""
        ticket,lon,lat,category,reported_at
        A,108.50122,34.294608,0506,2022-09-30 10:00
        B,108.50111,34.302159,9301,2022-09-30 17:00

        """, to: "in.csv")
        let street = try Bundled.street()
        let join = Join(locator: try Locator(street: street), crs: .wgs84)
        join.columns = try LocationColumns(list: "grid")
        let source = try openPointSource(path: path("in.csv"), crs: .wgs84)
        join.categories = JoinCategories(columns: source.columns.map(\.name),
                                         responsibility: Responsibility(office: try Office.load(street: street, resources: Bundled.resources)))
        _ = try join.run(source: source, output: path("out.csv"))
        let rows = try contents(path("out.csv")).split(separator: "\n").map { CSVFormat.fields(Array($0.utf8)[...]) }
        XCTAssertEqual(rows[0], ["ticket", "lon", "lat", "category", "reported_at", "grid", "lead", "support", "rule", "reason", "due_at"])
        XCTAssertEqual([rows[1][6], rows[1][7], rows[1][8], rows[1][10]], ["ecs;cmo", "og-4", "road-parking", "2022-09-30T16:00:00+08:00"])
        XCTAssertEqual([rows[2][6], rows[2][7], rows[2][10]], ["cmo", "619901001003;og-4;mlps", "2022-10-08T11:30:00+08:00"])
        XCTAssertTrue(rows[2][9].contains("78 m from 东关农贸市场 (surroundings 100 m)"), rows[2][9])
    }

    /// GeoJSON input (read into batches, not raw CSV pieces) with containment alone: a point in
    /// B1, one beyond the street's bounding box (rejected without projecting) and one so far
    /// away that it is projected to tell outside from unconvertible (rejected as outside too).
    func testGeoJSONInputWithContainmentAlone() throws {
        func feature(_ id: Int, _ lon: Double, _ lat: Double) -> String {
            "{\"type\":\"Feature\",\"id\":\(id),\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]},\"properties\":{\"n\":\"\(id)\"}}"
        }
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\(feature(1, 108.0005, 34.3003)),\(feature(2, 107.9, 34.3)),\(feature(3, 100.0, 30.0))]}"
        try write(text, to: "in.geojson")
        let join = Join(locator: try Locator(street: TinyStreet.street()), crs: .wgs84)
        join.columns = try LocationColumns(list: "grid,community")
        let summary = try join.run(source: openPointSource(path: path("in.geojson"), crs: .wgs84), output: path("out.csv"))
        XCTAssertEqual([summary.rows, summary.placed, summary.rejected], [3, 1, 2])
        let out = try contents(path("out.csv"))
        XCTAssertTrue(out.hasSuffix(",\(TinyStreet.b)001,\(TinyStreet.b)\n"), out)
        let rejects = try contents(try XCTUnwrap(summary.rejectsPath))
        XCTAssertEqual(rejects.components(separatedBy: "outside the street").count - 1, 2, rejects)
    }

    func testGeoJSONHoldsTheChosenPropertiesOnly() throws {
        let lines = try join("id,lon,lat\n1,108.0005,34.3003\n", street: TinyStreet.street(), columns: "grid,near_boundary", output: "out.geojson")
        let features = try GeoJSONReader.read(Data(lines.joined(separator: "\n").utf8), source: "out.geojson")
        XCTAssertEqual(features.count, 1)
        XCTAssertEqual(Set(features[0].properties.keys), ["id", "lon", "lat", "grid", "near_boundary"])
        XCTAssertEqual(features[0].properties["grid"], .string(TinyStreet.b + "001"))
        XCTAssertEqual(features[0].properties["near_boundary"], .bool(false))
    }

    func testUnknownRepeatedAndEmptyNamesAreRefused() {
        for (list, says) in [("grid,ward", "unknown column \"ward\""), ("grid,grid", "\"grid\" is named twice"), ("grid,", "an empty column name")] {
            XCTAssertThrowsError(try LocationColumns(list: list), list) { error in
                XCTAssertTrue("\(error)".contains(says), "\(error)")
                XCTAssertTrue("\(error)".contains("--columns"), "\(error)")
            }
        }
    }

    func testWhatEachChoiceNeeds() throws {
        XCTAssertFalse(try LocationColumns(list: "grid,community,compound,site,venue").needsDistances)
        for measured in ["road", "road_name", "road_distance_m", "market", "market_zone", "school", "office_group", "near_boundary"] {
            XCTAssertTrue(try LocationColumns(list: measured).needsDistances, measured)
        }
        XCTAssertEqual(try LocationColumns(list: "grid").layers, [])
        XCTAssertEqual(try LocationColumns(list: "office_group,market_zone").layers, [.compound, .market])
        XCTAssertEqual(LocationColumns.all.keys, Location.keys)
    }

    /// `--timings`: one JSON object with its keys, counts that add up, and phases that fit in the
    /// join's wall time on each worker.
    func testTheCommandWritesItsTimings() throws {
        try write("id,lon,lat\n1,108.4935166,34.3023876\n2,1,1\n", to: "in.csv")
        let run = try Bundled.gridpin(["join", path("in.csv"), "-o", path("out.csv"), "--columns", "grid", "--timings", path("t.json")])
        XCTAssertEqual(run.status, 0, run.err)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("t.json")))) as? [String: Any]
        let t = try XCTUnwrap(object)
        XCTAssertEqual(Set(t.keys), ["rows", "placed", "rejected", "workers", "start_up_s", "join_s", "parse_s", "locate_s", "write_s"])
        XCTAssertEqual(t["rows"] as? Int, 2); XCTAssertEqual(t["placed"] as? Int, 1); XCTAssertEqual(t["rejected"] as? Int, 1)
        let workers = try XCTUnwrap(t["workers"] as? Int), join = try XCTUnwrap(t["join_s"] as? Double)
        let phases = try ["parse_s", "locate_s", "write_s"].map { try XCTUnwrap(t[$0] as? Double) }
        XCTAssertGreaterThan(workers, 0)
        XCTAssertGreaterThan(phases[1], 0, "locating two rows took some time")
        XCTAssertLessThanOrEqual(phases.reduce(0, +), join * Double(workers))
        let bad = try Bundled.gridpin(["join", path("in.csv"), "-o", path("out2.csv"), "--columns", "grid,ward"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("unknown column \"ward\""), bad.err)
        // Timings that cannot be written are refused before the join, which writes nothing.
        let nowhere = try Bundled.gridpin(["join", path("in.csv"), "-o", path("out3.csv"), "--timings", path("no/such/folder/t.json")])
        XCTAssertNotEqual(nowhere.status, 0)
        XCTAssertTrue(nowhere.err.contains("--timings"), nowhere.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out3.csv")))
    }
}
