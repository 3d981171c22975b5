import Foundation
import GridGeo

/// A street (街道) as a folder of layers: the data every answer is drawn from.
///
/// The folder holds `boundary.geojson`, `communities.geojson`, `grids.geojson`,
/// `compounds.geojson`, `roads.geojson`, `markets.geojson`, `sites.geojson`, `schools.geojson`,
/// `venues.geojson` (WGS 84, RFC 7946), and may hold its own `units.csv` (else the resources
/// folder's is used). Features of each layer are kept sorted by code, so "the lowest code wins"
/// is "the first index wins".
///
/// A folder may cover several streets (a district or a whole city, as `gridpin synth city`
/// writes): then `boundary.geojson` is the whole area with a 6-digit county code and
/// `streets.geojson` lists its streets, each with its 9-digit code; a community belongs to the
/// street its code starts with. Nothing but `check` reads the streets: a point's street is the
/// first 9 digits of its community's code.
public struct Street: Sendable {
    public let folder: URL
    /// The area the folder covers: one street, or (with `streets`) the county or city they tile.
    public let area: StreetArea
    /// The streets of a folder that covers several (`streets.geojson`), else empty.
    public let streets: [StreetArea]
    public let communities: [Community]
    public let grids: [Grid]
    public let compounds: [Compound]
    public let roads: [RoadSection]
    public let markets: [Market]
    public let sites: [Site]
    public let schools: [School]
    public let venues: [Venue]
    public let units: [Unit]
    /// Invalid polygons that were repaired with GEOS make-valid: "file: feature (id X): reason".
    public let repairs: [String]

    public enum File: String, CaseIterable, Sendable {
        case boundary = "boundary.geojson", communities = "communities.geojson", grids = "grids.geojson"
        case compounds = "compounds.geojson", roads = "roads.geojson", markets = "markets.geojson"
        case sites = "sites.geojson", schools = "schools.geojson", venues = "venues.geojson"
        case units = "units.csv", streets = "streets.geojson"

        /// Whether a street folder may leave the file out.
        var isOptional: Bool { self == .units || self == .streets }
    }

    public init(area: StreetArea, communities: [Community], grids: [Grid], compounds: [Compound],
                roads: [RoadSection], markets: [Market], sites: [Site], schools: [School],
                venues: [Venue], units: [Unit], folder: URL, repairs: [String] = [], streets: [StreetArea] = []) {
        self.area = area
        self.streets = streets.sorted { $0.code < $1.code }
        self.communities = communities.sorted { $0.code < $1.code }
        self.grids = grids.sorted { $0.code < $1.code }
        self.compounds = compounds.sorted { $0.code < $1.code }
        self.roads = roads.sorted { $0.code < $1.code }
        self.markets = markets.sorted { $0.code < $1.code }
        self.sites = sites.sorted { $0.code < $1.code }
        self.schools = schools.sorted { $0.code < $1.code }
        self.venues = venues.sorted { $0.code < $1.code }
        self.units = units
        self.folder = folder
        self.repairs = repairs
    }

    /// Loads a street folder; invalid polygons are repaired and listed in `repairs`. The units
    /// come from the folder's own `units.csv`, else from `resources` (the office's `Resources/`).
    public static func load(from folder: URL, resources: URL? = nil) throws -> Street {
        // The grids, a city's largest layer, are read on a second thread while the rest are read
        // here; a problem in an earlier layer is still the one reported.
        let pendingGrids = Pending { () throws -> ([Grid], [String]) in
            var reader = LayerReader(folder: folder)
            let grids = try reader.layer(.grids) { f in
                Grid(code: try f.string("code"), name: try f.optionalString("name") ?? "", nameEn: try f.optionalString("name_en") ?? "",
                     community: try f.string("community"), geometry: try f.polygonal())
            }
            return (grids, reader.repairs)
        }
        var reader = LayerReader(folder: folder)
        let area = try reader.layer(.boundary) { f in
            StreetArea(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                       geometry: try f.polygonal())
        }
        guard area.count == 1, let street = area.first else {
            throw InputError(source: File.boundary.rawValue, message: "must hold exactly one feature, the street, not \(area.count)")
        }
        var streets: [StreetArea] = []
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(File.streets.rawValue).path) {
            streets = try reader.layer(.streets) { f in
                StreetArea(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                           geometry: try f.polygonal())
            }
        }
        let communities = try reader.layer(.communities) { f in
            Community(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                      partyBranch: try f.string("party_branch"), geometry: try f.polygonal())
        }
        let (grids, gridRepairs) = try pendingGrids.value()
        reader.repairs += gridRepairs
        let compounds = try reader.layer(.compounds) { f in
            Compound(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                     officeGroup: try f.string("office_group"), geometry: try f.polygonal())
        }
        let roads = try reader.layer(.roads) { f in
            let cls = try f.string("class")
            guard let roadClass = RoadClass(rawValue: cls) else {
                throw f.error("class", "\"\(cls)\" is not a road class (\(RoadClass.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return RoadSection(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                               roadClass: roadClass, widthM: try f.number("width_m", positive: true),
                               officeGroup: try f.string("office_group"), geometry: try f.lineal())
        }
        let markets = try reader.layer(.markets) { f in
            Market(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                   surroundingsM: try f.number("surroundings_m", positive: true), geometry: try f.polygonal())
        }
        let sites = try reader.layer(.sites) { f in
            Site(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"), geometry: try f.polygonal())
        }
        let schools = try reader.layer(.schools) { f in
            School(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                   radiusM: try f.number("radius_m", positive: true), geometry: try f.polygonal())
        }
        let venues = try reader.layer(.venues) { f in
            Venue(code: try f.string("code"), name: try f.string("name"), nameEn: try f.string("name_en"),
                  kind: try f.string("kind"), operatorUnit: try f.string("operator"), geometry: try f.polygonal())
        }
        var unitsPath = folder.appendingPathComponent(File.units.rawValue).path
        if !FileManager.default.fileExists(atPath: unitsPath), let resources {
            unitsPath = resources.appendingPathComponent(File.units.rawValue).path
        }
        guard FileManager.default.fileExists(atPath: unitsPath) else {
            throw InputError(source: folder.path, message: "no units.csv here\(resources.map { " nor in \($0.path)" } ?? ""): the units rules name are needed")
        }
        let units = try readUnits(unitsPath)
        return Street(area: street, communities: communities, grids: grids, compounds: compounds, roads: roads,
                      markets: markets, sites: sites, schools: schools, venues: venues, units: units,
                      folder: folder, repairs: reader.repairs, streets: streets)
    }

    static func readUnits(_ path: String) throws -> [Unit] {
        let table = try CSVTable(path: path, required: ["id", "name", "name_en", "kind"])
        var units: [Unit] = []
        var seen = Set<String>()
        for row in table.rows {
            guard !row["id"].isEmpty else { throw InputError(source: path, message: "line \(row.line): empty id") }
            guard seen.insert(row["id"]).inserted else {
                throw InputError(source: path, message: "line \(row.line): unit id \"\(row["id"])\" appears twice")
            }
            units.append(Unit(id: row["id"], name: row["name"], nameEn: row["name_en"], kind: row["kind"]))
        }
        return units
    }

    public func unit(_ id: String) -> Unit? { units.first { $0.id == id } }
}

/// One feature being read from a layer file, with typed access to its properties.
struct FeatureFields {
    let file: String
    let feature: Feature
    let index: Int
    let engine: GeometryEngine
    var repairs: [String] = []

    func error(_ field: String, _ problem: String) -> InputError {
        InputError(source: file, message: "\(feature.label(index: index)): \(field): \(problem)")
    }

    func string(_ key: String) throws -> String {
        guard let v = try optionalString(key), !v.isEmpty else { throw error(key, "missing") }
        return v
    }

    func optionalString(_ key: String) throws -> String? {
        switch feature.properties[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s.trimmedWhitespace
        case .integer(let n)?: return String(n)
        case let v?: throw error(key, "must be text, got \(v.text)")
        }
    }

    func number(_ key: String, positive: Bool = false) throws -> Double {
        guard let v = feature.properties[key] else { throw error(key, "missing") }
        let d: Double?
        switch v {
        case .string(let s): d = Double(s)
        default: d = v.double
        }
        guard let d, d.isFinite else { throw error(key, "\"\(v.text)\" is not a number") }
        if positive && d <= 0 { throw error(key, "\(d) must be greater than 0") }
        return d
    }

    /// The Polygon or MultiPolygon, repaired with make-valid when invalid (and the repair noted).
    mutating func polygonal() throws -> Geometry {
        guard let g = feature.geometry else { throw error("geometry", "missing") }
        guard g.type == .polygon || g.type == .multiPolygon else {
            throw error("geometry", "must be a Polygon or MultiPolygon, got \(g.type.rawValue)")
        }
        guard let reason = try engine.invalidityReason(g) else { return g }
        let fixed = try engine.makeValid(g)
        guard !fixed.polygons.isEmpty else { throw error("geometry", "invalid (\(reason)) and make-valid leaves no area") }
        repairs.append("\(file): \(feature.label(index: index)): invalid polygon (\(reason)) repaired with make-valid")
        return fixed
    }

    func lineal() throws -> Geometry {
        guard let g = feature.geometry else { throw error("geometry", "missing") }
        guard g.type == .lineString || g.type == .multiLineString else {
            throw error("geometry", "must be a LineString or MultiLineString, got \(g.type.rawValue)")
        }
        return g
    }
}

/// Reads the layer files of one street folder, collecting repairs.
struct LayerReader {
    let folder: URL
    let engine = GeometryEngine()
    var repairs: [String] = []

    init(folder: URL) { self.folder = folder }

    mutating func layer<T: LayerFeature>(_ file: Street.File, _ make: (inout FeatureFields) throws -> T) throws -> [T] {
        let url = folder.appendingPathComponent(file.rawValue)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw InputError(source: url.path, message: "missing: a street folder needs \(Street.File.allCases.filter { !$0.isOptional }.map(\.rawValue).joined(separator: ", "))")
        }
        let features = try GeoJSONReader.read(contentsOf: url)
        var out: [T] = []
        var codes: [String: Int] = [:]
        for (i, feature) in features.enumerated() {
            var fields = FeatureFields(file: file.rawValue, feature: feature, index: i, engine: engine)
            let item = try make(&fields)
            if let first = codes[item.code] {
                throw fields.error("code", "\"\(item.code)\" is used by feature \(first + 1) too")
            }
            codes[item.code] = i
            repairs += fields.repairs
            out.append(item)
        }
        return out
    }
}
