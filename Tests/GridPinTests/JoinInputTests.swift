import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// Unusual and bad input to a join: each bad row is rejected with its line and reason, and the
/// good rows around it are placed.
final class JoinInputTests: FolderTestCase {
    /// Joins `text` (written as the file `name`) on the tiny street into `output`: the summary,
    /// the output's lines and the rejects' lines.
    func join(_ text: String, name: String = "in.csv", output: String = "out.csv") throws -> (JoinSummary, [String], [String]) {
        try join(file: try write(text, to: name), output: output)
    }

    func join(file input: String, output: String = "out.csv") throws -> (JoinSummary, [String], [String]) {
        let join = Join(locator: try Locator(street: TinyStreet.street()), crs: .wgs84)
        join.workers = 2; join.batchSize = 2
        let summary = try join.run(source: openPointSource(path: input, crs: .wgs84), output: path(output))
        func lines(_ p: String?) throws -> [String] {
            guard let p else { return [] }
            return try contents(p).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        return (summary, try lines(path(output)), try lines(summary.rejectsPath))
    }

    /// Joins the file `input` on the sample street into out.csv, adding who must act.
    func joinWithCategories(_ input: String) throws -> JoinSummary {
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let join = Join(locator: try Locator(street: street), crs: .wgs84)
        let source = try openPointSource(path: input, crs: .wgs84)
        join.categories = JoinCategories(columns: source.columns.map(\.name), responsibility: Responsibility(office: office))
        return try join.run(source: source, output: path("out.csv"))
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

    /// A header with both `x,y` and `lon,lat` is read by `lon,lat`, the names first in order of
    /// preference, wherever the columns stand: here x,y hold metres that are no longitude, and
    /// (108.0005, 34.3003) is in grid B1 of the tiny street.
    func testLonLatArePreferredToXY() throws {
        let (summary, out, _) = try join("x,y,lon,lat\n546029.59,3797052.15,108.0005,34.3003\n")
        XCTAssertEqual([summary.placed, summary.rejected], [1, 0])
        XCTAssertTrue(out[1].hasPrefix("546029.59,3797052.15,108.0005,34.3003,619901001002001,"), out[1])
    }

    /// Coordinates are decimal: "0x6Cp0" (108 in C's hexadecimal notation, which `strtod`
    /// reads) is not a number here, while an exponent is (1.080005e2 = 108.0005, in grid B1).
    func testHexadecimalIsNotANumber() throws {
        let (summary, out, rejects) = try join("id,lon,lat\n1,0x6Cp0,34.3005\n2,1.080005e2,34.3003\n")
        XCTAssertEqual([summary.placed, summary.rejected], [1, 1])
        XCTAssertTrue(out[1].hasPrefix("2,1.080005e2,34.3003,619901001002001,"), out[1])
        XCTAssertEqual(rejects[1], "line 2,lon is not a number 坐标不是数字,1,0x6Cp0,34.3005")
    }

    /// GeoJSON input: a feature that is not a sound Point is rejected with its name and reason,
    /// not the whole file; (108.0005, 34.3003) is in grid B1, (108.0014, 34.2996) in B3 (the
    /// hole of B2). Before, the first bad feature refused the file.
    func testBadFeaturesAreRejectedOneByOne() throws {
        let text = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","id":"a","properties":{"n":1},"geometry":{"type":"Point","coordinates":[108.0005,34.3003]}},
         {"type":"Feature","id":"b","properties":{"n":2},"geometry":{"type":"Point","coordinates":[108.0005]}},
         {"type":"Feature","id":"c","properties":{"n":3},"geometry":null},
         {"type":"Feature","id":"d","properties":{"n":4},"geometry":{"type":"LineString","coordinates":[[108,34.3],[108.001,34.3]]}},
         {"type":"Feature","id":"e","properties":{"n":5},"geometry":{"type":"GeometryCollection","geometries":[]}},
         {"type":"Feature","id":"f","properties":{"n":6},"geometry":{"type":"Point","coordinates":[108.0014,34.2996]}}]}
        """
        let (summary, out, rejects) = try join(text, name: "in.geojson")
        XCTAssertEqual([summary.rows, summary.placed, summary.rejected], [6, 2, 4])
        XCTAssertEqual(out.count, 3)
        // CSV carries each feature's id and point first (GeoJSON keeps them outside its properties).
        XCTAssertTrue(out[0].hasPrefix("id,lon,lat,n,grid,"), out[0])
        XCTAssertTrue(out[1].hasPrefix("a,108.0005,34.3003,1,619901001002001,"), out[1])
        XCTAssertTrue(out[2].hasPrefix("f,108.0014,34.2996,6,619901001002003,"), out[2])
        XCTAssertEqual(rejects, [
            "where,reason,id,lon,lat,n",
            "feature 2 (id b),\"a position must be an array of at least two numbers, got [108.0005]\",b,,,2",
            "feature 3 (id c),no geometry 缺少几何,c,,,3",
            "feature 4 (id d),\"geometry is a LineString, not a Point 几何不是点\",d,,,4",
            "feature 5 (id e),\"geometry type \"\"GeometryCollection\"\" is not supported (Point, LineString, Polygon and their Multi forms are)\",e,,,5",
        ])
    }

    /// GeoJSON to CSV: a feature without an id has an empty id (a number made up would read as a
    /// reference); a property already called `id` or `lat` (in any case) keeps its place and
    /// value, and no column of ours takes its name — neither coordinate, when either name is
    /// taken. GeoJSON output keeps the properties as they are.
    func testGeoJSONToCSVNamesEachFeatureAndItsPoint() throws {
        let text = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[108.0005,34.3003]}},
         {"type":"Feature","id":7,"properties":{"n":2},"geometry":{"type":"Point","coordinates":[108.0014,34.2996]}}]}
        """
        let (_, out, _) = try join(text, name: "plain.geojson")
        XCTAssertTrue(out[1].hasPrefix(",108.0005,34.3003,1,619901001002001,"), out[1])
        XCTAssertTrue(out[2].hasPrefix("7,108.0014,34.2996,2,619901001002003,"), out[2])
        let named = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","id":"f1","properties":{"ID":"mine","LAT":"north"},"geometry":{"type":"Point","coordinates":[108.0005,34.3003]}}]}
        """
        let (_, csv, _) = try join(named, name: "named.geojson")
        XCTAssertTrue(csv[0].hasPrefix("ID,LAT,grid,"), csv[0])
        XCTAssertTrue(csv[1].hasPrefix("mine,north,619901001002001,"), csv[1])
        _ = try join(text, name: "plain.geojson", output: "out.geojson")
        let feature = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path("out.geojson")))[1]
        XCTAssertEqual(feature.id, .number(7))
        XCTAssertNil(feature.properties["lon"], "GeoJSON output has the point as its geometry, not as properties")
        XCTAssertNil(feature.properties["id"])
    }

    /// What is not GeoJSON at all still refuses the file, saying where it breaks (line 2,
    /// column 1: the text ends inside the array).
    func testInvalidJSONIsNamedWhereItBreaks() throws {
        XCTAssertThrowsError(try join("{\"type\":\"FeatureCollection\",\"features\":[\n", name: "in.geojson")) { error in
            XCTAssertEqual("\(error)", "in.geojson: not valid JSON (line 2, column 1: expected a value, found the end of the text)")
        }
        // No features: an empty output, not an error.
        let (summary, out, rejects) = try join("{\"type\":\"FeatureCollection\",\"features\":[]}", name: "none.geojson")
        XCTAssertEqual([summary.rows, out.count, rejects.count], [0, 1, 0])
    }

    /// A GeoJSON feature holds each property once: an input with two columns of one name, or
    /// with a column the join adds (`grid`, from a file joined before), cannot be written as
    /// GeoJSON (one value would be lost) and is refused naming the column; CSV keeps both.
    func testGeoJSONOutputRefusesRepeatedNames() throws {
        XCTAssertThrowsError(try join("id,id,lon,lat\n1,2,108.0005,34.3003\n", output: "o.geojson")) { error in
            XCTAssertTrue("\(error)".hasSuffix("o.geojson: the input has two columns named \"id\", and a GeoJSON feature cannot hold both: rename one, or write .csv 输入有重名列"), "\(error)")
        }
        XCTAssertThrowsError(try join("id,grid,lon,lat\n1,mine,108.0005,34.3003\n", output: "o.geojsonl")) { error in
            XCTAssertTrue("\(error)".contains("the input's column \"grid\" is also a column join adds"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("o.geojson")))
        let (_, out, _) = try join("id,grid,lon,lat\n1,mine,108.0005,34.3003\n", output: "o.csv")
        XCTAssertTrue(out[1].hasPrefix("1,mine,108.0005,34.3003,619901001002001,"), out[1])
    }

    /// A field that is not UTF-8 (Latin-1 "café" is 63 61 66 E9; E9 must lead a three-byte
    /// sequence) is a rejected row naming the column, kept byte for byte in the rejects; rows of
    /// valid Chinese text around it are placed. Before, CSV output copied the bytes and GeoJSON
    /// output replaced them with U+FFFD, unseen.
    func testTextThatIsNotUTF8IsARejectedRow() throws {
        let input = path("latin1.csv")
        var bytes = Array("id,note,lon,lat\n1,中文,108.0005,34.3003\n2,caf".utf8)
        bytes += [0xE9] + Array(",108.0005,34.3003\n3,\"引号, 内\",108.0005,34.3003\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        for output in ["out.csv", "out.geojson"] {
            let (summary, _, _) = try join(file: input, output: output)
            XCTAssertEqual([summary.placed, summary.rejected], [2, 1], output)
            let rejects = try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(summary.rejectsPath)))
            let expected = "where,reason,id,note,lon,lat\nline 3,note is not UTF-8 text: \(CSVFormat.saveAsUTF8),2,caf"
            XCTAssertEqual(Array(rejects), Array(expected.utf8) + [0xE9] + Array(",108.0005,34.3003\n".utf8), output)
        }
    }

    /// A header that is not UTF-8 (a GBK export: 经度 is BE AD B6 C8 in GBK) refuses the file,
    /// saying so, instead of reporting that no longitude column was found.
    func testAGBKHeaderIsNamed() throws {
        let input = path("gbk.csv")
        try Data([0xBE, 0xAD, 0xB6, 0xC8] + Array(",lat\n108.0005,34.3003\n".utf8)).write(to: URL(fileURLWithPath: input))
        XCTAssertThrowsError(try join(file: input)) { error in
            XCTAssertEqual("\(error)", "\(input): line 1: the header is not UTF-8 text: \(CSVFormat.saveAsUTF8)")
        }
    }

    /// Categories by code, name or English name in any case, spaces around them: all are 9201;
    /// its 24 urgent hours run on the wall clock, so reported 2022-07-15 10:00 (02:00Z) it is due
    /// 2022-07-16 10:00 (+08:00). An unknown code is rejected naming the nearest (9201: one digit
    /// off with the same class, the lowest such code). The point is README's `locate` example
    /// on the sample street.
    func testCategoriesByCodeOrName() throws {
        let input = path("cats.csv")
        try """
        id,lon,lat,category,reported_at
        1,108.5005,34.3010, 9201 ,2022-07-15 10:00
        2,108.5005,34.3010,飞线充电,2022-07-15T10:00:00
        3,108.5005,34.3010,FLYING-LINE E-BIKE CHARGING,2022/7/15 10:00
        4,108.5005,34.3010,"Flying-line e-bike charging ",2022-07-15T02:00:00Z
        5,108.5005,34.3010,9209,2022-07-15 10:00

        """.write(toFile: input, atomically: true, encoding: .utf8)
        let summary = try joinWithCategories(input)
        XCTAssertEqual([summary.placed, summary.rejected], [4, 1])
        let rows = try String(contentsOfFile: path("out.csv"), encoding: .utf8).split(separator: "\n").map { CSVFormat.fields(Array($0.utf8)[...]) }
        // Flying-line charging is action 2 (community environment): lead City Management Office
        // and Emergency Station, support the community the point is in (西街社区 619901001002).
        let lead = rows[0].firstIndex(of: "lead")!, support = rows[0].firstIndex(of: "support")!, due = rows[0].firstIndex(of: "due_at")!
        XCTAssertEqual(rows.count, 5)
        for row in rows.dropFirst() {
            XCTAssertEqual([row[lead], row[support], row[due]], ["cmo;ems", "619901001002", "2022-07-16T10:00:00+08:00"], row[0])
        }
        let rejects = try String(contentsOfFile: try XCTUnwrap(summary.rejectsPath), encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 6,\"unknown category \"\"9209\"\" 未知问题类型; nearest 最接近: 9201 "), rejects)
    }

    /// A megabyte in the category or time field: the row is rejected with the text quoted to 40
    /// characters and its length (1,048,576), the row itself whole in the rejects. Before, the
    /// nearest codes to a megabyte of text took minutes of edit distances, and the reason held
    /// the whole megabyte.
    func testAVeryLongCategoryOrTimeIsQuotedShort() throws {
        let input = path("long.csv")
        let long = String(repeating: "x", count: 1 << 20), digits = String(repeating: "2", count: 1 << 20)
        try "id,lon,lat,category,reported_at\n1,108.5005,34.3010,\(long),2022-07-15\n2,108.5005,34.3010,9201,\(digits)\n"
            .write(toFile: input, atomically: true, encoding: .utf8)
        let summary = try joinWithCategories(input)
        XCTAssertEqual([summary.placed, summary.rejected], [0, 2])
        let rejects = try String(contentsOfFile: try XCTUnwrap(summary.rejectsPath), encoding: .utf8).split(separator: "\n")
        let x40 = String(repeating: "x", count: 40), two40 = String(repeating: "2", count: 40)
        XCTAssertTrue(rejects[1].hasPrefix("line 2,\"unknown category \"\"\(x40)… (1048576 characters)\"\" 未知问题类型; nearest 最接近: "), String(rejects[1].prefix(200)))
        XCTAssertTrue(rejects[1].hasSuffix(",1,108.5005,34.3010,\(long),2022-07-15"))
        XCTAssertTrue(rejects[2].hasPrefix("line 3,\"reported time \"\"\(two40)… (1048576 characters)\"\" is not a time"), String(rejects[2].prefix(200)))
    }

    /// Two columns of one name (compared in lower case) where that name is read — the
    /// longitude here — cannot be told apart: refused naming both (columns 1 and 3). Repeated
    /// names that are only carried (id) are kept, in CSV.
    func testARepeatedNameThatIsReadIsRefused() throws {
        XCTAssertThrowsError(try join("lon,lat,LON\n108.0005,34.3003,1\n")) { error in
            XCTAssertEqual("\(error)", "\(self.path("in.csv")): line 1: columns 1 and 3 are both named \"lon\", and that column is read: rename one 列名重复")
        }
        let (summary, out, _) = try join("id,id,lon,lat\n1,2,108.0005,34.3003\n")
        XCTAssertEqual(summary.placed, 1)
        XCTAssertTrue(out[0].hasPrefix("id,id,lon,lat,grid,"), out[0])
    }
}
