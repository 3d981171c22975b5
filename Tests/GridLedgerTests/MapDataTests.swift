import Foundation
import GridGeo
import XCTest
@testable import GridLedger
@testable import GridPin

/// A small hand-made set of cases on the sample street, for the map's data and the page drawn from it.
enum MapFixture {
    static let g1 = "619901001001001", g2 = "619901001001002"
    /// 2022-09-30T18:00+08:00 (`date -u -d 2022-09-30T10:00Z +%s`).
    static let now = 1_664_532_000.0
    /// 2022-09-30T16:00+08:00 = 08:00 UTC: `date -u -d 2022-09-30T08:00:00Z +%s` gives 1664524800.
    static let due = 1_664_524_800.0

    static func record(_ number: String, _ category: String, lon: Double, lat: Double, x: Double, y: Double, grid: String?,
                       status: CaseStatus, lead: String = "cmo", support: String = "", dueAt: Double = due) -> CaseRecord {
        CaseRecord(id: nil, number: number, category: category, lon: lon, lat: lat, xM: x, yM: y, source: .gridManager, sourceRef: nil,
                   reporter: nil, description: nil, photos: nil, xOriginal: lon, yOriginal: lat, crs: "wgs84", grid: grid,
                   community: grid.map { String($0.prefix(12)) }, compound: nil, road: nil, market: nil, site: nil, school: nil,
                   venue: nil, officeGroup: nil, lead: lead, support: support, rule: "r", reason: "r", reportedAt: due - 86_400,
                   dueAt: dueAt, closedAt: status == .closed ? due - 3600 : nil, status: status, parkedFrom: nil, parkedAt: nil,
                   reports: 1, reworks: 0)
    }

    /// A: open, due two hours before `now` (overdue). B: closed. C: parked (open, never overdue). D: open, due tomorrow.
    /// A and D are 0.001° of longitude and 0.0005° of latitude apart; their metres in EPSG:4545 are from PROJ's cs2cs.
    static let four: [CaseRecord] = [
        record("619901001-20220715-0001", "0506", lon: 108.5, lat: 34.3, x: 546029.5882, y: 3797052.1532, grid: g1,
               status: .dispatched, lead: "cmo", support: "619901001001;og-1"),
        record("619901001-20220716-0002", "0506", lon: 108.5002, lat: 34.3002, x: 546048, y: 3797074, grid: g1, status: .closed),
        record("619901001-20220716-0003", "9201", lon: 108.5004, lat: 34.3001, x: 546066, y: 3797063, grid: g1, status: .parked,
               dueAt: due - 86_400),
        record("619901001-20220801-0001", "9301", lon: 108.501, lat: 34.3005, x: 546121.3749, y: 3797108.0711, grid: g2,
               status: .reported, lead: "cmo", support: "mso", dueAt: due + 86_400),
    ]

    /// Twelve open cases 1 m apart in a row (one DBSCAN cluster at eps 25 m, 10 points) and three far from them and
    /// from each other (noise).
    static let cluster: [CaseRecord] = (0..<12).map { k in
        record("619901001-20220901-\(1000 + k)", "9301", lon: 108.496 + 1e-5 * Double(k), lat: 34.296,
               x: 545700 + Double(k), y: 3796600, grid: g2, status: .dispatched)
    } + (0..<3).map { k in
        record("619901001-20220902-\(1000 + k)", "0505", lon: 108.503 + 0.002 * Double(k), lat: 34.302,
               x: 546300 + 200 * Double(k), y: 3797250, grid: g2, status: .dispatched)
    }

    /// Two routes (day 1 a line, day 2 a multi-line), three stops (day 1: 1 and 2; a day named by its date: 3), and a
    /// polygon that is not drawn. Stop 1 of day 1 is case A's point.
    static let sweepFeatures: [Feature] = [
        Feature(geometry: .lineString([Position(108.5, 34.3), Position(108.501, 34.3005)]), properties: ["day": .integer(1)]),
        Feature(geometry: .point(Position(108.5, 34.3)), properties: ["day": .integer(1), "stop": .integer(1), "name": .string("东关 </script><b>")]),
        Feature(geometry: .point(Position(108.501, 34.3005)), properties: ["day": .number(1), "stop": .number(2), "title": .string("B")]),
        Feature(geometry: .multiLineString([[Position(108.497, 34.297), Position(108.498, 34.297)], [Position(108.498, 34.298), Position(108.499, 34.298)]]),
                properties: ["day": .integer(2)]),
        Feature(geometry: .polygon([[Position(108.5, 34.3), Position(108.501, 34.3), Position(108.501, 34.301), Position(108.5, 34.3)]]),
                properties: ["day": .integer(1)]),
        Feature(geometry: .point(Position(108.499, 34.298)), properties: ["day": .string("2022-10-08"), "stop": .string("3")]),
    ]
}

/// The data a map page embeds, checked against values worked out by hand from `MapFixture`.
final class MapDataTests: XCTestCase {
    var office: Office!

    override func setUpWithError() throws { office = try Bundled.office() }

    func decode(_ map: MapData) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try map.json())) as? [String: Any])
    }

    func testLayersAndOpenCasesPerGrid() throws {
        let map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four, now: MapFixture.now)
        let data = try decode(map)
        let layers = try XCTUnwrap(data["layers"] as? [String: [[String: Any]]])
        // geodata/README.md, and the features counted in each file with Python's json module.
        let counts = ["boundary": 1, "communities": 6, "grids": 47, "compounds": 14, "roads": 75, "markets": 3, "sites": 4, "schools": 4, "venues": 8]
        XCTAssertEqual(layers.mapValues(\.count), counts)
        // A and C are open in g1 (C is parked, which is still open); B is closed; D is open in g2.
        let open = Dictionary(uniqueKeysWithValues: try XCTUnwrap(layers["grids"]).map { ($0["code"] as! String, $0["open"] as! Int) })
        XCTAssertEqual(open[MapFixture.g1], 2)
        XCTAssertEqual(open[MapFixture.g2], 1)
        XCTAssertEqual(open.values.reduce(0, +), 3)
        // A school's zone is its campus buffered by 100 m (geodata/README.md), so its box is 200 m wider than the campus's.
        let school = try XCTUnwrap(layers["schools"]?.first)
        let campus = try XCTUnwrap(school["rings"] as? [[Double]]), zone = try XCTUnwrap(school["zone"] as? [[Double]])
        func width(_ rings: [[Double]]) -> Double {
            let xs = rings.flatMap { r in stride(from: 0, to: r.count, by: 2).map { r[$0] } }
            return xs.max()! - xs.min()!
        }
        XCTAssertEqual(width(zone) - width(campus), 200, accuracy: 0.5)
        let road = try XCTUnwrap(layers["roads"]?.first)
        XCTAssertNotNil(road["lines"] as? [[Double]])
        XCTAssertNotNil(RoadClass(rawValue: road["class"] as? String ?? ""))
    }

    func testACaseCarriesItsNumberCategoryStatusUnitsAndDueTime() throws {
        let map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four, now: MapFixture.now)
        let data = try decode(map)
        let cases = try XCTUnwrap(data["cases"] as? [String: Any])
        XCTAssertEqual(cases["count"] as? Int, 4)
        XCTAssertEqual(cases["prefix"] as? String, "619901001-")
        XCTAssertEqual(cases["number"] as? [String], ["20220715-0001", "20220716-0002", "20220716-0003", "20220801-0001"])
        // Catalogue order in Resources/catalogue.csv: 0506 is the 27th category, 9201 the 3rd, 9301 the 11th.
        XCTAssertEqual(cases["category"] as? [Int], [26, 26, 2, 10])
        let categories = try XCTUnwrap(data["categories"] as? [[String]])
        XCTAssertEqual(Array(categories[26].prefix(3)), ["0506", "非机动车乱停放", "Non-motor vehicles parked in disorder"])
        // The dot has the colour `cases --format geojson` gives the case's marker.
        let style = CaseColumns.styleValues(MapFixture.four[0], office: office, now: MapFixture.now)
        XCTAssertEqual(JSONValue.string(categories[26][3]), style[0])
        let statuses = try XCTUnwrap(data["statuses"] as? [[String]])
        XCTAssertEqual((cases["status"] as? [Int])?.map { statuses[$0][0] }, ["dispatched", "closed", "parked", "reported"])
        XCTAssertEqual(statuses[(cases["status"] as! [Int])[0]][1], "已派遣")
        // Only A is open, not parked and past its due time at 18:00.
        XCTAssertEqual(cases["overdue"] as? [Int], [1, 0, 0, 0])
        let sets = try XCTUnwrap(data["unitSets"] as? [String])
        XCTAssertEqual((cases["lead"] as? [Int])?.map { sets[$0] }, ["cmo", "cmo", "cmo", "cmo"])
        XCTAssertEqual((cases["support"] as? [Int])?.map { sets[$0] }, ["619901001001;og-1", "", "", "mso"])
        XCTAssertEqual((data["units"] as? [String: [String]])?["cmo"]?.first, "城市管理办公室")
        // 1664524800 s / 60 = 27742080 minutes; C a day earlier, D a day later.
        XCTAssertEqual(cases["due"] as? [Int], [27_742_080, 27_742_080, 27_740_640, 27_743_520])
        XCTAssertEqual(data["utcOffset"] as? Int, 28_800)
        XCTAssertEqual(data["now"] as? String, "2022-09-30T18:00:00+08:00")
        // D lies 546121.3749 − 546029.5882 east and 3797108.0711 − 3797052.1532 north of A (cs2cs EPSG:4326 EPSG:4545),
        // each rounded to 0.1 m after the origin (whole metres) is taken off: .6 → .4 and .2 → .1.
        let x = try XCTUnwrap(cases["x"] as? [Double]), y = try XCTUnwrap(cases["y"] as? [Double])
        XCTAssertEqual(x[3] - x[0], 91.8, accuracy: 1e-6)
        XCTAssertEqual(y[3] - y[0], 55.9, accuracy: 1e-6)
        XCTAssertTrue((0...1600).contains(x[0]) && (0...1600).contains(y[0]), "local metres from the street's south-west corner")
    }

    func testHotSpotsAreTheClustersOfTheCases() throws {
        var map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four + MapFixture.cluster, now: MapFixture.now)
        try map.addHotspots(eps: 25, minPoints: 10)
        let data = try decode(map)
        // Only the twelve in a row have ten points within 25 m; MapFixture.four are four points, and the last three are far apart.
        let hotspots = try XCTUnwrap(data["hotspots"] as? [[String: Any]])
        XCTAssertEqual(hotspots.count, 1)
        XCTAssertEqual(hotspots[0]["count"] as? Int, 12)
        XCTAssertEqual(hotspots[0]["open"] as? Int, 12)
        XCTAssertEqual(hotspots[0]["cluster"] as? Int, 0)
        XCTAssertFalse((hotspots[0]["rings"] as? [[Double]] ?? []).isEmpty)
    }

    func testSweepsAreRoutesAndNumberedStops() throws {
        let sweeps = try MapSweeps(features: MapFixture.sweepFeatures, source: "plan.geojson")
        XCTAssertEqual(sweeps.routes.map(\.day), ["1", "2"])
        XCTAssertEqual(sweeps.routes[1].lines.count, 2)
        XCTAssertEqual(sweeps.stops.map(\.stop), [1, 2, 3])
        XCTAssertEqual(sweeps.stops.map(\.label), ["东关 </script><b>", "B", ""])
        XCTAssertEqual(sweeps.days, ["1", "2", "2022-10-08"])
        XCTAssertEqual(sweeps.ignored, 1)

        var map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four, now: MapFixture.now)
        map.sweeps = sweeps
        let data = try decode(map)
        let drawn = try XCTUnwrap(data["sweeps"] as? [String: Any])
        let stops = try XCTUnwrap(drawn["stops"] as? [[String: Any]])
        let cases = try XCTUnwrap(data["cases"] as? [String: Any])
        // Stop 1 of day 1 stands on case A's point, stop 2 on D's.
        XCTAssertEqual(stops[0]["x"] as? Double, (cases["x"] as? [Double])?[0])
        XCTAssertEqual(stops[0]["y"] as? Double, (cases["y"] as? [Double])?[0])
        XCTAssertEqual(stops[1]["x"] as? Double, (cases["x"] as? [Double])?[3])
        XCTAssertEqual((drawn["routes"] as? [[String: Any]])?.count, 2)
    }

    func testSweepStopsNeedADayAndANumber() throws {
        let noStop = Feature(geometry: .point(Position(108.5, 34.3)), properties: ["day": .integer(1)])
        XCTAssertThrowsError(try MapSweeps(features: [MapFixture.sweepFeatures[0], noStop], source: "plan.geojson")) { error in
            XCTAssertTrue("\(error)".contains("plan.geojson: feature 2"), "\(error)")
            XCTAssertTrue("\(error)".contains("\"stop\""), "\(error)")
        }
        let noDay = Feature(geometry: .lineString([Position(108.5, 34.3), Position(108.501, 34.3)]), properties: [:])
        XCTAssertThrowsError(try MapSweeps(features: [noDay], source: "plan.geojson")) { error in
            XCTAssertTrue("\(error)".contains("feature 1") && "\(error)".contains("\"day\""), "\(error)")
        }
        let badStop = Feature(geometry: .point(Position(108.5, 34.3)), properties: ["day": .integer(1), "stop": .string("first")])
        XCTAssertThrowsError(try MapSweeps(features: [badStop], source: "plan.geojson"))
    }

    func testThePageHoldsTheDataSoNoTextCanEndItsScript() throws {
        var map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four, now: MapFixture.now)
        map.sweeps = try MapSweeps(features: MapFixture.sweepFeatures, source: "plan.geojson")
        map.title = "槐荫 <Map> & \"sweeps\""
        let template = try MapTemplate.load(from: Bundled.root.appendingPathComponent("Resources/map"))
        let page = String(decoding: template.render(title: map.title, data: try map.json()), as: UTF8.self)
        XCTAssertTrue(page.contains("<title>槐荫 &lt;Map&gt; &amp; &quot;sweeps&quot;</title>"))
        XCTAssertFalse(page.contains("</script><b>"))
        XCTAssertFalse(page.contains("@@"), "every marker is filled")
        XCTAssertFalse(page.contains("src=\"http") || page.contains("href=\"http") || page.contains("@import") || page.contains("url("),
                       "nothing is loaded from elsewhere")
        // The data element holds the JSON, with its "<" escaped, and it reads back.
        let open = "<script type=\"application/json\" id=\"gridpin-data\">"
        let start = try XCTUnwrap(page.range(of: open)).upperBound
        let end = try XCTUnwrap(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(page[start..<end].utf8)) as? [String: Any])
        let stops = (json["sweeps"] as? [String: Any])?["stops"] as? [[String: Any]]
        XCTAssertEqual(stops?.first?["label"] as? String, "东关 </script><b>")
        XCTAssertEqual(page.components(separatedBy: open).count, 2)
    }

    func testTemplatesWithoutTheirMarkersOrThatEndTheScriptAreRefused() {
        XCTAssertThrowsError(try MapTemplate(html: "<title>@@TITLE@@</title><script>@@SCRIPT@@</script>", script: "")) { error in
            XCTAssertTrue("\(error)".contains("@@DATA@@"), "\(error)")
        }
        XCTAssertThrowsError(try MapTemplate(html: "@@TITLE@@ @@SCRIPT@@ @@DATA@@ @@DATA@@", script: ""))
        XCTAssertThrowsError(try MapTemplate(html: "@@TITLE@@ @@SCRIPT@@ @@DATA@@", script: "s = '</SCRIPT>'")) { error in
            XCTAssertTrue("\(error)".contains("map.js"), "\(error)")
        }
    }

    func testCaseNumbersShareThePrefixUpToTheirLastDash() {
        XCTAssertEqual(MapData.commonPrefix(["619901001-20220715-0001", "619901001-20220716-0002"]), "619901001-")
        XCTAssertEqual(MapData.commonPrefix(["619901001-20220715-0001"]), "619901001-20220715-")
        XCTAssertEqual(MapData.commonPrefix(["a-1", "b-1"]), "")
        XCTAssertEqual(MapData.commonPrefix([]), "")
    }
}
