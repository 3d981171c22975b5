import ArgumentParser
import Foundation
import GridGeo
import GridPin

/// The street folder every command reads: `--geodata DIR`, else `GRIDPIN_GEODATA`, else the
/// bundled sample street; and the office's data (catalogue, rules, units, calendar): `--resources
/// DIR`, else `GRIDPIN_RESOURCES`, else the bundled `Resources/`.
struct StreetOptions: ParsableArguments {
    @Option(name: .long, help: "The street folder (default: $GRIDPIN_GEODATA, else the bundled sample street).")
    var geodata: String?
    @Option(name: .long, help: "The folder of catalogue.csv, rules.csv, units.csv, calendar.json (default: $GRIDPIN_RESOURCES, else the bundled Resources/); the street folder's own files win.")
    var resources: String?

    var folder: URL { Self.locate(geodata, environment: "GRIDPIN_GEODATA", bundled: "geodata", marker: "grids.geojson") }
    var resourcesFolder: URL { Self.locate(resources, environment: "GRIDPIN_RESOURCES", bundled: "Resources", marker: "rules.csv") }

    /// The folder given, else the environment's, else `bundled` beside the working folder, else
    /// in the source tree.
    static func locate(_ given: String?, environment: String, bundled: String, marker: String) -> URL {
        if let given { return URL(fileURLWithPath: given) }
        if let env = ProcessInfo.processInfo.environment[environment], !env.isEmpty { return URL(fileURLWithPath: env) }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(bundled)
        if FileManager.default.fileExists(atPath: here.appendingPathComponent(marker).path) { return here }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(bundled)
    }

    /// Loads the street and warns (on stderr) about polygons that had to be repaired.
    func loadStreet() throws -> Street {
        let street = try Street.load(from: folder, resources: resourcesFolder)
        for repair in street.repairs { printError("warning: \(repair)") }
        return street
    }

    /// Loads the office's catalogue, rules and calendar for a street.
    func loadOffice(_ street: Street) throws -> Office {
        try Office.load(street: street, resources: resourcesFolder)
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
