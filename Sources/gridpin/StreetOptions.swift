import ArgumentParser
import Foundation
import GridGeo
import GridPin

/// The street folder every command reads: `--geodata DIR`, else `GRIDPIN_GEODATA`, else the
/// bundled sample street.
struct StreetOptions: ParsableArguments {
    @Option(name: .long, help: "The street folder (default: $GRIDPIN_GEODATA, else the bundled sample street).")
    var geodata: String?

    var folder: URL {
        if let geodata { return URL(fileURLWithPath: geodata) }
        if let env = ProcessInfo.processInfo.environment["GRIDPIN_GEODATA"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return Self.bundledStreet
    }

    /// The sample street: `geodata/` beside the working folder, else in the source tree.
    static var bundledStreet: URL {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("geodata")
        if FileManager.default.fileExists(atPath: here.appendingPathComponent("grids.geojson").path) { return here }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("geodata")
    }

    /// Loads the street and warns (on stderr) about polygons that had to be repaired.
    func loadStreet() throws -> Street {
        let street = try Street.load(from: folder)
        for repair in street.repairs { printError("warning: \(repair)") }
        return street
    }
}

extension CoordinateSystem: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { ["wgs84", "gcj02", "bd09", "cgcs2000", "EPSG:4513…4554"] }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// A one-line progress counter on stderr, shown only when stderr is a terminal.
struct Progress {
    let enabled = isatty(2) == 1
    let label: String

    func update(_ count: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(label) \(count.formatted()) …".utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
