import Foundation
import GridGeo

/// Generates a synthetic city for tests and benchmarks at city scale: streets → communities →
/// grids tiling a rectangle exactly, roads of every class along the lattice, farmers' markets,
/// construction sites, schools, venues, residential compounds and the units the rules name.
///
/// The city is fictional: county code 619902 (GB/T 2260 has no prefecture 6199), around
/// 108.62°E, 34.33°N. It is laid out in metres in the CGCS2000 Gauss-Krüger zone of its centre
/// (`CityLayout`), every lattice vertex projected to WGS 84 once and rounded to 7 decimals, so
/// that neighbouring polygons share their vertices to the bit and tile exactly in degrees too.
/// The same options and seed give the same city.
///
/// Example: `try SyntheticCity(options: .init(grids: 20_000), seed: 1).street` has 20,034 grids
/// in 56 streets and 1,041 communities.
public struct SyntheticCity {
    public struct Options: Sendable {
        /// At least this many grids: the smallest lattice about 1.25 times wider than tall.
        public var grids: Int
        /// The lattice spacing: a grid is about `spacingM` × `spacingM`.
        public var spacingM = 150.0
        /// How many lattice columns (and rows) a street spans.
        public var streetCells = 14...24
        /// How many lattice columns (and rows) a community spans inside its street.
        public var communityCells = 3...6
        public var centre = Position(108.62, 34.33)
        public init(grids: Int) { self.grids = grids }
    }

    public static let countyCode = "619902"
    public static let name = ("秦川市（虚构）", "Qinchuan City (fictional)")

    /// The city as a street folder: `area` is the city, `streets` its streets.
    public let street: Street
    let layout: CityLayout
    /// Places in metres (in code order of their layers), for the issues.
    let markets: [PlaceShape], schools: [PlaceShape], sites: [PlaceShape], compounds: [PlaceShape], venues: [PlaceShape]
    /// Older compounds (more flying-line charging), by compound.
    let oldCompounds: [Bool]
    /// Venue kinds, by venue.
    let venueKinds: [String]
    /// Every road edge in metres with its class and width.
    let roadEdges: [(shape: PlaceShape, roadClass: RoadClass)]
    /// The transformation from WGS 84 to the city's metric zone.
    let toMetres: Projection

    public init(options: Options, seed: UInt64) throws {
        guard options.grids >= 1 else { throw InputError(source: "synth city", message: "--grids must be at least 1") }
        var random = SeededRandom(seed: seed)
        let epsg = try gaussKrugerEPSG(forLongitude: options.centre.x)
        toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(epsg)")
        let centre = try toMetres.transform(options.centre)
        layout = CityLayout(grids: options.grids, spacing: options.spacingM, centre: centre, streetCells: options.streetCells,
                            communityCells: options.communityCells, random: &random)
        var builder = try CityBuilder(layout: layout, toMetres: toMetres)
        try builder.build(random: &random)
        street = builder.street(folder: URL(fileURLWithPath: "."))
        markets = builder.marketShapes; schools = builder.schoolShapes; sites = builder.siteShapes
        compounds = builder.compoundShapes; venues = builder.venueShapes
        oldCompounds = builder.oldCompounds; venueKinds = builder.venues.map(\.kind)
        roadEdges = builder.roadEdges
    }

    /// The city's rectangle in metres.
    var extent: Envelope {
        Envelope(minX: layout.origin.x, minY: layout.origin.y,
                 maxX: layout.origin.x + Double(layout.columns) * layout.spacing,
                 maxY: layout.origin.y + Double(layout.rows) * layout.spacing)
    }
}

/// Builds the layers of a `SyntheticCity` from its layout, place by place.
struct CityBuilder {
    let layout: CityLayout
    let toMetres: Projection
    /// Every lattice vertex in WGS 84, rounded to 7 decimals.
    let lon: [Double], lat: [Double]

    var streets: [StreetArea] = [], communities: [Community] = [], grids: [Grid] = []
    var compounds: [Compound] = [], roads: [RoadSection] = [], markets: [Market] = []
    var sites: [Site] = [], schools: [School] = [], venues: [Venue] = [], units: [Unit] = []
    var marketShapes: [PlaceShape] = [], schoolShapes: [PlaceShape] = [], siteShapes: [PlaceShape] = []
    var compoundShapes: [PlaceShape] = [], venueShapes: [PlaceShape] = [], oldCompounds: [Bool] = []
    var roadEdges: [(shape: PlaceShape, roadClass: RoadClass)] = []
    /// Cells taken by a place.
    var used: [Bool]
    /// Which compound each cell lies in (−1: none), to keep alleys out of compounds.
    var compoundOf: [Int32]
    /// The class of the road along each edge, if any: horizontal edge (i, j) at j·columns + i,
    /// vertical edge (i, j) at j·(columns + 1) + i.
    var horizontalRoad: [RoadClass?], verticalRoad: [RoadClass?]

    static let officeGroupsPerStreet = 6
    static let margin = 6.0

    init(layout: CityLayout, toMetres: Projection) throws {
        self.layout = layout
        self.toMetres = toMetres
        var xs = layout.x, ys = layout.y
        toMetres.transform(xs: &xs, ys: &ys, inverse: true)
        guard xs.allSatisfy(\.isFinite), ys.allSatisfy(\.isFinite) else {
            throw InputError(source: "synth city", message: "PROJ could not bring the lattice back to WGS 84")
        }
        lon = xs.map { ($0 * 1e7).rounded() / 1e7 }
        lat = ys.map { ($0 * 1e7).rounded() / 1e7 }
        let cells = layout.columns * layout.rows
        used = [Bool](repeating: false, count: cells)
        compoundOf = [Int32](repeating: -1, count: cells)
        horizontalRoad = [RoadClass?](repeating: nil, count: layout.columns * (layout.rows + 1))
        verticalRoad = [RoadClass?](repeating: nil, count: (layout.columns + 1) * layout.rows)
    }

    func street(folder: URL) -> Street {
        let area = StreetArea(code: SyntheticCity.countyCode, name: SyntheticCity.name.0, nameEn: SyntheticCity.name.1,
                              geometry: polygon(layout.whole))
        return Street(area: area, communities: communities, grids: grids, compounds: compounds, roads: roads, markets: markets,
                      sites: sites, schools: schools, venues: venues, units: units, folder: folder, streets: streets)
    }

    /// The block's ring in WGS 84.
    func polygon(_ b: CellBlock) -> Geometry {
        .polygon([layout.ring(b).map { Position(lon[$0], lat[$0]) }])
    }

    /// Positions in metres to WGS 84, rounded to 7 decimals.
    func degrees(_ ring: [Position]) throws -> [Position] {
        var xs = ring.map(\.x), ys = ring.map(\.y)
        toMetres.transform(xs: &xs, ys: &ys, inverse: true)
        guard xs.allSatisfy(\.isFinite), ys.allSatisfy(\.isFinite) else {
            throw InputError(source: "synth city", message: "PROJ could not bring a place back to WGS 84")
        }
        return zip(xs, ys).map { Position(($0 * 1e7).rounded() / 1e7, ($1 * 1e7).rounded() / 1e7) }
    }

    static func three(_ n: Int) -> String { String(format: "%03d", n) }

    func officeGroup(street s: Int, _ n: Int) -> String { "og-\(streets[s].code)-\(n % Self.officeGroupsPerStreet + 1)" }

    mutating func build(random: inout SeededRandom) throws {
        try codes()
        buildUnits()
        markBranchRoads()
        try places(random: &random)
        markAlleys(random: &random)
        try buildRoads(random: &random)
    }

    // MARK: - Streets, communities, grids

    mutating func codes() throws {
        guard layout.streets.count <= 999 else {
            throw InputError(source: "synth city", message: "\(layout.streets.count) streets: a street code has 3 digits, so at most 999")
        }
        for (s, b) in layout.streets.enumerated() {
            let (name, nameEn) = CityNames.street(s)
            streets.append(StreetArea(code: SyntheticCity.countyCode + Self.three(s + 1), name: name, nameEn: nameEn, geometry: polygon(b)))
        }
        var inStreet = [Int](repeating: 0, count: layout.streets.count)
        for (k, b) in layout.communities.enumerated() {
            let s = layout.communityStreet[k]
            inStreet[s] += 1
            guard inStreet[s] <= 999, b.count <= 999 else {
                throw InputError(source: "synth city", message: "street \(streets[s].code): more than 999 communities or grids in one: community and grid numbers have 3 digits")
            }
            let code = streets[s].code + Self.three(inStreet[s])
            let (stem, stemEn) = CityNames.communityStem(k)
            let (name, nameEn) = (stem + "社区", stemEn + " Community")
            communities.append(Community(code: code, name: name, nameEn: nameEn, partyBranch: "pb-" + code, geometry: polygon(b)))
            // Grids: north→south, then west→east.
            var n = 0
            for j in stride(from: b.j1 - 1, through: b.j0, by: -1) {
                for i in b.i0..<b.i1 {
                    n += 1
                    grids.append(Grid(code: code + Self.three(n), name: "\(name)第\(n)网格", nameEn: "\(nameEn) Grid \(n)", community: code,
                                      geometry: polygon(CellBlock(i0: i, j0: j, i1: i + 1, j1: j + 1))))
                }
            }
        }
    }

    mutating func buildUnits() {
        units = SampleStreet.institutions
        for c in communities {
            units.append(Unit(id: c.code, name: c.name, nameEn: c.nameEn, kind: "community"))
            units.append(Unit(id: c.partyBranch, name: c.name + "党支部", nameEn: c.nameEn + " Party Branch", kind: "party_branch"))
        }
        for (s, street) in streets.enumerated() {
            for n in 0..<Self.officeGroupsPerStreet {
                units.append(Unit(id: officeGroup(street: s, n), name: street.name + "第\(CityNames.numerals[n])组办",
                                  nameEn: street.nameEn + " Office Group \(n + 1)", kind: "office_group"))
            }
        }
    }

    // MARK: - Places

    /// A branch road along the middle lattice line of each community, both ways, where it is
    /// at least three cells across.
    mutating func markBranchRoads() {
        for b in layout.communities {
            if b.width >= 3 { for j in b.j0..<b.j1 { verticalRoad[j * (layout.columns + 1) + b.i0 + b.width / 2] = .branch } }
            if b.height >= 3 { for i in b.i0..<b.i1 { horizontalRoad[(b.j0 + b.height / 2) * layout.columns + i] = .branch } }
        }
    }

    /// Whether a road already runs between two cells of the block.
    func crossesRoad(_ b: CellBlock) -> Bool {
        for j in b.j0..<b.j1 { for i in (b.i0 + 1)..<b.i1 where verticalRoad[j * (layout.columns + 1) + i] != nil { return true } }
        for j in (b.j0 + 1)..<b.j1 { for i in b.i0..<b.i1 where horizontalRoad[j * layout.columns + i] != nil { return true } }
        return false
    }

    /// A free block of `w × h` cells in community `k` (on its edge, when `onEdge`) and a turned
    /// rectangle of about the sizes asked for inside it; `nil` when none is found in a few tries.
    mutating func place(in k: Int, _ w: Int, _ h: Int, width: ClosedRange<Double>, height: ClosedRange<Double>,
                        onEdge: Bool = false, random: inout SeededRandom) -> (PlaceShape, CellBlock)? {
        let c = layout.communities[k]
        guard c.width >= w, c.height >= h else { return nil }
        for _ in 0..<16 {
            let i = random.int(in: c.i0...(c.i1 - w)), j = random.int(in: c.j0...(c.j1 - h))
            let b = CellBlock(i0: i, j0: j, i1: i + w, j1: j + h)
            if onEdge && !(i == c.i0 || b.i1 == c.i1 || j == c.j0 || b.j1 == c.j1) { continue }
            if crossesRoad(b) { continue }
            var free = true
            for jj in b.j0..<b.j1 { for ii in b.i0..<b.i1 where used[layout.cell(ii, jj)] { free = false } }
            guard free else { continue }
            let box = layout.innerBox(b)
            let room = (x: box.width / 2 - Self.margin, y: box.height / 2 - Self.margin)
            guard room.x > 5, room.y > 5 else { continue }
            var shape = PlaceShape(centre: .init(0, 0), halfWidth: min(random.uniform(width.lowerBound, width.upperBound) / 2, room.x),
                                   halfHeight: min(random.uniform(height.lowerBound, height.upperBound) / 2, room.y),
                                   angle: random.uniform(-0.15, 0.15))
            var e = shape.extents
            if e.x > room.x || e.y > room.y {
                shape = PlaceShape(centre: .init(0, 0), halfWidth: shape.halfWidth, halfHeight: shape.halfHeight, angle: 0)
                e = shape.extents
            }
            let cx = box.center.x + random.uniform(-1, 1) * (room.x - e.x), cy = box.center.y + random.uniform(-1, 1) * (room.y - e.y)
            shape = PlaceShape(centre: Position(cx, cy), halfWidth: shape.halfWidth, halfHeight: shape.halfHeight, angle: shape.angle)
            for jj in b.j0..<b.j1 { for ii in b.i0..<b.i1 { used[layout.cell(ii, jj)] = true } }
            return (shape, b)
        }
        return nil
    }

    mutating func places(random: inout SeededRandom) throws {
        var old: [Bool] = []
        for k in layout.communities.indices {
            let community = communities[k]
            let (stem, stemEn) = CityNames.communityStem(k)
            let s = layout.communityStreet[k]
            // Compounds: 2 × 2 cells, about four in ten cells of a community.
            let compoundCount = Int((Double(layout.communities[k].count) * 0.1).rounded())
            for _ in 0..<compoundCount {
                guard let (shape, b) = place(in: k, 2, 2, width: 120...210, height: 110...200, random: &random) else { continue }
                let n = compounds.count
                let (word, wordEn) = CityNames.word(random.int(in: 0...(CityNames.words.count - 1)))
                let (end, endEn) = CityNames.compoundEndings[random.int(in: 0...(CityNames.compoundEndings.count - 1))]
                compounds.append(Compound(code: String(format: "XQ%05d", n + 1), name: word + end, nameEn: wordEn + " " + endEn,
                                          officeGroup: officeGroup(street: s, k), geometry: .polygon([try degrees(shape.ring)])))
                compoundShapes.append(shape)
                old.append(random.chance(0.35))
                for j in b.j0..<b.j1 { for i in b.i0..<b.i1 { compoundOf[layout.cell(i, j)] = Int32(n) } }
            }
            // A market on the community's edge (by a main or secondary road), in a third of them.
            if random.chance(0.35), let (shape, _) = place(in: k, 1, 1, width: 55...85, height: 40...65, onEdge: true, random: &random) {
                let (kind, kindEn) = CityNames.marketKinds[random.int(in: 0...1)]
                markets.append(Market(code: String(format: "M%04d", markets.count + 1), name: stem + kind, nameEn: stemEn + " " + kindEn,
                                      surroundingsM: 100, geometry: .polygon([try degrees(shape.ring)])))
                marketShapes.append(shape)
            }
            if random.chance(0.45), let (shape, _) = place(in: k, 2, 1, width: 150...220, height: 60...85, random: &random) {
                let (kind, kindEn) = CityNames.schoolKinds[random.int(in: 0...2)]
                schools.append(School(code: String(format: "S%04d", schools.count + 1), name: stem + kind, nameEn: stemEn + " " + kindEn,
                                      radiusM: kind == "中学" ? 150 : 100, geometry: .polygon([try degrees(shape.ring)])))
                schoolShapes.append(shape)
            }
            if random.chance(0.35) {
                let wide = random.chance(0.5)
                if let (shape, _) = place(in: k, wide ? 2 : 1, 1, width: wide ? 140...210 : 60...90, height: 50...80, random: &random) {
                    let (kind, kindEn) = CityNames.siteKinds[random.int(in: 0...(CityNames.siteKinds.count - 1))]
                    sites.append(Site(code: String(format: "W%04d", sites.count + 1), name: stem + kind, nameEn: stemEn + " " + kindEn,
                                      geometry: .polygon([try degrees(shape.ring)])))
                    siteShapes.append(shape)
                }
            }
            // Venues a community runs.
            for (chance, kind, name, nameEn) in [(0.6, "practice_station", "新时代文明实践站", "Civilisation Practice Station"),
                                                 (0.35, "activity_centre", "活动中心", "Activity Centre"),
                                                 (0.25, "health_station", "卫生服务站", "Health Station")] where random.chance(chance) {
                try addVenue(in: k, kind: kind, name: community.name + name, nameEn: community.nameEn + " " + nameEn,
                             operator: community.code, random: &random)
            }
        }
        // Venues each street has, in one of its communities.
        for (s, street) in streets.enumerated() {
            let mine = layout.communities.indices.filter { layout.communityStreet[$0] == s }
            for (kind, name, nameEn, unit) in [("service_hall", "便民服务中心", "Public Service Centre", "svc"),
                                               ("library", "图书馆", "Library", "pbo"), ("park", "公园", "Park", "ecs"),
                                               ("square", "文化广场", "Culture Square", ""),
                                               ("office", "城市管理执法中队", "City Management Squad Office", "cmo")] {
                let k = mine[random.int(in: 0...(mine.count - 1))]
                try addVenue(in: k, kind: kind, name: street.name + name, nameEn: street.nameEn + " " + nameEn,
                             operator: unit.isEmpty ? communities[k].code : unit, random: &random)
            }
        }
        oldCompounds = old
    }

    mutating func addVenue(in k: Int, kind: String, name: String, nameEn: String, operator unit: String, random: inout SeededRandom) throws {
        guard let (shape, _) = place(in: k, 1, 1, width: 30...75, height: 25...60, random: &random) else { return }
        venues.append(Venue(code: String(format: "V%05d", venues.count + 1), name: name, nameEn: nameEn, kind: kind,
                            operatorUnit: unit, geometry: .polygon([try degrees(shape.ring)])))
        venueShapes.append(shape)
    }

    // MARK: - Roads

    /// Alleys along one in five of the remaining edges inside a community, outside compounds.
    mutating func markAlleys(random: inout SeededRandom) {
        let cols = layout.columns
        for j in 0...layout.rows {
            for i in 0..<cols where horizontalRoad[j * cols + i] == nil {
                let alley = random.chance(0.2)
                guard j > 0, j < layout.rows, layout.horizontalEdge(i, j) == .interior else { continue }
                let (a, b) = (compoundOf[layout.cell(i, j - 1)], compoundOf[layout.cell(i, j)])
                if alley && (a < 0 || a != b) { horizontalRoad[j * cols + i] = .alley }
            }
        }
        for j in 0..<layout.rows {
            for i in 0...cols where verticalRoad[j * (cols + 1) + i] == nil {
                let alley = random.chance(0.2)
                guard i > 0, i < cols, layout.verticalEdge(i, j) == .interior else { continue }
                let (a, b) = (compoundOf[layout.cell(i - 1, j)], compoundOf[layout.cell(i, j)])
                if alley && (a < 0 || a != b) { verticalRoad[j * (cols + 1) + i] = .alley }
            }
        }
    }

    /// The class of the road along an edge: main on street and city edges, secondary on
    /// community edges, else what was marked.
    func roadClass(horizontal i: Int, _ j: Int) -> RoadClass? {
        switch layout.horizontalEdge(i, j) {
        case .city, .street: .main
        case .community: .secondary
        case .interior: horizontalRoad[j * layout.columns + i]
        }
    }

    func roadClass(vertical i: Int, _ j: Int) -> RoadClass? {
        switch layout.verticalEdge(i, j) {
        case .city, .street: .main
        case .community: .secondary
        case .interior: verticalRoad[j * (layout.columns + 1) + i]
        }
    }

    /// Roads: each run of one class along a lattice line is a road (each alley edge its own),
    /// cut into sections of at most three edges (two for branch roads); east–west lines north to
    /// south first, then north–south lines west to east.
    mutating func buildRoads(random: inout SeededRandom) throws {
        var named = (main: 0, secondary: 0), number = 0
        var alleysIn = [Int](repeating: 0, count: layout.communities.count)
        var sectionsIn = [Int](repeating: 0, count: streets.count)
        // A run: the lattice vertices along it and the cell beside its first edge (inside the city).
        func road(_ cls: RoadClass, _ vertices: [Int], beside cell: Int, northSouth: Bool) throws {
            let k = Int(layout.communityOf[cell]), s = Int(layout.streetOf[cell])
            let (stem, stemEn) = CityNames.roadStem(k)
            let (name, nameEn): (String, String)
            switch cls {
            case .main:
                let (w, we) = CityNames.word(named.main + 17), (e, ee) = CityNames.mainRoadEndings[named.main % 3]
                (name, nameEn) = (w + e, we + " " + ee); named.main += 1
            case .secondary:
                let (w, we) = CityNames.word(named.secondary * 7 + 5)
                (name, nameEn) = (w + "街", we + " Street"); named.secondary += 1
            case .branch: (name, nameEn) = northSouth ? (stem + "一路", stemEn + " Road 1") : (stem + "二路", stemEn + " Road 2")
            case .alley: alleysIn[k] += 1; (name, nameEn) = (stem + "\(alleysIn[k])巷", stemEn + " Lane \(alleysIn[k])")
            }
            let width: Double
            switch cls {
            case .main: width = (random.uniform(28, 40) * 2).rounded() / 2
            case .secondary: width = (random.uniform(16, 24) * 2).rounded() / 2
            case .branch: width = (random.uniform(9, 14) * 2).rounded() / 2
            case .alley: width = (random.uniform(3.5, 6) * 2).rounded() / 2
            }
            let edges = vertices.count - 1
            let most = cls == .branch ? 2 : 3
            let pieces = (edges + most - 1) / most
            number += 1
            let code = String(format: "R%05d", number)
            var start = 0
            for p in 0..<pieces {
                let end = start + (edges - start) / (pieces - p)
                let piece = Array(vertices[start...end])
                let metres = piece.map { Position(layout.x[$0], layout.y[$0]) }
                for (a, b) in zip(metres, metres.dropFirst()) { roadEdges.append((PlaceShape(segment: a, b, width: width), cls)) }
                roads.append(RoadSection(code: "\(code)-\(p + 1)", name: name, nameEn: nameEn, roadClass: cls, widthM: width,
                                         officeGroup: officeGroup(street: s, sectionsIn[s]),
                                         geometry: .lineString(piece.map { Position(lon[$0], lat[$0]) })))
                sectionsIn[s] += 1
                start = end
            }
        }
        let (cols, rows) = (layout.columns, layout.rows)
        for j in stride(from: rows, through: 0, by: -1) {
            var i = 0
            while i < cols {
                guard let cls = roadClass(horizontal: i, j) else { i += 1; continue }
                var end = i + 1
                if cls != .alley { while end < cols && roadClass(horizontal: end, j) == cls { end += 1 } }
                try road(cls, (i...end).map { layout.vertex($0, j) }, beside: layout.cell(i, j < rows ? j : j - 1), northSouth: false)
                i = end
            }
        }
        for i in 0...cols {
            var j = rows
            while j > 0 {
                guard let cls = roadClass(vertical: i, j - 1) else { j -= 1; continue }
                var end = j - 1
                if cls != .alley { while end > 0 && roadClass(vertical: i, end - 1) == cls { end -= 1 } }
                try road(cls, stride(from: j, through: end, by: -1).map { layout.vertex(i, $0) },
                         beside: layout.cell(i < cols ? i : i - 1, j - 1), northSouth: true)
                j = end
            }
        }
    }
}
