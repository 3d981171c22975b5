import Foundation
import XCTest
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

    /// The debug build of the command line (`make test` builds it).
    static let binary = root.appendingPathComponent(".build/debug/gridpin")

    /// Runs the debug build, on the sample street unless `street` is false, in `folder` when
    /// given: its exit status, standard output and standard error. Skips the test when there is
    /// no debug build.
    static func gridpin(_ arguments: [String], street: Bool = true, in folder: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("no debug build of gridpin at \(binary.path) (make test builds it)")
        }
        let p = Process(), out = Pipe(), err = Pipe()
        p.executableURL = binary
        if let folder { p.currentDirectoryURL = folder }
        p.arguments = arguments + (street ? ["--geodata", geodata.path, "--resources", resources.path] : [])
        p.standardOutput = out; p.standardError = err
        try p.run()
        // Read one after the other: the commands tested write little to standard error.
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
