import Foundation
import GridGeo
import XCTest

/// Checks a GeoJSON file the way an analyst's tools will read it: GDAL's `ogrinfo` (Debian's
/// gdal-bin) must open it without a warning, and every polygon must wind as RFC 7946 §3.1.6 asks
/// (exterior rings counter-clockwise, holes clockwise), read back with Foundation's JSON parser
/// rather than gridpin's own.
enum GDALCheck {
    static let ogrinfo = "/usr/bin/ogrinfo"

    /// Writes `features` with `columns` to a temporary file and checks it; returns ogrinfo's summary.
    static func check(_ features: [(id: FeatureID, geometry: Geometry, values: [JSONValue])], columns: [PropertyColumn],
                      file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: ogrinfo) else { throw XCTSkip("ogrinfo (gdal-bin) is not installed") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-\(UUID().uuidString).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try TextOutput(path: path)
        let writer = GeoJSONWriter(output: out, columns: columns, layout: .collection)
        for f in features { try writer.write(id: f.id, geometry: f.geometry, values: f.values) }
        try writer.finish()
        try out.close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ogrinfo)
        process.arguments = ["-ro", "-al", "-so", path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout; process.standardError = stderr
        try process.run()
        let text = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let warnings = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, file: file, line: line)
        XCTAssertEqual(warnings, "", file: file, line: line)
        XCTAssertTrue(text.contains("Feature Count: \(features.count)"), text, file: file, line: line)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        for feature in json?["features"] as? [[String: Any]] ?? [] {
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else { continue }
            let polygons: [[[[Double]]]]
            switch type {
            case "Polygon": polygons = [geometry["coordinates"] as? [[[Double]]] ?? []]
            case "MultiPolygon": polygons = geometry["coordinates"] as? [[[[Double]]]] ?? []
            default: continue
            }
            for rings in polygons {
                for (k, ring) in rings.enumerated() {
                    var twice = 0.0
                    for i in 0..<(ring.count - 1) { twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
                    XCTAssertEqual(twice > 0, k == 0, "feature \(feature["id"] ?? "?") ring \(k) winds the wrong way",
                                   file: file, line: line)
                    XCTAssertEqual(ring.first, ring.last, "ring \(k) is not closed", file: file, line: line)
                }
            }
        }
        return text
    }
}
