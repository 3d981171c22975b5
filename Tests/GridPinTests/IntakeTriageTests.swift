import XCTest
import GridGeo
@testable import GridPin

final class IntakeTriageTests: XCTestCase {
    /// A plain file of good and bad rows, read on one thread in one chunk and on two threads in
    /// chunks of two: every row comes back in file order with what the hand-worked expectations
    /// say (units from the seed plan, as RulesTests works them out), and the reason is left out
    /// only when asked.
    func testRowsComeBackInOrderWithTheirTriageOnAnyNumberOfThreads() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-intake.csv").path
        try """
        id,lon,lat,category,reported_at
        a,108.50111,34.302159,9301,2022-09-01T10:00:00+08:00
        b,108.50122,34.294608,0506,2022-09-01T10:05:00+08:00
        c,108.50122,34.294608,7777,2022-09-01T10:10:00+08:00
        d,107.9,34.3,0506,2022-09-01T10:15:00+08:00
        e,108.5,34.3
        f,108.496209,34.298367,9201,2022-09-01T10:20:00+08:00

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let street = try Bundled.street()
        let office = try Office.load(street: street, resources: Bundled.resources)
        let locator = try Locator(street: street)
        /// Each row as "id lead/support", or "id not read/not placed: its reason up to the first ';'".
        func read(workers: Int, chunk: Int, reasons: Bool) throws -> [String] {
            var intake = IntakeTriage(office: office, locator: locator)
            intake.workers = workers; intake.chunkSize = chunk; intake.reasons = reasons
            var out: [String] = []
            try intake.forEach(try IntakeFile(path: path, crs: .wgs84, source: .inspection, office: office), transform: { row, triaged -> String in
                switch triaged {
                case .success(let t)?:
                    return "\(t.problem.sourceRef ?? "?") \(t.assignment.lead.joined(separator: ";"))/\(t.assignment.support.joined(separator: ";"))"
                        + (t.assignment.reason.isEmpty ? "" : " reason")
                case .failure(let e)?: return "\(row.fields[0]) not placed: \("\(e)".split(separator: ";")[0])"
                case nil: return "\(row.fields[0]) not read: \((row.reason ?? "").split(separator: ";")[0])"
                }
            }) { out.append($0) }
            return out
        }
        let expected = [
            "a cmo/619901001003;og-4;mlps reason",
            "b ecs;cmo/og-4 reason",
            "c not read: unknown category \"7777\" 未知问题类型",
            "d not placed: (107.9000000, 34.3000000) is outside the street 不在本街道范围内",
            "e not read: 3 fields, the header has 5 字段数与表头不符",
            "f cmo;ems/619901001004 reason",
        ]
        XCTAssertEqual(try read(workers: 1, chunk: 100, reasons: true), expected)
        XCTAssertEqual(try read(workers: 2, chunk: 2, reasons: true), expected)
        XCTAssertEqual(try read(workers: 2, chunk: 4, reasons: false), expected.map { $0.replacingOccurrences(of: " reason", with: "") })
    }
}
