import XCTest
@testable import GridGeo

/// Transformations made from a cached PROJ string give the same numbers, bit for bit, as those
/// PROJ's database search makes.
final class ProjectionTests: XCTestCase {
    func testCopiesFromTheCachedPipelineGiveIdenticalNumbers() throws {
        for (source, target, lon, lat) in [("EPSG:4326", "EPSG:4545", 108.5, 34.3), ("EPSG:4545", "EPSG:4326", 546_000.0, 3_797_000.0),
                                           ("EPSG:4490", "EPSG:4524", 108.5, 34.3), ("EPSG:4326", "EPSG:4490", 108.5, 34.3)] {
            let searched = try Projection(from: source, to: target, reusingOperation: false)
            _ = try Projection(from: source, to: target)              // makes sure the pair is cached
            let copy = try Projection(from: source, to: target)
            XCTAssertNotNil(copy.projString)
            XCTAssertEqual(copy.projString, searched.projString)
            var random = SeededRandom(seed: 11)
            let scale = source == "EPSG:4545" ? 20_000.0 : 0.5
            var xs = (0..<2000).map { _ in lon + random.uniform(-scale, scale) }
            var ys = (0..<2000).map { _ in lat + random.uniform(-scale, scale) }
            var xs2 = xs, ys2 = ys
            searched.transform(xs: &xs, ys: &ys)
            copy.transform(xs: &xs2, ys: &ys2)
            XCTAssertEqual(xs.map(\.bitPattern), xs2.map(\.bitPattern), "\(source) → \(target)")
            XCTAssertEqual(ys.map(\.bitPattern), ys2.map(\.bitPattern), "\(source) → \(target)")
        }
    }
}
