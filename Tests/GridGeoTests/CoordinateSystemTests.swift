import XCTest
@testable import GridGeo

/// Expected values are PROJ's own `cs2cs` output (PROJ 9.1.1):
///   echo 34.3 108.5 | cs2cs -f %.6f EPSG:4490 EPSG:4545  →  3797052.153225  546029.588192
///   echo 34.3 108.5 | cs2cs -f %.6f EPSG:4490 EPSG:4524  →  3797052.153225  36546029.588192
///   echo 4000000 36500000 | cs2cs -f %.9f EPSG:4524 EPSG:4490  →  36.130292921  108.000000000
/// (EPSG gives these systems northing first; gridpin takes and gives easting first.)
final class CoordinateSystemTests: XCTestCase {
    func testParsesNames() {
        XCTAssertEqual(CoordinateSystem("wgs84"), .wgs84)
        XCTAssertEqual(CoordinateSystem("EPSG:4326"), .wgs84)
        XCTAssertEqual(CoordinateSystem("GCJ-02"), .gcj02)
        XCTAssertEqual(CoordinateSystem("bd09"), .bd09)
        XCTAssertEqual(CoordinateSystem("epsg:4490"), .cgcs2000)
        XCTAssertEqual(CoordinateSystem("EPSG:4545"), .gaussKruger(epsg: 4545))
        XCTAssertNil(CoordinateSystem("EPSG:3857"))
        XCTAssertNil(CoordinateSystem("mars"))
    }

    func testGaussKrugerZoneWithoutPrefixAgainstCs2cs() throws {
        let c = try CoordinateConverter(from: .cgcs2000, to: .gaussKruger(epsg: 4545))
        let p = try c.convert(Position(108.5, 34.3))
        XCTAssertEqual(p.x, 546029.588192, accuracy: 1e-4)
        XCTAssertEqual(p.y, 3797052.153225, accuracy: 1e-4)
    }

    func testGaussKrugerZonePrefixedAgainstCs2cs() throws {
        let c = try CoordinateConverter(from: .cgcs2000, to: .gaussKruger(epsg: 4524))
        let p = try c.convert(Position(108.5, 34.3))
        XCTAssertEqual(p.x, 36546029.588192, accuracy: 1e-4)
        XCTAssertEqual(p.y, 3797052.153225, accuracy: 1e-4)
    }

    func testGaussKrugerToWGS84AgainstCs2cs() throws {
        let c = try CoordinateConverter(from: .gaussKruger(epsg: 4524))
        let p = try c.convert(Position(36500000, 4000000))
        XCTAssertEqual(p.x, 108.0, accuracy: 1e-9)
        XCTAssertEqual(p.y, 36.130292921, accuracy: 1e-9)
    }

    func testZoneForLongitude() throws {
        XCTAssertEqual(try gaussKrugerEPSG(forLongitude: 108.5), 4545)   // CM 108°E
        XCTAssertEqual(try gaussKrugerEPSG(forLongitude: 75.2), 4534)    // CM 75°E
        XCTAssertEqual(try gaussKrugerEPSG(forLongitude: 134.9), 4554)   // CM 135°E
        XCTAssertThrowsError(try gaussKrugerEPSG(forLongitude: 2.3))
    }

    func testGCJ02ThroughTheConverter() throws {
        let c = try CoordinateConverter(from: .gcj02)
        let p = try c.convert(Position(116.41024449916938, 39.91640428150164))
        XCTAssertEqual(p.x, 116.404, accuracy: 1e-8)
        XCTAssertEqual(p.y, 39.915, accuracy: 1e-8)
    }

    func testEastingAlongAParallelMatchesAHandCalculation() throws {
        // On the central meridian's zone, a point 0.0005° east of 108°E at 34.3°N lies
        // N·cosφ·Δλ east of it (higher terms < 1e-9 m): N = a/√(1−e²sin²φ), GRS 80 / CGCS2000.
        let a = 6378137.0, e2 = 0.00669438002290
        let phi = 34.3 * Double.pi / 180
        let n = a / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let expected = n * cos(phi) * (0.0005 * Double.pi / 180)
        let p = try CoordinateConverter(from: .wgs84, to: .gaussKruger(epsg: 4545)).convert(Position(108.0005, 34.3))
        XCTAssertEqual(p.x - 500000, expected, accuracy: 0.001)
        XCTAssertEqual(expected, 46.029, accuracy: 0.001)
    }
}
