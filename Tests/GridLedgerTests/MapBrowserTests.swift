import Foundation
import GridGeo
import XCTest
@testable import GridLedger
@testable import GridPin

/// The map page opened in headless Chromium: it draws every layer of its input, logs no error and
/// makes a screenshot. Skipped when Chromium is not installed (`make map-check` installs it).
final class MapBrowserTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    func testThePageDrawsEveryFeatureOfItsInputWithoutErrors() throws {
        guard let chromium = HeadlessChromium.find() else { throw XCTSkip("Chromium is not installed (make map-check installs it)") }
        let office = try Bundled.office()
        var map = try MapData(office: office, metricEPSG: 4545, cases: MapFixture.four + MapFixture.cluster, now: MapFixture.now)
        try map.addHotspots(eps: 25, minPoints: 10)
        map.sweeps = try MapSweeps(features: MapFixture.sweepFeatures, source: "plan.geojson")
        let template = try MapTemplate.load(from: Bundled.root.appendingPathComponent("Resources/map"))
        let page = folder.appendingPathComponent("map.html")
        try Data(template.render(title: map.title, data: try map.json())).write(to: page)

        let run = try chromium.dumpDOM(page, width: 1200, height: 800)
        let stats = try XCTUnwrap(Self.stats(in: run.output), "no #stats in the page:\n\(run.output.prefix(400))")
        // The input: 19 cases, all inside the street (so on screen when the page fits it); the layers of geodata/README.md;
        // one DBSCAN cluster (MapDataTests); two routes and three stops (the polygon of the plan is not drawn).
        let expected = ["cases": 19, "boundary": 1, "communities": 6, "grids": 47, "compounds": 14, "roads": 75, "markets": 3,
                        "marketZones": 3, "sites": 4, "schools": 4, "schoolZones": 4, "venues": 8, "hotspots": 1, "routes": 2, "stops": 3]
        for (key, count) in expected { XCTAssertEqual(stats[key] as? Int, count, key) }
        XCTAssertEqual((stats["errors"] as? [Any])?.count, 0, "\(stats["errors"] ?? "")")
        XCTAssertEqual(run.consoleMessages, [], "console errors")

        let png = folder.appendingPathComponent("map.png")
        let shot = try chromium.screenshot(page, to: png, width: 1200, height: 800)
        XCTAssertEqual(shot.consoleMessages, [])
        let bytes = [UInt8](try Data(contentsOf: png))
        // A PNG starts with its 8-byte signature, then the IHDR chunk: width and height as big-endian 32-bit numbers.
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(16), 1200)
        XCTAssertEqual(be32(20), 800)
    }

    /// The JSON of `<pre id="stats">` in a dumped page.
    static func stats(in dom: String) -> [String: Any]? {
        guard let open = dom.range(of: "<pre id=\"stats\""), let start = dom.range(of: ">", range: open.upperBound..<dom.endIndex),
              let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else { return nil }
        let text = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
