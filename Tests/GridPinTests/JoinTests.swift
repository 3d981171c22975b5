import XCTest
import GridGeo
@testable import GridPin

final class JoinTests: XCTestCase {
    func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    func runJoin(_ csv: String, output: String, crs: CoordinateSystem = .wgs84, workers: Int = 2, batch: Int = 2) throws -> JoinSummary {
        let input = temp("in.csv")
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let join = Join(locator: try Locator(street: Street.load(from: TinyStreet.folder())), crs: crs)
        join.workers = workers; join.batchSize = batch
        return try join.run(source: openPointSource(path: input, crs: crs), output: output)
    }

    let input = """
    \u{FEFF}id,note,lon,lat\r
    1,"edge, shared",108.0,34.3005\r
    2,bad,abc,34.3\r
    3,far,107.9,34.3\r
    4,\"say \"\"hi\"\"\",108.0005,34.3003\r
    5,short,108.0\r
    6,range,1083.2,34.3\r
    7,hole,108.0014,34.2996\r

    """

    func testCSVCarriesColumnsAndRejectsBadRowsWithTheirLines() throws {
        let output = temp("out.csv")
        let summary = try runJoin(input, output: output)
        XCTAssertEqual(summary.rows, 7); XCTAssertEqual(summary.placed, 3); XCTAssertEqual(summary.rejected, 4)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows[0], "id,note,lon,lat," + Location.keys.joined(separator: ","))
        XCTAssertEqual(rows[1], "1,\"edge, shared\",108.0,34.3005,619901001001001,619901001001,,R01-1,中街,0,,,,,,og-1,true")
        XCTAssert(rows[2].hasPrefix("4,\"say \"\"hi\"\"\",108.0005,34.3003,619901001002001,619901001002,,R01-1,中街,46.03,"), rows[2])
        XCTAssert(rows[3].hasPrefix("7,hole,108.0014,34.2996,619901001002003,"), rows[3])
        XCTAssertEqual(rows.count, 4)
        let rejects = try String(contentsOfFile: try XCTUnwrap(summary.rejectsPath), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rejects, [
            "where,reason,id,note,lon,lat",
            "line 3,lon is not a number 坐标不是数字,2,bad,abc,34.3",
            "line 4,outside the street 不在本街道范围内,3,far,107.9,34.3",
            "line 6,\"3 fields, the header has 4 字段数与表头不符\",5,short,108.0",
            "line 7,longitude 1083.2 is not a longitude (−180…180) 经度超出范围,6,range,1083.2,34.3",
        ])
    }

    func testOneWorkerAndBigBatchesGiveTheSameFile() throws {
        let a = temp("a.csv"), b = temp("b.csv")
        _ = try runJoin(input, output: a, workers: 1, batch: 1000)
        _ = try runJoin(input, output: b, workers: 2, batch: 1)
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8), try String(contentsOfFile: b, encoding: .utf8))
    }

    func testGeoJSONOutputReadsBackWithIdsAndTypedProperties() throws {
        let output = temp("out.geojson")
        _ = try runJoin(input, output: output)
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: output))
        XCTAssertEqual(features.map(\.id), [.string("1"), .string("4"), .string("7")])
        XCTAssertEqual(features[0].properties["grid"], .string("619901001001001"))
        XCTAssertEqual(features[0].properties["near_boundary"], .bool(true))
        XCTAssertEqual(features[1].properties["road_distance_m"]?.double ?? 0, 46.03, accuracy: 1e-9)
        XCTAssertEqual(features[2].properties["road"], .null)
        XCTAssertEqual(features[0].geometry, .point(Position(108.0, 34.3005)))
    }

    func testGCJ02InputIsConvertedBeforeLocating() throws {
        let wgs = Position(108.0014, 34.2996)                      // inside B3
        let gcj = ChineseCoordinates.wgs84ToGCJ02(wgs)
        let output = temp("gcj.csv")
        let summary = try runJoin("id,lon,lat\n1,\(gcj.x),\(gcj.y)\n", output: output, crs: .gcj02)
        XCTAssertEqual(summary.placed, 1)
        let row = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")[1]
        XCTAssert(row.contains(",619901001002003,"), String(row))
    }

    func testFastNumberParsingIsExact() {
        for text in ["108.5012345", "-34.3", "0.1", "1e3", " 7 ", "123456789012345678901.5", "3.14159265358979323846"] {
            XCTAssertEqual(CSVFormat.parseDouble(Array(text.utf8)[...]), Double(text.trimmingCharacters(in: .whitespaces)), text)
        }
        XCTAssertNil(CSVFormat.parseDouble(Array("12a".utf8)[...]))
        XCTAssertNil(CSVFormat.parseDouble(Array("".utf8)[...]))
    }

    /// With a category column, each row says who must act and by when; the units are the seed's
    /// (see RulesTests for where they come from), the due times by hand.
    func testCategoriesAddWhoMustActAndWhen() throws {
        let input = temp("cat.csv"), output = temp("cat-out.csv")
        try """
        ticket,经度,纬度,问题类型,上报时间
        A,108.50122,34.294608,0506,2022-09-30 10:00
        B,108.50111,34.302159,摊位外溢,2022/9/30 17:00
        C,108.50303,34.305164,9701,
        D,108.503412,34.295044,0516,2022-09-30 10:00

        """.write(toFile: input, atomically: true, encoding: .utf8)
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let join = Join(locator: try Locator(street: street), crs: .wgs84)
        let source = try openPointSource(path: input, crs: .wgs84)
        join.categories = JoinCategories(columns: source.columns.map(\.name), responsibility: Responsibility(office: office))
        let summary = try join.run(source: source, output: output)
        XCTAssertEqual([summary.placed, summary.rejected], [3, 1])
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { CSVFormat.fields(Array($0.utf8)[...]) }
        let header = rows[0]
        XCTAssertEqual(Array(header.suffix(6)), ["category", "lead", "support", "rule", "reason", "due_at"])
        func value(_ row: Int, _ key: String) -> String { rows[row][header.firstIndex(of: key)!] }
        // A: on an alley, community 006, office group og-4; 4 working hours from Friday 10:00 → 16:00.
        XCTAssertEqual([value(1, "category"), value(1, "lead"), value(1, "support"), value(1, "rule"), value(1, "due_at")],
                       ["0506", "ecs;cmo", "og-4", "road-parking", "2022-09-30T16:00:00+08:00"])
        // B: stall spillover given by its name, 78 m from 东关农贸市场; 4 working hours from Friday
        // 17:00: 1 h on Friday, then 1–7 October off, 3 h from 08:30 on Saturday 8 October.
        XCTAssertEqual([value(2, "category"), value(2, "lead"), value(2, "support"), value(2, "due_at")],
                       ["9301", "cmo", "619901001003;og-4;mlps", "2022-10-08T11:30:00+08:00"])
        XCTAssertTrue(value(2, "reason").contains("78 m from 东关农贸市场 (surroundings 100 m)"), value(2, "reason"))
        // C: no report time, so no due time.
        XCTAssertEqual([value(3, "lead"), value(3, "due_at")], ["mqeg;mso", ""])
        let rejects = try String(contentsOfFile: try XCTUnwrap(summary.rejectsPath), encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 5,\"unknown category \"\"0516\"\""), rejects)
        XCTAssertTrue(rejects.contains("nearest 最接近: 0506"), rejects)
    }

    /// A record with quoted fields is read field by field, with the same answer as row A above.
    func testQuotedCategoryFieldsAreRead() throws {
        let input = temp("quoted.csv"), output = temp("quoted-out.csv")
        try """
        ticket,经度,纬度,问题类型,上报时间
        "A, again",108.50122,34.294608," 0506","2022-09-30 10:00"

        """.write(toFile: input, atomically: true, encoding: .utf8)
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let join = Join(locator: try Locator(street: street), crs: .wgs84)
        let source = try openPointSource(path: input, crs: .wgs84)
        join.categories = JoinCategories(columns: source.columns.map(\.name), responsibility: Responsibility(office: office))
        XCTAssertEqual(try join.run(source: source, output: output).placed, 1)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { CSVFormat.fields(Array($0.utf8)[...]) }
        XCTAssertEqual(Array(rows[1].suffix(6)).enumerated().filter { $0.offset != 4 }.map(\.element),
                       ["0506", "ecs;cmo", "og-4", "road-parking", "2022-09-30T16:00:00+08:00"])
    }

    /// Four-digit category codes are read as one word: digits only, exactly four of them.
    func testFourDigitCodes() {
        func read(_ text: String) -> Int? {
            var text = text
            return text.withUTF8 { JoinCategories.fourDigits($0) }
        }
        XCTAssertEqual(read("0504"), 504)
        XCTAssertEqual(read("9999"), 9999)
        XCTAssertEqual(read("0000"), 0)
        // '/' and ':' are the bytes either side of the digits; the rest are not digits or not four.
        for bad in ["/000", "000:", "05a4", "050", "05040", "05 4", "٠٥٠٤"] { XCTAssertNil(read(bad), bad) }
    }
}
