import Foundation
import GridGeo
import XCTest
@testable import GridLedger
@testable import GridPin

final class ImportTests: LedgerTestCase {
    /// Three 12345 tickets in the sample street, far apart, with Chinese headers.
    let tickets = """
    工单号,问题类型,经度,纬度,上报时间,诉求内容
    T-001,0506,108.50122,34.294608,2022/7/15 10:00:00,人行道电动车乱停
    T-002,飞线充电,108.496209,34.298367,2022-07-15 11:30,楼上飞线充电
    T-003,9701,108.50303,34.305164,2022-07-16 09:00,小卖部向学生卖烟

    """

    func write(_ text: String, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importFile(_ path: String, skipBad: Bool = false, encoding: TextEncoding = .auto) throws -> ImportSummary {
        let file = try IntakeFile(path: path, crs: .wgs84, source: .hotline, encoding: encoding, office: office)
        var importer = Importer(office: office, locator: try Locator(street: office.street))
        importer.skipBad = skipBad
        return try importer.run(file, into: ledger, rejects: path + ".rejects.csv", by: "test", now: 1_660_000_000)
    }

    func testAGBKFileWithChineseHeadersImports() throws {
        let utf8 = try write(tickets, "utf8.csv")
        let gbk = folder.appendingPathComponent("gbk.csv").path
        // GBK bytes made by the system's iconv program, as a Windows export would hold them.
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GBK", utf8, "-o", gbk]
        try iconv.run()
        iconv.waitUntilExit()
        XCTAssertEqual(iconv.terminationStatus, 0)
        XCTAssertNil(String(data: try Data(contentsOf: URL(fileURLWithPath: gbk)), encoding: .utf8), "the file must not be UTF-8")

        let summary = try importFile(gbk)
        XCTAssertEqual(summary.opened, 3)
        let cases = try ledger.allCases()
        XCTAssertEqual(cases.map(\.category), ["0506", "9201", "9701"])
        XCTAssertEqual(cases.map(\.sourceRef), ["T-001", "T-002", "T-003"])
        XCTAssertEqual(cases[1].description, "楼上飞线充电")
        XCTAssertEqual(cases[0].source, .hotline)
        XCTAssertEqual(cases[2].leadUnits, ["mqeg", "mso"])
    }

    func testAUTF8FileWithABOMImports() throws {
        let path = try write("\u{FEFF}" + tickets, "bom.csv")
        XCTAssertEqual(try importFile(path).opened, 3)
    }

    func testOneBadRowLandsNothingWithoutSkipBad() throws {
        let bad = tickets.replacingOccurrences(of: "T-002,飞线充电,108.496209", with: "T-002,飞线充电,1084.96209")
        let path = try write(bad, "bad.csv")
        XCTAssertThrowsError(try importFile(path)) { error in
            XCTAssertTrue("\(error)".contains("line 3: longitude 1084.96209 is not a longitude"), "\(error)")
        }
        XCTAssertEqual(try ledger.count().cases, 0)

        let summary = try importFile(path, skipBad: true)
        XCTAssertEqual(summary.opened, 2)
        XCTAssertEqual(summary.rejected, 1)
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["T-001", "T-003"])
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertEqual(rejects.split(separator: "\n").count, 2)
        XCTAssertTrue(rejects.contains("line 3,longitude 1084.96209 is not a longitude (−180…180) 经度超出范围,T-002,飞线充电,1084.96209"), rejects)
    }

    func testAPointOutsideTheStreetIsABadRow() throws {
        let path = try write(tickets.replacingOccurrences(of: "108.50303,34.305164", with: "108.60303,34.305164"), "outside.csv")
        let summary = try importFile(path, skipBad: true)
        XCTAssertEqual(summary.opened, 2)
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 4,\"(108.6030300, 34.3051640) is outside the street"), rejects)
    }

    func testImportingTwiceAddsNothing() throws {
        let path = try write(tickets, "t.csv")
        XCTAssertEqual(try importFile(path).opened, 3)
        let again = try importFile(path)
        XCTAssertEqual(again.opened, 0)
        XCTAssertEqual(again.alreadyFiled, 3)
        XCTAssertEqual(try ledger.count().cases, 3)
        XCTAssertEqual(try ledger.count().reports, 0, "no further reports were linked")
    }

    func testMissingColumnsAreNamed() throws {
        let path = try write("工单号,经度,纬度\nT-1,108.5,34.3\n", "cols.csv")
        XCTAssertThrowsError(try importFile(path)) { error in
            XCTAssertTrue("\(error)".contains("no column for category"), "\(error)")
            XCTAssertTrue("\(error)".contains("reported_at"), "\(error)")
        }
    }

    /// A quote left open on line 3 makes that row run to the end of the file: it is rejected
    /// for that, and line 2 lands.
    func testAnOpenQuoteIsTheRowsReason() throws {
        let path = try write("""
            工单号,问题类型,经度,纬度,上报时间
            T-001,0506,108.50122,34.294608,2022/7/15 10:00:00
            T-002,"0506,108.50122,34.294608,2022/7/15 11:00:00
            T-003,0506,108.50122,34.294608,2022/7/15 12:00:00

            """, "open.csv")
        let summary = try importFile(path, skipBad: true)
        XCTAssertEqual([summary.rows, summary.opened, summary.rejected], [2, 1, 1])
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["T-001"])
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 3,\"\(CSVReader.openQuoteReason)\",T-002,\"0506,"), rejects)
    }

    /// A longitude in C's hexadecimal notation (0x6C.8 = 108.5, which Swift's `Double(_:)`
    /// reads) is not a number: the row is rejected, the others land.
    func testHexadecimalCoordinatesAreRejected() throws {
        let path = try write(tickets.replacingOccurrences(of: "T-001,0506,108.50122", with: "T-001,0506,0x6C.8"), "hex.csv")
        let summary = try importFile(path, skipBad: true)
        XCTAssertEqual([summary.opened, summary.rejected], [2, 1])
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 2,经度 is not a number 坐标不是数字,T-001,0506,0x6C.8,"), rejects)
    }

    /// A GeoJSON feature whose point cannot be read is one rejected row (its properties in the
    /// header's order, sorted); the others land.
    func testABadGeoJSONFeatureIsOneRejectedRow() throws {
        let path = try write("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"工单号":"G-1","问题类型":"0506","上报时间":"2022-07-15 10:00"},
              "geometry":{"type":"Point","coordinates":[108.50122,34.294608]}},
             {"type":"Feature","properties":{"工单号":"G-2","问题类型":"0506","上报时间":"2022-07-15 10:00"},
              "geometry":{"type":"Point","coordinates":[108.50122]}},
             {"type":"Feature","properties":{"工单号":"G-3","问题类型":"9201","上报时间":"2022-07-15 11:30"},
              "geometry":{"type":"Point","coordinates":[108.496209,34.298367]}}]}
            """, "points.geojson")
        let summary = try importFile(path, skipBad: true)
        XCTAssertEqual([summary.rows, summary.opened, summary.rejected], [3, 2, 1])
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["G-1", "G-3"])
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertTrue(rejects.contains("feature 2,\"a position must be an array of at least two numbers, got [108.50122]\",,,2022-07-15 10:00,G-2,0506"), rejects)
    }

    /// A GeoJSON feature's own text id is its reference when no property names one: the file
    /// imported again adds nothing. A feature with a numeric id (QGIS numbers them) or none has no
    /// reference and is filed again (here as a further report of its own open case, 0 m away).
    func testGeoJSONFeatureIdsAreReferences() throws {
        let path = try write("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","id":"G-1","properties":{"问题类型":"0506","上报时间":"2022-07-15 10:00"},
              "geometry":{"type":"Point","coordinates":[108.50122,34.294608]}},
             {"type":"Feature","id":"T-42","properties":{"问题类型":"9201","上报时间":"2022-07-15 11:30"},
              "geometry":{"type":"Point","coordinates":[108.496209,34.298367]}},
             {"type":"Feature","id":3,"properties":{"问题类型":"9401","上报时间":"2022-07-15 12:00"},
              "geometry":{"type":"Point","coordinates":[108.496209,34.298367]}}]}
            """, "ids.geojson")
        let first = try importFile(path, skipBad: true)
        XCTAssertEqual([first.rows, first.opened, first.alreadyFiled], [3, 3, 0])
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["G-1", "T-42", nil])
        let again = try importFile(path, skipBad: true)
        XCTAssertEqual([again.rows, again.opened, again.merged, again.alreadyFiled], [3, 0, 1, 2])
        XCTAssertEqual(try ledger.count().cases, 3)
    }

    /// A property that names the reference (工单号) is the reference, not the feature's own id.
    func testAReferencePropertyWinsOverTheFeatureId() throws {
        let path = try write("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","id":1,"properties":{"工单号":"G-9","问题类型":"0506","上报时间":"2022-07-15 10:00"},
              "geometry":{"type":"Point","coordinates":[108.50122,34.294608]}}]}
            """, "ticket.geojson")
        XCTAssertEqual(try importFile(path).opened, 1)
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["G-9"])
    }

    /// With `--encoding utf8` the file is not checked whole: a row whose text is not UTF-8
    /// (Latin-1 é is the lone byte E9) is rejected naming its column, not stored with U+FFFD.
    func testTextThatIsNotUTF8IsARejectedRowWithEncodingUTF8() throws {
        let path = folder.appendingPathComponent("latin1.csv").path
        var bytes = Array(tickets.utf8)
        let at = try XCTUnwrap(bytes.firstRange(of: Array("人行道电动车乱停".utf8)))
        bytes.replaceSubrange(at, with: Array("caf".utf8) + [0xE9])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let summary = try importFile(path, skipBad: true, encoding: .utf8)
        XCTAssertEqual([summary.opened, summary.rejected], [2, 1])
        XCTAssertEqual(try ledger.allCases().map(\.sourceRef), ["T-002", "T-003"])
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        XCTAssertTrue(rejects.contains("line 2,诉求内容 is not UTF-8 text: \(IntakeFile.notUTF8),T-001,"), rejects)
    }

    /// With --skip-bad, a bad row whose rejects cannot be written (their folder does not exist;
    /// /dev/full takes the file but not its bytes) must not let the good rows land unlisted:
    /// read one row a chunk, T-001 and T-002 are filed before line 4's bad row comes, and the
    /// transaction is rolled back. Before, they landed and the command failed afterwards.
    func testRejectsThatCannotBeWrittenLandNothing() throws {
        let path = try write(tickets.replacingOccurrences(of: "T-003,9701", with: "T-003,9999"), "bad-last.csv")
        var rejectsPaths = [folder.appendingPathComponent("missing/rejects.csv").path]
        if FileManager.default.fileExists(atPath: "/dev/full") { rejectsPaths.append("/dev/full") }
        for rejects in rejectsPaths {
            for skipBad in [true, false] {
                let file = try IntakeFile(path: path, crs: .wgs84, source: .hotline, office: office)
                var importer = Importer(office: office, locator: try Locator(street: office.street))
                importer.skipBad = skipBad; importer.chunkSize = 1; importer.workers = 1
                XCTAssertThrowsError(try importer.run(file, into: ledger, rejects: rejects, by: "test", now: 1_660_000_000)) { error in
                    XCTAssertTrue("\(error)".hasPrefix("line 4: unknown category \"9999\""), "\(error)")
                    XCTAssertTrue("\(error)".contains("nothing was imported"), "\(error)")
                    XCTAssertTrue("\(error)".contains("cannot write \(rejects)"), "\(error)")
                }
                XCTAssertEqual(try ledger.count().cases, 0, "\(rejects) \(skipBad)")
            }
        }
    }

    /// What README promises of a second import: rows with a reference add nothing (above); rows
    /// without one cannot be told from new reports. The three tickets without their numbers,
    /// imported twice: each row of the second import is within 0 m and 0 days of its own open
    /// case of the same category, so it is linked to it — 3 cases, 3 further reports.
    func testImportingTwiceWithoutReferencesLinksTheRowsAgain() throws {
        let path = try write(tickets.replacingOccurrences(of: "工单号,", with: "编号,"), "norefs.csv")
        XCTAssertFalse(try IntakeFile(path: path, crs: .wgs84, source: .hotline, office: office).hasSourceRefs)
        XCTAssertTrue(try IntakeFile(path: try write(tickets, "refs.csv"), crs: .wgs84, source: .hotline, office: office).hasSourceRefs)
        XCTAssertEqual(try importFile(path).opened, 3)
        let again = try importFile(path)
        XCTAssertEqual([again.opened, again.merged, again.alreadyFiled], [0, 3, 0])
        XCTAssertEqual([try ledger.count().cases, try ledger.count().reports], [3, 3])
    }

    /// A GBK file is read from a UTF-8 copy in the temporary folder; an import given up before
    /// the last row (here the file is dropped unread) removes the copy too.
    func testTheUTF8CopyOfAGBKFileIsRemoved() throws {
        let gbk = folder.appendingPathComponent("gbk.csv")
        try IntakeFile.utf8ToGB18030(tickets).write(to: gbk)
        var file: IntakeFile? = try IntakeFile(path: gbk.path, crs: .wgs84, source: .hotline, office: office)
        let copy = try XCTUnwrap(file?.reader?.path)
        XCTAssertNotEqual(copy, gbk.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy))
        file = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy))
    }

    /// Two category columns (问题类型 twice, columns 2 and 3): which one is meant cannot be
    /// told, so the file is refused naming both; before, the first was used without a word.
    func testTwoColumnsOfAFieldAreRefused() throws {
        let path = try write("工单号,问题类型,问题类型,经度,纬度,上报时间\nT-1,0506,9201,108.50122,34.294608,2022/7/15 10:00:00\n", "twice.csv")
        XCTAssertThrowsError(try importFile(path)) { error in
            XCTAssertEqual("\(error)", "\(path): line 1: columns 2 and 3 are both named \"问题类型\", and that column is read: rename one 列名重复")
        }
        XCTAssertEqual(try ledger.count().cases, 0)
    }
}
