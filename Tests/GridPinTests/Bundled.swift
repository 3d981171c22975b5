import Foundation
@testable import GridPin

/// The sample street and office data that ship with the project.
enum Bundled {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geodata = root.appendingPathComponent("geodata")
    static let resources = root.appendingPathComponent("Resources")

    static func street() throws -> Street { try Street.load(from: geodata, resources: resources) }
}
