import Foundation
import XCTest
@testable import GridLedger
@testable import GridPin

/// The sample street and office data that ship with the project.
enum Bundled {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let resources = root.appendingPathComponent("Resources")

    static func office() throws -> Office {
        let street = try Street.load(from: root.appendingPathComponent("geodata"), resources: resources)
        return try Office.load(street: street, resources: resources)
    }
}

/// A test with a fresh ledger in a temporary folder (removed afterwards) and the bundled office.
class LedgerTestCase: XCTestCase {
    var folder: URL!
    var ledger: Ledger!
    var office: Office!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-\(Self.self)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger(path: folder.appendingPathComponent("test.sqlite").path)
        office = try Bundled.office()
    }

    override func tearDownWithError() throws {
        ledger = nil
        try FileManager.default.removeItem(at: folder)
    }
}
