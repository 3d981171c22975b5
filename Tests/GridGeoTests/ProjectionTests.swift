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

    func testTheDirectStepGivesThePipelinesNumbers() throws {
        // Every CGCS2000 3° zone without prefix, from WGS 84: a pipeline of degrees to radians and
        // one transverse Mercator step, which forward transforms run alone.
        var random = SeededRandom(seed: 12)
        for epsg in 4534...4554 {
            let cm = Double(75 + 3 * (epsg - 4534))
            let direct = try Projection(from: "EPSG:4326", to: "EPSG:\(epsg)")
            let pipeline = try Projection(from: "EPSG:4326", to: "EPSG:\(epsg)", reusingOperation: true, direct: false)
            XCTAssertTrue(direct.isDirect); XCTAssertFalse(pipeline.isDirect)
            var xs = (0..<3000).map { k in k < 10 ? [cm, cm + 1.5, cm - 1.5, 0, 180, -180, cm + 89, .nan, .infinity, cm][k] : cm + random.uniform(-3, 3) }
            var ys = (0..<3000).map { k in k < 10 ? [0, 34, 53.5, 90, 45, -45, 10, 34, 34, -90][k] : random.uniform(-10, 60) }
            var xs2 = xs, ys2 = ys
            direct.transform(xs: &xs, ys: &ys)
            pipeline.transform(xs: &xs2, ys: &ys2)
            XCTAssertEqual(xs.map(\.bitPattern), xs2.map(\.bitPattern), "EPSG:\(epsg)")
            XCTAssertEqual(ys.map(\.bitPattern), ys2.map(\.bitPattern), "EPSG:\(epsg)")
            // The inverse always runs the whole pipeline.
            direct.transform(xs: &xs, ys: &ys, inverse: true)
            pipeline.transform(xs: &xs2, ys: &ys2, inverse: true)
            XCTAssertEqual(xs.map(\.bitPattern), xs2.map(\.bitPattern), "EPSG:\(epsg) inverse")
        }
        XCTAssertFalse(try Projection(from: "EPSG:4545", to: "EPSG:4326").isDirect)
    }
}
