import Foundation
import XCTest
@testable import GridGeo

final class GeoJSONTests: XCTestCase {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + "-" + name).path
    }

    func testWrittenPolygonsFollowRFC7946Winding() throws {
        // A clockwise exterior with a counter-clockwise hole: both the wrong way round.
        let polygon = Geometry.polygon([
            [Position(0, 0), Position(0, 4), Position(4, 4), Position(4, 0), Position(0, 0)],
            [Position(1, 1), Position(3, 1), Position(3, 3), Position(1, 3), Position(1, 1)],
        ])
        let path = tempPath("w.geojson")
        let out = try TextOutput(path: path)
        let writer = GeoJSONWriter(output: out, columns: [PropertyColumn("n", .integer)], layout: .collection)
        try writer.write(id: .string("a"), geometry: polygon, values: [.integer(1)])
        try writer.write(id: .number(2), geometry: .multiPolygon([polygon.polygons[0]]), values: [.null])
        XCTAssertEqual(try writer.finish(), 2)
        try out.close()
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(features.count, 2)
        for f in features {
            let rings = f.geometry!.polygons[0]
            XCTAssertGreaterThan(signedArea(ofRing: rings[0]), 0, "exterior counter-clockwise")
            XCTAssertLessThan(signedArea(ofRing: rings[1]), 0, "hole clockwise")
            XCTAssertEqual(rings[0].first, rings[0].last, "closed")
        }
        XCTAssertEqual(features[0].id, .string("a"))
        XCTAssertEqual(features[1].id, .number(2))
        XCTAssertEqual(features[1].properties["n"], .null)
    }

    func testSevenDecimalsNoNaNAndStableTypes() throws {
        var out: [UInt8] = []
        let encoder = FeatureEncoder(columns: [PropertyColumn("d", .number(decimals: 2)), PropertyColumn("s", .string)])
        try encoder.append(id: .number(1), geometry: .point(Position(108.123456789, -34.1)), values: [.number(.nan), .string("东\"关")], to: &out)
        let text = String(decoding: out, as: UTF8.self)
        XCTAssertEqual(text, #"{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[108.1234568,-34.1]},"properties":{"d":null,"s":"东\"关"}}"#)
        XCTAssertThrowsError(try encoder.append(id: .number(2), geometry: nil, values: [.string("x")], to: &out))
    }

    func testNumberFormatting() {
        func f(_ v: Double, _ d: Int) -> String {
            var out: [UInt8] = []
            TextFormat.appendNumber(v, decimals: d, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(f(108.5, 7), "108.5")
        XCTAssertEqual(f(-3, 7), "-3")
        XCTAssertEqual(f(0.00000004, 7), "0")
        XCTAssertEqual(f(0.00000006, 7), "0.0000001")
        XCTAssertEqual(f(-0.00000006, 7), "-0.0000001")
        XCTAssertEqual(f(46.029374, 2), "46.03")
        XCTAssertEqual(f(.infinity, 2), "null")
    }

    func testLinesLayoutWritesOneFeaturePerLine() throws {
        let path = tempPath("l.geojsonl")
        XCTAssertEqual(GeoJSONWriter.layout(forPath: path), .lines)
        let out = try TextOutput(path: path)
        let writer = GeoJSONWriter(output: out, columns: [], layout: .lines)
        for i in 1...3 { try writer.write(id: .number(i), geometry: .point(Position(1, 2)), values: []) }
        try writer.finish(); try out.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for line in lines { XCTAssertEqual(try GeoJSONReader.read(Data(line.utf8), source: "l").count, 1) }
    }

    func testReaderNamesTheFeatureAndTheProblem() {
        let bad = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"g1","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#
        XCTAssertThrowsError(try GeoJSONReader.read(Data(bad.utf8), source: "grids.geojson")) { error in
            XCTAssertEqual("\(error)", "grids.geojson: feature 1 (id g1): ring 0 has 3 positions; a ring needs at least 4")
        }
        XCTAssertThrowsError(try GeoJSONReader.read(Data("{".utf8), source: "x.geojson"))
    }

    /// Coordinates are read straight into positions; what the reader gives is what the text
    /// says, whatever the order of members: worked out by reading the text.
    func testReaderTakesMembersInAnyOrderAndDropsWhatItDoesNotNeed() throws {
        let text = """
        {"features":[
          {"geometry":{"coordinates":[[[0,0],[4,0],[4,3.5],[0,3.5]]],"bbox":[0,0,4,3.5],"type":"Polygon"},
           "properties":{"coordinates":[1,2],"name":"甲","geometry":null},"type":"Feature","id":7},
          {"type":"Feature","properties":null,"geometry":{"type":"LineString","coordinates":[[1,2,30],[3,4,-5.5]]}},
          {"type":"Feature","id":"p","properties":{},"geometry":{"type":"MultiPoint","coordinates":[]}},
          {"type":"Feature","properties":{},"geometry":null,"id":"none"}
        ],"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"id":"first","id":"second"}
        """
        let features = try GeoJSONReader.read(Data(text.utf8), source: "t.geojson")
        XCTAssertEqual(features.count, 4)
        // The unclosed ring is closed; "bbox" is dropped.
        XCTAssertEqual(features[0].id, .number(7))
        XCTAssertEqual(features[0].geometry, .polygon([[Position(0, 0), Position(4, 0), Position(4, 3.5), Position(0, 3.5), Position(0, 0)]]))
        // Members of properties are values, whatever their names.
        XCTAssertEqual(features[0].properties, ["coordinates": .array([.integer(1), .integer(2)]), "name": .string("甲"), "geometry": .null])
        // Heights are read and dropped.
        XCTAssertNil(features[1].id)
        XCTAssertEqual(features[1].geometry, .lineString([Position(1, 2), Position(3, 4)]))
        XCTAssertEqual(features[2].geometry, .multiPoint([]))
        XCTAssertEqual(features[3].id, .string("none"))
        XCTAssertNil(features[3].geometry)
    }

    /// On every layer of the sample street, reading coordinates as positions gives what the
    /// general reader gives from the parsed values (`JSONValue`, then `geometry(_:where:)`).
    func testReaderAgreesWithTheGeneralReaderOnTheSampleStreet() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("geodata")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".geojson") }
        XCTAssertGreaterThanOrEqual(files.count, 9)
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let features = try GeoJSONReader.read(data, source: name)
            guard case .object(let root) = try JSONValue(parsing: data), case .array(let items)? = root["features"] else {
                return XCTFail("\(name) is not a FeatureCollection")
            }
            XCTAssertEqual(features.count, items.count, name)
            for (feature, item) in zip(features, items) {
                guard case .object(let o) = item, let g = o["geometry"] else { return XCTFail("\(name): a feature without geometry") }
                XCTAssertEqual(feature.geometry, try GeoJSONReader.geometry(g, where: name), name)
                guard case .object(let properties)? = o["properties"] else { return XCTFail("\(name): a feature without properties") }
                XCTAssertEqual(feature.properties, properties, name)
            }
        }
    }

    /// Coordinates of the wrong shape get the same message as before they were read as positions.
    func testReaderNamesCoordinatesOfTheWrongShape() {
        func message(_ geometry: String) -> String? {
            let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":"# + geometry + "}]}"
            do { _ = try GeoJSONReader.read(Data(text.utf8), source: "s.geojson"); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(message(#"{"type":"Point","coordinates":[1]}"#),
                       "s.geojson: feature 1: a position must be an array of at least two numbers, got [1]")
        XCTAssertEqual(message(#"{"type":"LineString","coordinates":[[1,2]]}"#),
                       "s.geojson: feature 1: a line needs at least 2 positions, got 1")
        XCTAssertEqual(message(#"{"type":"LineString","coordinates":[[1,2],[3,"4"]]}"#),
                       "s.geojson: feature 1: a position must be an array of at least two numbers, got [3,\"4\"]")
        XCTAssertEqual(message(#"{"type":"Polygon","coordinates":[]}"#), "s.geojson: feature 1: the Polygon has no rings")
        XCTAssertEqual(message(#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#),
                       "s.geojson: feature 1: a position must be an array of at least two numbers, got 1")
        XCTAssertEqual(message(#"{"type":"Polygon"}"#), "s.geojson: feature 1: the Polygon has no \"coordinates\"")
        XCTAssertEqual(message(#"{"type":"GeometryCollection","geometries":[]}"#),
                       "s.geojson: feature 1: geometry type \"GeometryCollection\" is not supported (Point, LineString, Polygon and their Multi forms are)")
        XCTAssertEqual(message(#"{"coordinates":[1,2]}"#), "s.geojson: feature 1: the geometry has no \"type\"")
        // A syntax error inside coordinates is the parser's, with its place.
        XCTAssertEqual(message(#"{"type":"Point","coordinates":[1,2,]}"#),
                       "s.geojson: not valid JSON (line 1, column 121: a comma must not come before ']')")
    }

    func testMakeValidRepairsABowTie() throws {
        let engine = GeometryEngine()
        let bowTie = Geometry.polygon([[Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]])
        XCTAssertNotNil(try engine.invalidityReason(bowTie))
        let fixed = try engine.makeValid(bowTie)
        XCTAssertNil(try engine.invalidityReason(fixed))
        XCTAssertEqual(try engine.area(fixed), 2, accuracy: 1e-12)   // two triangles of area 1
    }

    /// Read one by one, each bad feature is a problem naming it (with its id and properties when
    /// those are sound) and the good ones around it are features; the strict reader stops at the first.
    func testEachFeatureReadsOrNamesItsProblem() throws {
        let text = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","id":"a","properties":{"n":1},"geometry":{"type":"Point","coordinates":[1,2]}},
         {"type":"Feature","id":"b","properties":{"n":2},"geometry":{"type":"Point","coordinates":["x",2]}},
         {"type":"Feature","id":3,"properties":[1],"geometry":null},
         {"type":"Point","coordinates":[1,2]},
         {"type":"Feature","properties":null,"geometry":null}]}
        """
        let items = try GeoJSONReader.readEach(Data(text.utf8), source: "p.geojson")
        XCTAssertEqual(items.count, 5)
        XCTAssertEqual(try items[0].get(), Feature(id: .string("a"), geometry: .point(Position(1, 2)), properties: ["n": .integer(1)]))
        XCTAssertEqual(try items[4].get(), Feature(geometry: nil))
        func problem(_ k: Int) -> FeatureProblem? { if case .failure(let p) = items[k] { p } else { nil } }
        XCTAssertEqual(problem(1)?.description, "feature 2 (id b): a position must be an array of at least two numbers, got [\"x\",2]")
        XCTAssertEqual(problem(1)?.properties, ["n": .integer(2)])
        XCTAssertEqual(problem(2)?.description, "feature 3 (id 3): \"properties\" must be an object or null")
        XCTAssertEqual(problem(3)?.description, "feature 4: not a GeoJSON Feature")
        XCTAssertThrowsError(try GeoJSONReader.read(Data(text.utf8), source: "p.geojson")) { error in
            XCTAssertEqual("\(error)", "p.geojson: feature 2 (id b): a position must be an array of at least two numbers, got [\"x\",2]")
        }
    }
}
