import Foundation
import XCTest
@testable import GridLedger
@testable import GridPin

/// `kill -9` in the middle of a large import leaves the ledger exactly as it was.
final class KillTests: XCTestCase {
    func testKillingAnImportMidwayChangesNothing() throws {
        let binary = Bundled.root.appendingPathComponent(".build/debug/gridpin")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("no debug build of gridpin at \(binary.path) (make test builds it)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("ledger.sqlite").path

        // A ledger with three cases in it.
        let small = folder.appendingPathComponent("small.csv").path
        try """
        source_ref,category,lon,lat,reported_at
        A-1,0506,108.50122,34.294608,2022-07-15 10:00
        A-2,9201,108.496209,34.298367,2022-07-15 11:00
        A-3,9701,108.50303,34.305164,2022-07-16 09:00

        """.write(toFile: small, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(binary, ["import", small, "--db", db, "--geodata", Bundled.root.appendingPathComponent("geodata").path,
                                        "--resources", Bundled.resources.path]), 0)
        let before = try snapshot(db)
        XCTAssertEqual(before.cases, 3)

        // 120,000 rows on a lattice well inside the street, each its own ticket and category.
        let big = folder.appendingPathComponent("big.csv").path
        var text = "source_ref,category,lon,lat,reported_at\n"
        let categories = ["0506", "0505", "9201", "9401", "0110", "9402", "0102", "9202"]
        for i in 0..<120_000 {
            let lon = 108.4975 + Double(i % 300) * 0.00002, lat = 34.2975 + Double(i / 300) * 0.0000125
            text += "B-\(i),\(categories[i % categories.count]),\(lon),\(lat),2022-08-\(String(format: "%02d", 1 + i % 28)) 10:00\n"
        }
        try text.write(toFile: big, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", big, "--db", db, "--skip-bad", "--geodata", Bundled.root.appendingPathComponent("geodata").path,
                             "--resources", Bundled.resources.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the import's transaction is writing pages (the write-ahead log grows past
        // 8 MB, which SQLite only does once the page cache is full), then kill it.
        let wal = db + "-wal"
        var killed = false
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 8 << 20 {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        XCTAssertTrue(killed, "the import finished before it could be killed mid-transaction")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)

        let after = try snapshot(db)
        XCTAssertEqual(after.cases, before.cases)
        XCTAssertEqual(after.reports, before.reports)
        XCTAssertEqual(after.numbers, before.numbers)
        XCTAssertEqual(after.integrity, "ok")
    }

    func run(_ binary: URL, _ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func snapshot(_ path: String) throws -> (cases: Int, reports: Int, numbers: [String], integrity: String) {
        let ledger = try Ledger(path: path)
        let (cases, reports) = try ledger.count()
        return (cases, reports, try ledger.allCases().map(\.number), try ledger.integrityCheck())
    }
}
