import Foundation
import GridGeo

/// Validates a street folder: the layers load, geometries are valid, grids tile their
/// communities and communities tile the street (no gap or overlap over `toleranceM2`), every grid
/// lies in one community, codes are unique and well formed, every referenced unit exists. A
/// folder of several streets (`streets.geojson`) also has its communities lie in and tile their
/// street, and its streets tile the whole area.
///
/// Each problem is one readable line; an empty list means the street is sound.
public struct StreetCheck {
    public static let toleranceM2 = 1.0
    public static let gridCodeLength = 15

    let engine = GeometryEngine()
    let toMetres: Projection
    let toDegrees: Projection

    public init(street: Street) throws {
        let epsg = try gaussKrugerEPSG(forLongitude: street.area.geometry.envelope?.center.x ?? 0)
        toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(epsg)")
        toDegrees = try Projection(from: "EPSG:\(epsg)", to: "EPSG:4326")
    }

    /// Loads and checks the folder; a street that does not load gives its loading error.
    /// Every problem of a street folder, then of the office data (catalogue, rules, calendar)
    /// read against it; one readable line each.
    public static func problems(in folder: URL, resources: URL? = nil) -> [String] {
        check(folder, resources: resources).problems
    }

    /// `problems(in:resources:)`, with the street as loaded (nil when it does not load), so that
    /// a caller need not read a large folder twice.
    public static func check(_ folder: URL, resources: URL? = nil) -> (street: Street?, problems: [String]) {
        let street: Street
        do { street = try Street.load(from: folder, resources: resources) } catch { return (nil, ["\(error)"]) }
        var problems: [String]
        do { problems = try StreetCheck(street: street).problems(street) } catch { problems = ["\(error)"] }
        guard let resources else { return (street, problems) }
        do { _ = try Office.load(street: street, resources: resources) }
        catch let error as RulesError { problems += error.lines }
        catch { problems.append("\(error)") }
        return (street, problems)
    }

    func metres(_ g: Geometry) throws -> Geometry { try toMetres.transform(g) }

    /// "near 108.5012345, 34.3012345": where a piece lies, for messages.
    func near(_ g: Geometry) -> String {
        guard let c = g.envelope?.center, let p = try? toDegrees.transform(c) else { return "" }
        return String(format: " near %.6f, %.6f", p.x, p.y)
    }

    /// Every polygon piece of `g` larger than the tolerance, with its area.
    func pieces(_ g: Geometry) throws -> [(Geometry, Double)] {
        try g.polygons.map { Geometry.polygon($0) }.compactMap { p in
            let a = try engine.area(p)
            return a > Self.toleranceM2 ? (p, a) : nil
        }
    }

    public func problems(_ street: Street) throws -> [String] {
        var problems = street.repairs
        let units = Set(street.units.map(\.id))
        func needUnit(_ id: String, _ what: String) {
            if !units.contains(id) { problems.append("\(what): unit \"\(id)\" is not in units.csv") }
        }

        // Codes.
        let digits = CharacterSet(charactersIn: "0123456789")
        func isDigits(_ s: String, _ n: Int) -> Bool { s.count == n && s.unicodeScalars.allSatisfy(digits.contains) }
        if street.streets.isEmpty {
            if !isDigits(street.area.code, 9) {
                problems.append("boundary.geojson: street code \"\(street.area.code)\" must be 9 digits (6 county + 3 street)")
            }
        } else {
            if !isDigits(street.area.code, 6) {
                problems.append("boundary.geojson: code \"\(street.area.code)\" must be 6 digits (the county) when streets.geojson lists the streets")
            }
            for s in street.streets where !isDigits(s.code, 9) || !s.code.hasPrefix(street.area.code) {
                problems.append("streets.geojson: street \(s.code): code must be 9 digits, the county code \(street.area.code) + 3")
            }
        }
        let streetCodes = Set(street.streets.map(\.code))
        let communityCodes = Set(street.communities.map(\.code))
        for c in street.communities {
            if street.streets.isEmpty {
                if !isDigits(c.code, 12) || !c.code.hasPrefix(street.area.code) {
                    problems.append("communities.geojson: community \(c.code): code must be 12 digits, the street code \(street.area.code) + 3")
                }
            } else if !isDigits(c.code, 12) || !streetCodes.contains(String(c.code.prefix(9))) {
                problems.append("communities.geojson: community \(c.code): code must be 12 digits, the code of a street in streets.geojson + 3")
            }
            needUnit(c.partyBranch, "communities.geojson: community \(c.code) party_branch")
            needUnit(c.code, "communities.geojson: community \(c.code)")
        }
        for g in street.grids {
            if !communityCodes.contains(g.community) {
                problems.append("grids.geojson: grid \(g.code): community \"\(g.community)\" does not exist")
            }
            if !isDigits(g.code, Self.gridCodeLength) || !g.code.hasPrefix(g.community) {
                problems.append("grids.geojson: grid \(g.code): code must be \(Self.gridCodeLength) digits, its community code \(g.community) + 3")
            }
        }
        for c in street.compounds { needUnit(c.officeGroup, "compounds.geojson: compound \(c.code) office_group") }
        for r in street.roads { needUnit(r.officeGroup, "roads.geojson: road \(r.code) office_group") }
        for v in street.venues { needUnit(v.operatorUnit, "venues.geojson: venue \(v.code) operator") }

        // Tiling, in square metres.
        let gridShapes = try street.grids.map { try metres($0.geometry) }
        let communityShapes = try street.communities.map { try metres($0.geometry) }
        let streetShape = try metres(street.area.geometry)
        let communityIndex = Dictionary(street.communities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, g) in street.grids.enumerated() {
            guard let k = communityIndex[g.community] else { continue }
            for (piece, area) in try pieces(engine.difference(gridShapes[i], communityShapes[k])) {
                problems.append(String(format: "grids.geojson: grid %@: %.1f m² lies outside its community %@", g.code, area, g.community) + near(piece))
            }
        }
        func overlaps(_ shapes: [Geometry], _ codes: [String], _ file: String, _ what: String) throws {
            let tree = STRtree(shapes.map { $0.envelope! })
            for i in shapes.indices {
                for j in tree.query(shapes[i].envelope!) where j > i {
                    for (piece, area) in try pieces(engine.intersection(shapes[i], shapes[j])) {
                        problems.append(String(format: "%@: %@ %@ and %@ overlap by %.1f m²", file, what, codes[i], codes[j], area) + near(piece))
                    }
                }
            }
        }
        func gaps(_ whole: Geometry, _ parts: [Geometry], _ message: String) throws {
            let covered = parts.isEmpty ? Geometry.multiPolygon([]) : try engine.union(parts)
            for (piece, area) in try pieces(engine.difference(whole, covered)) {
                problems.append(String(format: "%@: a gap of %.1f m²", message, area) + near(piece))
            }
        }
        try overlaps(gridShapes, street.grids.map(\.code), "grids.geojson", "grids")
        try overlaps(communityShapes, street.communities.map(\.code), "communities.geojson", "communities")
        let gridsByCommunity = Dictionary(grouping: street.grids.indices) { street.grids[$0].community }
        for (k, c) in street.communities.enumerated() {
            let mine = (gridsByCommunity[c.code] ?? []).map { gridShapes[$0] }
            try gaps(communityShapes[k], mine, "grids.geojson: community \(c.code) is not tiled by its grids")
        }
        try gaps(streetShape, communityShapes, "communities.geojson: the street is not tiled by its communities")
        guard !street.streets.isEmpty else { return problems }

        // Several streets: communities lie in and tile their street; streets tile the whole area.
        let streetShapes = try street.streets.map { try metres($0.geometry) }
        let streetIndex = Dictionary(street.streets.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var members = [[Geometry]](repeating: [], count: street.streets.count)
        for (k, c) in street.communities.enumerated() {
            guard let s = streetIndex[String(c.code.prefix(9))] else { continue }
            members[s].append(communityShapes[k])
            for (piece, area) in try pieces(engine.difference(communityShapes[k], streetShapes[s])) {
                problems.append(String(format: "communities.geojson: community %@: %.1f m² lies outside its street %@", c.code, area, street.streets[s].code) + near(piece))
            }
        }
        try overlaps(streetShapes, street.streets.map(\.code), "streets.geojson", "streets")
        for (s, area) in street.streets.enumerated() {
            try gaps(streetShapes[s], members[s], "communities.geojson: street \(area.code) is not tiled by its communities")
        }
        try gaps(streetShape, streetShapes, "streets.geojson: \(street.area.code) is not tiled by its streets")
        return problems
    }
}
