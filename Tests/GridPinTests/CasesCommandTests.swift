import Foundation
import XCTest

/// `gridpin cases` writes a case's position as it was reported, to the 7 decimals its `lon` and
/// `lat` columns declare, in every format (JSON once rounded it to 2 decimals, about 1 km).
final class CasesCommandTests: XCTestCase {
    /// Runs the debug build on the sample street; its standard output, once it exits with 0.
    func gridpin(_ arguments: [String]) throws -> String {
        let r = try Bundled.gridpin(arguments)
        XCTAssertEqual(r.status, 0, arguments.joined(separator: " ") + ": " + r.err)
        return r.out
    }

    func testPositionsKeepSevenDecimalsInJSONAndCSV() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-cases-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        // A point on 槐荫1巷 in the sample street, given in WGS 84 with 7 decimals.
        _ = try gridpin(["report", "--db", db, "--lon", "108.5012345", "--lat", "34.2946087", "--category", "0506",
                         "--by", "张三", "--at", "2022-07-15T09:30"])
        let json = try gridpin(["cases", "--db", db, "--format", "json"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?["lon"] as? Double, 108.5012345)
        XCTAssertEqual(rows.first?["lat"] as? Double, 34.2946087)
        let csv = try gridpin(["cases", "--db", db, "--format", "csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try XCTUnwrap(csv.first)
        let lon = try XCTUnwrap(header.firstIndex(of: "lon")), lat = try XCTUnwrap(header.firstIndex(of: "lat"))
        XCTAssertEqual(csv[1][lon], "108.5012345")
        XCTAssertEqual(csv[1][lat], "34.2946087")
    }
}
