import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// Unusual and bad input to a join: each bad row is rejected with its line and reason, and the
/// good rows around it are placed.
final class JoinInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-JoinInputTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Joins `text` (written as the file `name`) on the tiny street into `output`: the summary,
    /// the output's lines and the rejects' lines.
    func join(_ text: String, name: String = "in.csv", output: String = "out.csv") throws -> (JoinSummary, [String], [String]) {
        let input = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        return try join(file: input, output: output)
    }

    func join(file input: String, output: String = "out.csv") throws -> (JoinSummary, [String], [String]) {
        let join = Join(locator: try Locator(street: TinyStreet.street()), crs: .wgs84)
        join.workers = 2; join.batchSize = 2
        let summary = try join.run(source: openPointSource(path: input, crs: .wgs84), output: path(output))
        func lines(_ p: String?) throws -> [String] {
            guard let p else { return [] }
            return try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        return (summary, try lines(path(output)), try lines(summary.rejectsPath))
    }

    /// A quoted field left open: its row runs to the end of the file and is rejected for that
    /// (not for its field count); the rows before it are placed. (108.0005, 34.3003) is in grid
    /// B1 of the tiny street.
    func testAnOpenQuoteIsTheRowsReason() throws {
        let (summary, out, rejects) = try join("id,note,lon,lat\n1,a,108.0005,34.3003\n2,\"open,108.0005,34.3003\n3,b,108.0005,34.3003\n")
        XCTAssertEqual([summary.rows, summary.placed, summary.rejected], [2, 1, 1])
        XCTAssertTrue(out[1].hasPrefix("1,a,108.0005,34.3003,619901001002001,"), out[1])
        XCTAssertEqual(rejects[0], "where,reason,id,note,lon,lat")
        XCTAssertTrue(rejects[1].hasPrefix("line 3,\"\(CSVReader.openQuoteReason)\",2,\"open,"), rejects[1])
    }

    /// Coordinates are decimal: "0x6Cp0" (108 in C's hexadecimal notation, which `strtod`
    /// reads) is not a number here, while an exponent is (1.080005e2 = 108.0005, in grid B1).
    func testHexadecimalIsNotANumber() throws {
        let (summary, out, rejects) = try join("id,lon,lat\n1,0x6Cp0,34.3005\n2,1.080005e2,34.3003\n")
        XCTAssertEqual([summary.placed, summary.rejected], [1, 1])
        XCTAssertTrue(out[1].hasPrefix("2,1.080005e2,34.3003,619901001002001,"), out[1])
        XCTAssertEqual(rejects[1], "line 2,lon is not a number,1,0x6Cp0,34.3005")
    }
}
