import Foundation
import XCTest

/// `gridpin convert` on a CSV reads coordinates as join and import do: finite decimal numbers.
final class ConvertCommandTests: XCTestCase {
    func testRowsWithoutTwoDecimalNumbersAreLeftOutAndNamed() throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-convert-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: input) }
        // Line 3: C's hexadecimal for 108, which Double(String) reads; line 4: not finite; line 5: short.
        try Data("id,lon,lat\n1,108.5,34.3\n2,0x6Cp0,34.3\n3,nan,34.3\n4,1\n".utf8).write(to: input)
        let (status, o, e) = try Bundled.gridpin(["convert", input.path, "--from", "wgs84", "--to", "gcj02"], street: false)
        XCTAssertEqual(status, 1)
        let lines = o.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, o)
        XCTAssertTrue(lines.last?.hasPrefix("1,108.50") == true, o)
        for line in [3, 4, 5] { XCTAssertTrue(e.contains("line \(line): "), e) }
        XCTAssertTrue(e.contains("(0x6Cp0, 34.3) are not two numbers"), e)
    }
}
