import Foundation
import GridGeo

/// A realistic, deterministic July–September 2022 intake for the sample street, as the two files
/// a street office receives: grid managers' reports (UTF-8, WGS 84, English headers) and a 12345
/// hotline export (GB18030, GCJ-02, Chinese headers, category names instead of codes).
///
/// Where problems fall (DOMAIN.md §2): stall spillover at the market entrances, disorderly parking
/// along a few named roads, flying-line charging in the older staff compounds (家属院), tobacco
/// sold near one school, and the other categories scattered over the street, more on working days
/// and in the day. About a quarter come through 12345; some are the same problem reported twice.
public struct SampleIntake {
    public struct Row: Sendable {
        public var ref: String
        public var category: String
        public var lon: Double, lat: Double
        public var reportedAt: Double
        public var reporter: String
        public var description: String
        public var hotline: Bool
    }

    let street: Street
    let catalogue: Catalogue
    let calendar: WorkCalendar
    let toMetres: Projection
    var random: SeededRandom

    public static let start = "2022-07-01", end = "2022-10-01"

    public init(street: Street, catalogue: Catalogue, calendar: WorkCalendar, seed: UInt64) throws {
        self.street = street; self.catalogue = catalogue; self.calendar = calendar
        random = SeededRandom(seed: seed)
        let centre = street.area.geometry.envelope?.center ?? Position(108.5, 34.3)
        toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(try gaussKrugerEPSG(forLongitude: centre.x))")
    }

    func metres(_ g: Geometry) throws -> Geometry { try toMetres.transform(g) }

    /// A report time: a day of the quarter, mostly in the day, more on working days.
    mutating func time() -> Double {
        guard let first = CivilDay(Self.start), let last = CivilDay(Self.end) else { return 0 }
        while true {
            let day = CivilDay(number: first.number + Int(random.unit() * Double(last.number - first.number)))
            if !calendar.isWorkingDay(day) && random.unit() < 0.45 { continue }
            let hour = 7.5 + 12 * (random.unit() + random.unit()) / 2   // around 13:30, from 07:30 to 19:30
            return calendar.instant(day, (hour * 3600).rounded())
                .timeIntervalSince1970
        }
    }

    /// A point in degrees from one in metres.
    func degrees(_ p: Position) throws -> Position {
        let q = try toMetres.transform(p, inverse: true)
        return Position((q.x * 1e7).rounded() / 1e7, (q.y * 1e7).rounded() / 1e7)
    }

    /// A uniform point inside a polygon (metres).
    mutating func inside(_ g: Geometry) -> Position? {
        guard let shape = PlanarPolygon(g), let env = g.envelope else { return nil }
        for _ in 0..<1000 {
            let p = Position(random.uniform(env.minX, env.maxX), random.uniform(env.minY, env.maxY))
            if shape.locate(p.x, p.y).isCovered { return p }
        }
        return nil
    }

    /// A point outside a polygon, between `near` and `far` metres from it.
    mutating func around(_ g: Geometry, near: Double, far: Double) -> Position? {
        guard let shape = PlanarPolygon(g), let env = g.envelope?.expanded(by: far) else { return nil }
        for _ in 0..<4000 {
            let p = Position(random.uniform(env.minX, env.maxX), random.uniform(env.minY, env.maxY))
            let d = shape.distance(p.x, p.y)
            if d > near && d < far { return p }
        }
        return nil
    }

    /// A point within `offset` metres of a road's centreline (metres).
    mutating func along(_ g: Geometry, offset: Double) -> Position? {
        guard case .lineString(let line) = g, line.count >= 2 else { return nil }
        let k = Int(random.unit() * Double(line.count - 1))
        let a = line[k], b = line[k + 1], t = random.unit()
        let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return nil }
        let side = random.uniform(-offset, offset)
        return Position(a.x + t * dx - dy / length * side, a.y + t * dy + dx / length * side)
    }

    /// The rows, oldest first.
    public mutating func generate(count: Int = 3000) throws -> [Row] {
        let boundary = try metres(street.area.geometry)
        guard let streetShape = PlanarPolygon(boundary), let streetDegrees = PlanarPolygon(street.area.geometry) else {
            throw InputError(source: "sample intake", message: "the street boundary is not a polygon")
        }
        /// Inside the street as the locator sees it: in degrees, after rounding to 7 decimals.
        func isInStreet(_ p: Position) -> Bool { streetDegrees.locate(p.x, p.y).isCovered }
        /// At least 2 m inside the street (in metres), so that rounding coordinates written in
        /// GCJ-02 to 6 decimals (about 0.1 m) cannot carry a point outside.
        func isWellInside(_ p: Position) -> Bool { streetShape.locate(p.x, p.y).isCovered && streetShape.boundaryDistance(p.x, p.y) > 2 }
        let markets = try street.markets.map { try metres($0.geometry) }
        let roads = try street.roads.filter { $0.roadClass != .alley }.prefix(60).map { try metres($0.geometry) }
        let parkingRoads = stride(from: 0, to: roads.count, by: max(1, roads.count / 4)).prefix(4).map { roads[$0] }
        let oldCompounds = try street.compounds.filter { $0.name.hasSuffix("家属院") || $0.name.hasSuffix("新村") }.map { try metres($0.geometry) }
        let school = try street.schools.first.map { try metres($0.geometry) }
        let scattered = catalogue.categories.filter { !["9301", "0504", "0505", "0506", "9201", "9701"].contains($0.code) }.map(\.code)
        let managers = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷", "吴军"]

        var rows: [Row] = []
        var gridSeq = 0, hotlineSeq = 0
        while rows.count < count {
            let kind = random.unit()
            var category: String, point: Position?
            switch kind {
            case ..<0.22:
                category = random.unit() < 0.7 ? "9301" : "0504"
                point = markets.isEmpty ? nil : around(markets[Int(random.unit() * Double(markets.count))], near: 3, far: 60)
            case ..<0.42:
                category = random.unit() < 0.65 ? "0506" : "0505"
                point = parkingRoads.isEmpty ? nil : along(parkingRoads[Int(random.unit() * Double(parkingRoads.count))], offset: 12)
            case ..<0.54:
                category = "9201"
                point = oldCompounds.isEmpty ? nil : inside(oldCompounds[Int(random.unit() * Double(oldCompounds.count))])
            case ..<0.58:
                category = "9701"
                point = school.flatMap { around($0, near: 5, far: 90) }
            default:
                category = scattered[Int(random.unit() * Double(scattered.count))]
                point = inside(boundary)
            }
            guard let p = point, isWellInside(p) else { continue }
            let wgs = try degrees(p)
            guard isInStreet(wgs) else { continue }
            let at = time()
            let hotline = random.unit() < 0.25
            let name = catalogue[category]?.name ?? category
            if hotline {
                hotlineSeq += 1
                let day = calendar.local(Date(timeIntervalSince1970: at)).day.description.replacingOccurrences(of: "-", with: "")
                rows.append(Row(ref: String(format: "12345-%@-%04d", day, hotlineSeq), category: category, lon: wgs.x, lat: wgs.y,
                                reportedAt: at, reporter: "市民", description: "市民反映：\(name)", hotline: true))
            } else {
                gridSeq += 1
                rows.append(Row(ref: String(format: "GM-%05d", gridSeq), category: category, lon: wgs.x, lat: wgs.y, reportedAt: at,
                                reporter: managers[Int(random.unit() * Double(managers.count))], description: "网格巡查发现：\(name)", hotline: false))
            }
            // Now and then the same problem is reported again within hours, a few metres away.
            if random.unit() < 0.06 {
                let again = Position(p.x + random.uniform(-15, 15), p.y + random.uniform(-15, 15))
                guard isWellInside(again) else { continue }
                let w = try degrees(again)
                guard isInStreet(w) else { continue }
                hotlineSeq += 1
                let later = at + random.uniform(600, 6 * 3600)
                let day = calendar.local(Date(timeIntervalSince1970: later)).day.description.replacingOccurrences(of: "-", with: "")
                rows.append(Row(ref: String(format: "12345-%@-%04d", day, hotlineSeq), category: category, lon: w.x, lat: w.y,
                                reportedAt: later, reporter: "市民", description: "市民反映：\(name)", hotline: true))
            }
        }
        return rows.sorted { ($0.reportedAt, $0.ref) < ($1.reportedAt, $1.ref) }
    }

    /// Writes `grid-reports.csv` (UTF-8, WGS 84) and `12345-export.csv` (GB18030, GCJ-02, Chinese
    /// headers and category names) into `folder`.
    public func write(_ rows: [Row], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var grid = CSVFormat.line(["source_ref", "category", "lon", "lat", "reported_at", "reporter", "description"])
        var hotline = CSVFormat.line(["工单号", "问题类型", "经度", "纬度", "受理时间", "来源", "诉求内容"])
        for r in rows {
            let time = calendar.format(Date(timeIntervalSince1970: r.reportedAt))
            if r.hotline {
                let gcj = ChineseCoordinates.wgs84ToGCJ02(Position(r.lon, r.lat))
                // 12345 systems write local time with slashes and no offset.
                let local = String(time.prefix(19)).replacingOccurrences(of: "-", with: "/").replacingOccurrences(of: "T", with: " ")
                hotline += CSVFormat.line([r.ref, catalogue[r.category]?.name ?? r.category, String(format: "%.6f", gcj.x),
                                           String(format: "%.6f", gcj.y), local, "12345热线", r.description])
            } else {
                grid += CSVFormat.line([r.ref, r.category, String(format: "%.7f", r.lon), String(format: "%.7f", r.lat), time,
                                        r.reporter, r.description])
            }
        }
        do {
            try Data(grid.utf8).write(to: folder.appendingPathComponent("grid-reports.csv"))
            try IntakeFile.utf8ToGB18030(hotline).write(to: folder.appendingPathComponent("12345-export.csv"))
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(source: folder.path, message: "cannot write the intake files: \(error.localizedDescription)")
        }
    }
}
