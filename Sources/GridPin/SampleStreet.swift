import Foundation
import GridGeo

/// Generates the sample street: a fictional street in a county-level city of Shaanxi, around
/// 108.50°E, 34.30°N, with about 6 communities and 40–60 grids that tile them exactly.
///
/// Grids are Voronoi cells of jittered seeds clipped to an irregular boundary; communities are
/// unions of neighbouring grids (so grids tile them with shared vertices); roads run along
/// community edges and the street edge, back alleys along some grid edges; markets, sites,
/// schools, venues and compounds are placed without overlapping. Built in metres in the
/// CGCS2000 Gauss-Krüger zone of 108°E (EPSG:4545), written in WGS 84.
public struct SampleStreet {
    public static let countyCode = "619901"   // fictional: no prefecture 6199 exists in GB/T 2260
    public static let streetCode = countyCode + "001"
    public static let centre = Position(108.50, 34.30)

    let engine = GeometryEngine()
    var random: SeededRandom
    let toMetres: Projection

    public init(seed: UInt64 = 2022) throws {
        random = SeededRandom(seed: seed)
        toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(try gaussKrugerEPSG(forLongitude: Self.centre.x))")
    }

    static let communityNames: [(String, String)] = [
        ("东关社区", "Dongguan Community"), ("西街社区", "Xijie Community"), ("南苑社区", "Nanyuan Community"),
        ("北街社区", "Beijie Community"), ("槐里社区", "Huaili Community"), ("金城社区", "Jincheng Community"),
    ]
    static let roadNames: [(String, String)] = [
        ("兴华路", "Xinghua Road"), ("东风路", "Dongfeng Road"), ("金城大道", "Jincheng Avenue"), ("槐里路", "Huaili Road"),
        ("文化街", "Wenhua Street"), ("建设路", "Jianshe Road"), ("团结路", "Tuanjie Road"), ("人民路", "Renmin Road"),
        ("育才路", "Yucai Road"), ("新民街", "Xinmin Street"), ("丰收路", "Fengshou Road"), ("光明路", "Guangming Road"),
        ("幸福路", "Xingfu Road"), ("红旗街", "Hongqi Street"), ("和平路", "Heping Road"), ("友谊路", "Youyi Road"),
    ]
    static let officeGroupNames = ["第一组办", "第二组办", "第三组办", "第四组办", "第五组办", "第六组办"]

    /// The institutional units the seed plan names, and the public service centre.
    static let institutions: [Unit] = [
        Unit(id: "cmo", name: "城市管理办公室", nameEn: "City Management Office", kind: "office"),
        Unit(id: "ems", name: "应急管理站", nameEn: "Emergency Management Station", kind: "station"),
        Unit(id: "mso", name: "市场监督管理所", nameEn: "Market Supervision Office", kind: "office"),
        Unit(id: "ecs", name: "生态环境和市容卫生管理站", nameEn: "Ecology & City-Appearance Station", kind: "station"),
        Unit(id: "pbo", name: "党建办", nameEn: "Party Building Office", kind: "office"),
        Unit(id: "jdb", name: "街道办事处", nameEn: "Street Office", kind: "office"),
        Unit(id: "hcb", name: "区住建局", nameEn: "District Housing & Construction Bureau", kind: "district_bureau"),
        Unit(id: "mlps", name: "茂陵派出所", nameEn: "Maoling Police Station", kind: "police"),
        Unit(id: "mqeg", name: "马泉教育组", nameEn: "Maquan Education Group", kind: "education"),
        Unit(id: "svc", name: "便民服务中心", nameEn: "Public Service Centre", kind: "service_centre"),
    ]

    // MARK: - Shapes in metres

    func toDegrees(_ g: Geometry) throws -> Geometry {
        try g.map { p in
            let q = try toMetres.transform(p, inverse: true)
            return Position((q.x * 1e7).rounded() / 1e7, (q.y * 1e7).rounded() / 1e7)
        }
    }

    static func rectangle(_ c: Position, _ w: Double, _ h: Double, _ angle: Double) -> Geometry {
        let (s, k) = (sin(angle), cos(angle))
        let corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2), (-w / 2, -h / 2)]
        return .polygon([corners.map { Position(c.x + $0.0 * k - $0.1 * s, c.y + $0.0 * s + $0.1 * k) }])
    }

    /// Sorts items north→south in rows of `rowHeight`, then west→east (the grid-code order).
    static func readingOrder(_ points: [Position], rowHeight: Double) -> [Int] {
        let top = points.map(\.y).max() ?? 0
        return points.indices.sorted { a, b in
            let ra = Int((top - points[a].y) / rowHeight), rb = Int((top - points[b].y) / rowHeight)
            return ra != rb ? ra < rb : points[a].x < points[b].x
        }
    }

    /// Cuts a line into sections of at most `maxLength` metres.
    static func sections(of line: [Position], maxLength: Double) -> [[Position]] {
        var total = 0.0
        for i in 1..<line.count { total += hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y) }
        let pieces = max(1, Int((total / maxLength).rounded(.up)))
        let step = total / Double(pieces)
        var out: [[Position]] = [], current = [line[0]]
        var walked = 0.0, nextCut = step
        for i in 1..<line.count {
            let a = line[i - 1], b = line[i]
            let len = hypot(b.x - a.x, b.y - a.y)
            while out.count < pieces - 1 && walked + len >= nextCut {
                let t = (nextCut - walked) / len
                let cut = Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
                current.append(cut); out.append(current); current = [cut]
                nextCut += step
            }
            current.append(b)
            walked += len
        }
        out.append(current)
        return out.filter { $0.count >= 2 }
    }

    // MARK: - Generation

    public mutating func generate() throws -> Street {
        let c = try toMetres.transform(Self.centre)

        // The boundary: an irregular 18-gon of radius 560–800 m.
        var ring: [Position] = []
        for k in 0..<18 {
            let theta = 2 * Double.pi * Double(k) / 18
            let r = 680 + random.uniform(-120, 120)
            ring.append(Position(c.x + r * cos(theta), c.y + r * sin(theta)))
        }
        ring.append(ring[0])
        let boundary = Geometry.polygon([ring])

        // Grid seeds on a jittered 165 m lattice, Voronoi cells clipped to the boundary.
        var seeds: [Position] = []
        let spacing = 165.0
        var y = c.y - 850
        while y < c.y + 850 {
            var x = c.x - 850
            while x < c.x + 850 {
                let p = Position(x + random.uniform(-40, 40), y + random.uniform(-40, 40))
                if try engine.covers(boundary, .point(p)) && PlanarPolygon(boundary)!.boundaryDistance(p.x, p.y) > 40 { seeds.append(p) }
                x += spacing
            }
            y += spacing
        }
        let cells = try engine.voronoiCells(sites: seeds, clip: boundary)

        // Six communities: each grid joins the nearest of six community seeds.
        var communitySeeds = [Position(c.x + random.uniform(-60, 60), c.y + random.uniform(-60, 60))]
        let turn = random.uniform(0, 2 * .pi / 5)
        for k in 0..<5 {
            let theta = turn + 2 * Double.pi * Double(k) / 5
            communitySeeds.append(Position(c.x + 440 * cos(theta), c.y + 440 * sin(theta)))
        }
        let member = seeds.map { s in
            communitySeeds.indices.min { hypot(communitySeeds[$0].x - s.x, communitySeeds[$0].y - s.y) < hypot(communitySeeds[$1].x - s.x, communitySeeds[$1].y - s.y) }!
        }
        let communityOrder = Self.readingOrder(communitySeeds, rowHeight: 400)
        var communities: [Community] = [], grids: [Grid] = [], metricCommunities: [Geometry] = []
        for (rank, k) in communityOrder.enumerated() {
            let code = Self.streetCode + String(format: "%03d", rank + 1)
            let mine = seeds.indices.filter { member[$0] == k }
            let shape = try engine.union(mine.map { cells[$0] })
            metricCommunities.append(shape)
            let (name, nameEn) = Self.communityNames[rank % Self.communityNames.count]
            communities.append(Community(code: code, name: name, nameEn: nameEn, partyBranch: "pb-" + code,
                                         geometry: try toDegrees(shape)))
            for (n, i) in Self.readingOrder(mine.map { seeds[$0] }, rowHeight: spacing).map({ mine[$0] }).enumerated() {
                let gridCode = code + String(format: "%03d", n + 1)
                grids.append(Grid(code: gridCode, name: "\(name)第\(n + 1)网格", nameEn: "\(nameEn) Grid \(n + 1)",
                                  community: code, geometry: try toDegrees(cells[i])))
            }
        }

        // Roads: the street edge and the edges between communities, cut into sections.
        var roads: [RoadSection] = [], metricRoads: [(RoadClass, Geometry)] = []
        var roadLines: [(line: [Position], cls: RoadClass, width: Double)] = [(ring, .main, 24)]
        for a in 0..<metricCommunities.count {
            for b in (a + 1)..<metricCommunities.count {
                let shared = try engine.lineMerge(engine.intersection(engine.boundary(metricCommunities[a]), engine.boundary(metricCommunities[b])))
                for line in shared.lines {
                    let length = zip(line, line.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) }
                    if length > 120 { roadLines.append((line, length > 500 ? .main : .secondary, length > 500 ? 18 : 12)) }
                }
            }
        }
        // Back alleys: two in three long edges shared by two grids of the same community.
        for i in 0..<seeds.count {
            for j in (i + 1)..<seeds.count where member[i] == member[j] && (i * 7 + j) % 3 != 0 {
                let shared = try engine.lineMerge(engine.intersection(engine.boundary(cells[i]), engine.boundary(cells[j])))
                for line in shared.lines {
                    let length = zip(line, line.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) }
                    if length > 80 { roadLines.append((line, .alley, 4)) }
                }
            }
        }
        var named = 0, section = 0
        for road in roadLines {
            let (name, nameEn): (String, String)
            if road.cls == .alley {
                let n = roads.filter { $0.roadClass == .alley }.map(\.name).reduce(into: Set<String>()) { $0.insert($1) }.count + 1
                (name, nameEn) = ("槐荫\(n)巷", "Huaiyin Lane \(n)")
            } else if road.line.first == road.line.last {
                (name, nameEn) = ("环城路", "Ring Road")
            } else {
                (name, nameEn) = Self.roadNames[named % Self.roadNames.count]
                named += 1
            }
            let roadNumber = Set(roads.map(\.name)).count + 1
            for (k, piece) in Self.sections(of: road.line, maxLength: road.cls == .alley ? 400 : 350).enumerated() {
                section += 1
                let geometry = Geometry.lineString(piece)
                metricRoads.append((road.cls, geometry))
                roads.append(RoadSection(code: String(format: "R%02d-%d", roadNumber, k + 1), name: name, nameEn: nameEn,
                                         roadClass: road.cls, widthM: road.width,
                                         officeGroup: "og-\(section % 6 + 1)", geometry: try toDegrees(geometry)))
            }
        }

        // Places: rectangles that lie in one community and keep clear of each other.
        var placed: [Geometry] = []
        let mainRoads = metricRoads.filter { $0.0 != .alley }.compactMap { PlanarPolyline($0.1) }
        func place(_ w: ClosedRange<Double>, _ h: ClosedRange<Double>, nearRoad: Double?) throws -> (Geometry, Int) {
            for _ in 0..<4000 {
                let p = Position(c.x + random.uniform(-700, 700), c.y + random.uniform(-700, 700))
                let shape = Self.rectangle(p, random.uniform(w.lowerBound, w.upperBound), random.uniform(h.lowerBound, h.upperBound),
                                           random.uniform(-0.35, 0.35))
                if let d = nearRoad, !(mainRoads.contains { $0.distance(p.x, p.y) < d }) { continue }
                guard let k = try metricCommunities.firstIndex(where: { try engine.covers($0, shape) }) else { continue }
                let clear = try engine.buffer(shape, 25)
                if try placed.contains(where: { try engine.intersects($0, clear) }) { continue }
                placed.append(shape)
                return (shape, k)
            }
            throw InputError(source: "sample street", message: "could not place a feature without overlap")
        }
        let marketNames = [("东关农贸市场", "Dongguan Farmers' Market"), ("西街便民市场", "Xijie Convenience Market"), ("南苑农贸市场", "Nanyuan Farmers' Market")]
        var markets: [Market] = []
        for (n, m) in marketNames.enumerated() {
            let (shape, _) = try place(60...80, 45...60, nearRoad: 70)
            markets.append(Market(code: String(format: "M%02d", n + 1), name: m.0, nameEn: m.1, surroundingsM: 100, geometry: try toDegrees(shape)))
        }
        let schoolNames = [("槐荫小学", "Huaiyin Primary School"), ("东关小学", "Dongguan Primary School"),
                           ("槐荫中学", "Huaiyin Middle School"), ("金城实验学校", "Jincheng Experimental School")]
        var schools: [School] = []
        for (n, s) in schoolNames.enumerated() {
            let (shape, _) = try place(100...130, 70...90, nearRoad: nil)
            schools.append(School(code: String(format: "S%02d", n + 1), name: s.0, nameEn: s.1, radiusM: 100, geometry: try toDegrees(shape)))
        }
        let siteNames = [("兴华苑二期工地", "Xinghua Garden Phase II site"), ("东风路管网改造工地", "Dongfeng Road pipe renewal site"),
                         ("金城商业综合体工地", "Jincheng Mall site"), ("槐里安置小区工地", "Huaili resettlement housing site")]
        var sites: [Site] = []
        for (n, s) in siteNames.enumerated() {
            let (shape, _) = try place(90...130, 70...100, nearRoad: nil)
            sites.append(Site(code: String(format: "W%02d", n + 1), name: s.0, nameEn: s.1, geometry: try toDegrees(shape)))
        }
        // Venues without an operator are run by the community they lie in, and named after it.
        let venueSpecs: [(String, String, String, String?)] = [
            ("街道便民服务中心", "Street Public Service Centre", "service_hall", "svc"),
            ("槐荫文化广场", "Huaiyin Culture Square", "square", nil),
            ("街道图书馆", "Street Library", "library", "pbo"),
            ("{community}卫生服务站", "{community} Health Station", "health_station", nil),
            ("金城公园", "Jincheng Park", "park", "ecs"),
            ("新时代文明实践站", "Civilisation Practice Station", "practice_station", nil),
            ("城市管理执法中队", "City Management Squad Office", "office", "cmo"),
            ("{community}活动中心", "{community} Activity Centre", "activity_centre", nil),
        ]
        var venues: [Venue] = []
        for (n, v) in venueSpecs.enumerated() {
            let (shape, k) = try place(35...70, 30...60, nearRoad: nil)
            let name = v.0.replacingOccurrences(of: "{community}", with: communities[k].name)
            let nameEn = v.1.replacingOccurrences(of: "{community}", with: communities[k].nameEn)
            venues.append(Venue(code: String(format: "V%02d", n + 1), name: name, nameEn: nameEn, kind: v.2,
                                operatorUnit: v.3 ?? communities[k].code, geometry: try toDegrees(shape)))
        }
        var compounds: [Compound] = []
        let compoundNames = ["兴华苑", "东风小区", "金城花园", "槐里新村", "文化家属院", "建设小区", "团结新苑", "人民小区",
                             "育才家属院", "新民小区", "丰收苑", "光明小区", "幸福家园", "红旗家属院"]
        let compoundEn = ["Xinghua Garden", "Dongfeng Estate", "Jincheng Garden", "Huaili New Village", "Wenhua Staff Compound",
                          "Jianshe Estate", "Tuanjie Garden", "Renmin Estate", "Yucai Staff Compound", "Xinmin Estate",
                          "Fengshou Garden", "Guangming Estate", "Xingfu Home", "Hongqi Staff Compound"]
        for n in 0..<compoundNames.count {
            let (shape, k) = try place(90...140, 80...120, nearRoad: nil)
            compounds.append(Compound(code: String(format: "XQ%02d", n + 1), name: compoundNames[n], nameEn: compoundEn[n],
                                      officeGroup: "og-\(k % 6 + 1)", geometry: try toDegrees(shape)))
        }

        var units = Self.institutions
        for community in communities {
            units.append(Unit(id: community.code, name: community.name, nameEn: community.nameEn, kind: "community"))
            units.append(Unit(id: community.partyBranch, name: community.name + "党支部", nameEn: community.nameEn + " Party Branch", kind: "party_branch"))
        }
        for (n, name) in Self.officeGroupNames.enumerated() {
            units.append(Unit(id: "og-\(n + 1)", name: name, nameEn: "Office Group \(n + 1)", kind: "office_group"))
        }
        return Street(area: StreetArea(code: Self.streetCode, name: "槐荫街道", nameEn: "Huaiyin Street (fictional)",
                                       geometry: try toDegrees(boundary)),
                      communities: communities, grids: grids, compounds: compounds, roads: roads, markets: markets,
                      sites: sites, schools: schools, venues: venues, units: units, folder: URL(fileURLWithPath: "."))
    }
}
