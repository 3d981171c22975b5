import Foundation
import XCTest
@testable import GridGeo

/// Outputs that cannot be written say so, and atomic outputs leave nothing half-written.
final class TextOutputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-TextOutputTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    /// A folder that does not exist: the path and the system's reason (ENOENT's text), in both languages.
    func testAMissingFolderIsNamed() {
        let path = folder.appendingPathComponent("nope/out.csv").path
        for atomically in [false, true] {
            XCTAssertThrowsError(try TextOutput(path: path, atomically: atomically)) { error in
                XCTAssertEqual("\(error)", "cannot write \(path): No such file or directory 无法写入文件")
            }
        }
    }

    /// /dev/full takes every open and refuses every write with ENOSPC (Linux full(4)); three
    /// bytes sit in the C library's buffer until close, which must report it, not drop it.
    func testAFullDiskShowsAtClose() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full")
        let out = try TextOutput(path: "/dev/full", atomically: true)   // a device: written in place, never renamed
        out.write("abc")
        XCTAssertThrowsError(try out.close()) { error in
            XCTAssertEqual("\(error)", "cannot write /dev/full: No space left on device 无法写入文件")
        }
    }

    /// An atomic output given up keeps the old file and leaves no temporary file; closed, it
    /// replaces the old file, while a reader opened before still reads the old bytes.
    func testAnAtomicOutputReplacesTheFileOnlyWhenClosed() throws {
        let path = folder.appendingPathComponent("out.csv").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let out = try TextOutput(path: path, atomically: true)
            out.write("half")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
        XCTAssertEqual(try contents(), ["out.csv"])

        let reader = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        let out = try TextOutput(path: path, atomically: true)
        out.write("new\n")
        try out.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self), "old\n")
        XCTAssertEqual(try contents(), ["out.csv"])
        // A new file gets the mode of any new file: 0666 less the umask.
        let mask = umask(0); umask(mask)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode, Int(0o666 & ~mask))
    }
}
