import Foundation
import XCTest
@testable import GridPin

/// `gridpin locate` on bad or unusual options: clear errors from the command itself.
final class LocateCommandTests: XCTestCase {
    func locate(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try Bundled.gridpin(["locate"] + arguments)
    }

    /// The point of README's example; 9201 (flying-line charging) has 24 urgent hours, which run
    /// on the wall clock: reported 2022-07-15 10:00 → due 2022-07-16 10:00 (+08:00).
    func testTheCategoryMayBeANameWithSpaces() throws {
        for name in [" 飞线充电 ", "flying-line e-bike charging"] {
            let r = try locate(["--lon", "108.5005", "--lat", "34.3010", "--category", name, "--at", "2022-07-15T10:00", "--format", "json"])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains("\"category\": \"9201\""), r.out)
            XCTAssertTrue(r.out.contains("\"due_at\": \"2022-07-16T10:00:00+08:00\""), r.out)
        }
    }

    /// A day that does not exist is refused by the command (not with the root command's usage),
    /// and --at without --category, which it would only feed, is refused before any work.
    func testBadReportTimes() throws {
        let bad = try locate(["--lon", "108.5005", "--lat", "34.3010", "--category", "9201", "--at", "2022-02-30"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, "Error: --at: \"2022-02-30\" is not a time: write 2022-07-15T10:00, 2022-07-15 10:00:00+08:00 or 2022/7/15 10:00 不是有效时间\n")
        let alone = try locate(["--lon", "108.5005", "--lat", "34.3010", "--at", "2022-07-15"])
        XCTAssertEqual(alone.status, 64)   // EX_USAGE, as for every option refused before the run
        XCTAssertTrue(alone.err.hasPrefix("Error: --at is the report time for due_at: give --category too"), alone.err)
    }

    /// Coordinates that are not numbers, not finite or out of range are refused before any work
    /// (exit 64), in both languages; a point outside the street exits 2 (README).
    func testBadCoordinates() throws {
        let nan = try locate(["--lon", "nan", "--lat", "34.3"])
        XCTAssertEqual(nan.status, 64)
        XCTAssertTrue(nan.err.hasPrefix("Error: --lon and --lat must be finite numbers 经纬度必须是有限数字\n"), nan.err)
        let north = try locate(["--lon", "108.5", "--lat", "95"])
        XCTAssertEqual(north.status, 64)
        XCTAssertTrue(north.err.hasPrefix("Error: --lat 95.0 is not a latitude (−90…90) 纬度超出范围\n"), north.err)
        XCTAssertEqual(try locate(["--lon", "0", "--lat", "0"]).status, 2)
    }
}
