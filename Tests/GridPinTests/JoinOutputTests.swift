import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// Where a join writes: standard output, a file replacing its own input, and nothing at all
/// when it fails part-way.
final class JoinOutputTests: FolderTestCase {
    func join(_ input: String, _ output: String, rejects: String? = nil) throws -> JoinSummary {
        let join = Join(locator: try Locator(street: TinyStreet.street()), crs: .wgs84)
        join.workers = 2; join.batchSize = 1000
        return try join.run(source: openPointSource(path: input, crs: .wgs84), output: output, rejects: rejects)
    }

    /// Rows far more than the reader's 1 MiB buffer: point (108.0005, 34.3003) lies in grid B1 of
    /// the tiny street (108.0–108.002 × 34.3–34.301), so every one is placed.
    func manyRows(_ n: Int) -> String {
        "id,lon,lat\n" + (0..<n).map { "\($0),108.0005,34.3003\n" }.joined()
    }

    /// Written over its own input, a join reads the whole input: before, the output truncated
    /// the input once the first megabyte had been read, and the rest was lost without a word.
    func testAJoinMayReplaceItsOwnInput() throws {
        let file = path("points.csv")
        let n = 80_000   // ~1.7 MB: "12345,108.0005,34.3003\n" is up to 23 bytes
        try manyRows(n).write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0, 1 << 20)
        let summary = try join(file, file)
        XCTAssertEqual([summary.rows, summary.placed], [n, n])
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, n + 1)
        XCTAssertTrue(lines[n].hasPrefix("\(n - 1),108.0005,34.3003,619901001002001,"), String(lines[n]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["points.csv"], "no temporary file is left")
    }

    /// A join that fails part-way — here its rejects cannot be written (their folder does not
    /// exist) when the bad row of line 3 comes — leaves the output as it was before.
    func testAFailedJoinLeavesNoHalfWrittenOutput() throws {
        let input = path("in.csv"), output = path("out.csv")
        try "id,lon,lat\n1,108.0005,34.3003\n2,abc,34.3\n".write(toFile: input, atomically: true, encoding: .utf8)
        try "before\n".write(toFile: output, atomically: true, encoding: .utf8)
        let rejects = path("missing/rejects.csv")
        XCTAssertThrowsError(try join(input, output, rejects: rejects)) { error in
            XCTAssertEqual("\(error)", "cannot write \(rejects): No such file or directory 无法写入文件")
        }
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "before\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["in.csv", "out.csv"])
    }

    /// The rejects may not be the output itself (both would be written at once).
    func testRejectsCannotBeTheOutput() {
        XCTAssertThrowsError(try Join.rejectsFile(output: "a/out.csv", rejects: "a/./out.csv"))
        XCTAssertThrowsError(try Join.rejectsFile(output: "-", rejects: "-"))
        XCTAssertEqual(try Join.rejectsFile(output: "-", rejects: nil), "rejects.csv")
        XCTAssertEqual(try Join.rejectsFile(output: "out/x.geojson", rejects: nil), URL(fileURLWithPath: "out/x.rejects.csv").path)
    }

    /// `gridpin join IN -o -` writes to standard output the bytes `-o FILE` writes to the file,
    /// its rejects to rejects.csv in the working folder, and says so on standard error.
    func testTheCommandWritesCSVToStandardOutput() throws {
        // On the sample street: the point of README's `locate` example, a row with a field
        // too many, and one outside the street.
        let input = path("in.csv")
        try "id,lon,lat\n1,108.5005,34.3010\n2,108.5005,34.3010,extra\n3,0,0\n".write(toFile: input, atomically: true, encoding: .utf8)
        func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            try Bundled.gridpin(["join", input] + arguments, in: folder)
        }
        let file = try run(["-o", path("file.csv")])
        XCTAssertEqual(file.status, 0, file.err)
        let piped = try run(["-o", "-"])
        XCTAssertEqual(piped.status, 0, piped.err)
        XCTAssertEqual(Data(piped.out.utf8), try Data(contentsOf: URL(fileURLWithPath: path("file.csv"))))
        XCTAssertEqual(piped.err, "3 rows: 1 located → standard output 标准输出; 2 rejected → rejects.csv。共 3 行，定位 1 行，拒收 2 行。\n")
        XCTAssertEqual(try String(contentsOfFile: path("rejects.csv"), encoding: .utf8),
                       try String(contentsOfFile: path("file.rejects.csv"), encoding: .utf8))
    }
}
