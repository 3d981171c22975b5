import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// `gridpin hotspots` from a plain file: the short ways (points only placed in the street) give
/// what the whole way (every point located and assigned) gives.
final class HotspotsCommandTests: XCTestCase {
    /// Runs the debug build on the sample street; its exit status.
    func gridpin(_ arguments: [String]) throws -> Int32 { try Bundled.gridpin(arguments).status }

    /// The points of `HotspotsTests`: in the sample street's metres (EPSG:4545) a tight group of
    /// 12, a tight group of 6 300 m away, and 5 points 100 m apart — so with eps 10 m and 5
    /// points, clusters 0 and 1 and five noise points, worked out by hand.
    func testLabelsAloneAndGiStarFromAPlainFileEqualTheWholeRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-hotspots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        let projection = try Projection(from: "EPSG:4326", to: "EPSG:4545")
        var text = "id,lon,lat,category,reported_at\n"
        var metres: [(Double, Double, String)] = []
        for k in 0..<12 { metres.append((546_000 + Double(k % 4) * 3, 3_797_000 + Double(k / 4) * 3, "9301")) }
        for k in 0..<6 { metres.append((546_300 + Double(k % 3) * 3, 3_797_000 + Double(k / 3) * 3, "0506")) }
        for k in 0..<5 { metres.append((545_800 + Double(k) * 100, 3_797_200, "9201")) }
        for (i, m) in metres.enumerated() {
            let d = try projection.transform(Position(m.0, m.1), inverse: true)
            text += "p\(i),\(String(format: "%.9f", d.x)),\(String(format: "%.9f", d.y)),\(m.2),2022-07-15 10:00\n"
        }
        try text.write(toFile: path("points.csv"), atomically: true, encoding: .utf8)

        let dbscan = ["hotspots", "--method", "dbscan", "--eps", "10", "--min-points", "5", "--input", path("points.csv")]
        XCTAssertEqual(try gridpin(dbscan + ["--labels", path("alone.csv")]), 0)
        XCTAssertEqual(try gridpin(dbscan + ["--labels", path("whole.csv"), "-o", path("clusters.geojson")]), 0)
        let expected = "id,cluster\n" + metres.indices.map { i in "p\(i),\(i < 12 ? 0 : i < 18 ? 1 : -1)\n" }.joined()
        XCTAssertEqual(try String(contentsOfFile: path("alone.csv"), encoding: .utf8), expected)
        XCTAssertEqual(try String(contentsOfFile: path("whole.csv"), encoding: .utf8), expected)

        // Gi*: unfiltered, points only placed; filtered by every category present, the whole way.
        let gistar = ["hotspots", "--method", "gistar", "--cell", "100", "--all", "--input", path("points.csv")]
        XCTAssertEqual(try gridpin(gistar + ["-o", path("placed.geojson")]), 0)
        XCTAssertEqual(try gridpin(gistar + ["--category", "9301,0506,9201", "-o", path("located.geojson")]), 0)
        let placed = try Data(contentsOf: URL(fileURLWithPath: path("placed.geojson")))
        XCTAssertGreaterThan(placed.count, 1000)
        XCTAssertEqual(placed, try Data(contentsOf: URL(fileURLWithPath: path("located.geojson"))))

        // Neither -o nor DBSCAN's --labels: refused.
        XCTAssertNotEqual(try gridpin(["hotspots", "--method", "gistar", "--input", path("points.csv")]), 0)
    }
}
