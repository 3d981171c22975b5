import XCTest
@testable import GridGeo

/// Published vectors: the coordtransform package's documented results for (116.404, 39.915).
final class ChineseCoordinatesTests: XCTestCase {
    let beijing = Position(116.404, 39.915)

    func testWGS84ToGCJ02MatchesPublishedVector() {
        let g = ChineseCoordinates.wgs84ToGCJ02(beijing)
        XCTAssertEqual(g.x, 116.41024449916938, accuracy: 1e-12)
        XCTAssertEqual(g.y, 39.91640428150164, accuracy: 1e-12)
    }

    func testGCJ02ToBD09MatchesPublishedVector() {
        let b = ChineseCoordinates.gcj02ToBD09(beijing)
        XCTAssertEqual(b.x, 116.41036949371029, accuracy: 1e-12)
        XCTAssertEqual(b.y, 39.92133699351021, accuracy: 1e-12)
    }

    func testBD09ToGCJ02AgreesWithPublishedClosedForm() {
        // The published closed form gives (116.39762729119315, 39.90865673957631); the iterated
        // inverse differs from it by well under 1e-5° and round-trips exactly.
        let g = ChineseCoordinates.bd09ToGCJ02(beijing)
        XCTAssertEqual(g.x, 116.39762729119315, accuracy: 1e-5)
        XCTAssertEqual(g.y, 39.90865673957631, accuracy: 1e-5)
        let back = ChineseCoordinates.gcj02ToBD09(g)
        XCTAssertEqual(back.x, beijing.x, accuracy: 1e-9)
        XCTAssertEqual(back.y, beijing.y, accuracy: 1e-9)
    }

    func testGCJ02ToWGS84InvertsThePublishedForwardVector() {
        // The forward vector read backwards: GCJ-02 (116.41024449916938, 39.91640428150164) is WGS 84 (116.404, 39.915).
        let w = ChineseCoordinates.gcj02ToWGS84(Position(116.41024449916938, 39.91640428150164))
        // 1e-6° is about 0.1 m; ask for a hundred times better.
        XCTAssertEqual(w.x, 116.404, accuracy: 1e-8)
        XCTAssertEqual(w.y, 39.915, accuracy: 1e-8)
    }

    func testRoundTripUnderATenthOfAMetreAcrossChina() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let p = Position(Double.random(in: 74...134, using: &random), Double.random(in: 18...53, using: &random))
            let back = ChineseCoordinates.gcj02ToWGS84(ChineseCoordinates.wgs84ToGCJ02(p))
            // metres: 1° latitude ≈ 111 km
            XCTAssertLessThan(hypot((back.x - p.x) * cos(p.y * .pi / 180), back.y - p.y) * 111_000, 0.1)
            let viaBaidu = ChineseCoordinates.bd09ToWGS84(ChineseCoordinates.wgs84ToBD09(p))
            XCTAssertLessThan(hypot((viaBaidu.x - p.x) * cos(p.y * .pi / 180), viaBaidu.y - p.y) * 111_000, 0.1)
        }
    }

    func testOutsideChinaIsLeftAlone() {
        let paris = Position(2.35, 48.85)
        XCTAssertEqual(ChineseCoordinates.wgs84ToGCJ02(paris), paris)
        XCTAssertEqual(ChineseCoordinates.gcj02ToWGS84(paris), paris)
        XCTAssertTrue(ChineseCoordinates.isOutsideChina(lon: 72.0, lat: 30))
        XCTAssertFalse(ChineseCoordinates.isOutsideChina(lon: 108.5, lat: 34.3))
    }

    func testShiftNearTheSampleStreetIsAFewHundredMetres() throws {
        // GCJ-02 moves points in Shaanxi by a few hundred metres: a sanity bound, not a vector.
        let g = ChineseCoordinates.wgs84ToGCJ02(Position(108.5, 34.3))
        let metres = hypot((g.x - 108.5) * cos(34.3 * .pi / 180), g.y - 34.3) * 111_000
        XCTAssert((100...800).contains(metres), "\(metres)")
    }
}
