import Foundation
@testable import GridPin

/// The sample street and office data that ship with the project.
enum Bundled {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geodata = root.appendingPathComponent("geodata")
    static let resources = root.appendingPathComponent("Resources")

    static func street() throws -> Street { try Street.load(from: geodata, resources: resources) }

    static func catalogue() throws -> Catalogue {
        var problems: [String] = []
        let catalogue = try Catalogue.load(path: resources.appendingPathComponent(Catalogue.file).path, problems: &problems)
        if !problems.isEmpty { throw InputError(source: Catalogue.file, message: problems.joined(separator: "; ")) }
        return catalogue
    }
}
