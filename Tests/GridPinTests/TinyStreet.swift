import Foundation
import GridGeo
@testable import GridPin

/// A hand-made street whose answers can be worked out by hand: two communities side by side
/// along 108°E (the central meridian of EPSG:4545), four grids meeting at (108.0, 34.3), a grid
/// with a hole filled by a fifth grid, a road along the meridian, and one feature of each kind.
enum TinyStreet {
    static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Position] {
        [Position(x0, y0), Position(x1, y0), Position(x1, y1), Position(x0, y1), Position(x0, y0)]
    }

    static let a = "619901001001", b = "619901001002"

    static func street(grids override: [Grid]? = nil, compoundGroup: String = "og-2") -> Street {
        let grids = override ?? [
            Grid(code: a + "001", name: "A1", nameEn: "A1", community: a, geometry: .polygon([box(107.998, 34.3, 108.0, 34.301)])),
            Grid(code: a + "002", name: "A2", nameEn: "A2", community: a, geometry: .polygon([box(107.998, 34.299, 108.0, 34.3)])),
            Grid(code: b + "001", name: "B1", nameEn: "B1", community: b, geometry: .polygon([box(108.0, 34.3, 108.002, 34.301)])),
            Grid(code: b + "002", name: "B2", nameEn: "B2", community: b,
                 geometry: .polygon([box(108.0, 34.299, 108.002, 34.3), box(108.0012, 34.2994, 108.0016, 34.2998)])),
            Grid(code: b + "003", name: "B3", nameEn: "B3", community: b, geometry: .polygon([box(108.0012, 34.2994, 108.0016, 34.2998)])),
        ]
        let units = ["cmo", a, b, "pb-" + a, "pb-" + b, "og-1", "og-2"].map { Unit(id: $0, name: $0, nameEn: $0, kind: "test") }
        return Street(
            area: StreetArea(code: "619901001", name: "小街道", nameEn: "Tiny Street", geometry: .polygon([box(107.998, 34.299, 108.002, 34.301)])),
            communities: [
                Community(code: a, name: "甲社区", nameEn: "A", partyBranch: "pb-" + a, geometry: .polygon([box(107.998, 34.299, 108.0, 34.301)])),
                Community(code: b, name: "乙社区", nameEn: "B", partyBranch: "pb-" + b, geometry: .polygon([box(108.0, 34.299, 108.002, 34.301)])),
            ],
            grids: grids,
            compounds: [Compound(code: "XQ01", name: "甲小区", nameEn: "Compound A", officeGroup: compoundGroup,
                                 geometry: .polygon([box(107.9985, 34.3004, 107.9997, 34.3008)]))],
            roads: [RoadSection(code: "R01-1", name: "中街", nameEn: "Middle Street", roadClass: .main, widthM: 12, officeGroup: "og-1",
                                geometry: .lineString([Position(108.0, 34.299), Position(108.0, 34.301)]))],
            markets: [Market(code: "M01", name: "甲市场", nameEn: "Market A", surroundingsM: 100,
                             geometry: .polygon([box(107.9985, 34.2992, 107.999, 34.2996)]))],
            sites: [Site(code: "W01", name: "工地", nameEn: "Site", geometry: .polygon([box(108.0012, 34.3001, 108.0018, 34.3003)]))],
            schools: [School(code: "S01", name: "小学", nameEn: "School", radiusM: 50,
                             geometry: .polygon([box(108.0012, 34.3005, 108.0018, 34.3009)]))],
            venues: [Venue(code: "V01", name: "广场", nameEn: "Square", kind: "square", operatorUnit: "cmo",
                           geometry: .polygon([box(108.0003, 34.2996, 108.0009, 34.2999), box(108.0005, 34.2997, 108.0007, 34.2998)]))],
            units: units, folder: URL(fileURLWithPath: "."))
    }

    /// Writes the street to a new temporary folder and returns it.
    static func folder(_ street: Street = street()) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString)")
        try StreetWriter.write(street, to: url)
        return url
    }
}

/// The radius of curvature in the prime vertical of GRS 80 / CGCS2000 at latitude φ (degrees):
/// a point Δλ east of the central meridian lies N·cosφ·Δλ east of it (to far below a millimetre
/// for the small Δλ used here).
func metresEastOfMeridian(degrees dLon: Double, atLatitude lat: Double) -> Double {
    let a = 6378137.0, e2 = 0.00669438002290
    let phi = lat * Double.pi / 180
    let n = a / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
    return n * cos(phi) * dLon * Double.pi / 180
}

/// The meridian radius of curvature M at latitude φ: a small step Δφ north is M·Δφ.
func metresNorth(degrees dLat: Double, atLatitude lat: Double) -> Double {
    let a = 6378137.0, e2 = 0.00669438002290
    let phi = lat * Double.pi / 180
    let m = a * (1 - e2) / pow(1 - e2 * sin(phi) * sin(phi), 1.5)
    return m * dLat * Double.pi / 180
}
