import Foundation
import GridGeo
import GridStats

/// A problem as the hot-spot methods see it: where (degrees and metres), what, when, and who
/// must act — from the ledger or from a plain file.
public struct HotspotPoint: Sendable {
    public var id: String
    public var lon: Double, lat: Double, x: Double, y: Double
    public var category: String
    public var reportedAt: Double?
    public var open: Bool
    public var lead: [String], support: [String]
    public var grid: String?, community: String?

    public init(id: String, lon: Double, lat: Double, x: Double, y: Double, category: String, reportedAt: Double?, open: Bool,
                lead: [String], support: [String], grid: String?, community: String?) {
        self.id = id; self.lon = lon; self.lat = lat; self.x = x; self.y = y; self.category = category
        self.reportedAt = reportedAt; self.open = open; self.lead = lead; self.support = support; self.grid = grid; self.community = community
    }
}

/// A feature to write: its geometry in degrees and its properties, in `columns` order.
public struct HotspotFeature: Sendable {
    public let id: FeatureID
    public let geometry: Geometry
    public let values: [JSONValue]
}

/// One thread's GEOS context and PROJ object, for outlining clusters; never shared.
final class OutlineTools: @unchecked Sendable {
    let engine = GeometryEngine()
    let toMetres: Projection
    init(metricEPSG: Int) throws { toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)") }
}

/// Hands out 0, 1, 2, … to threads, each number once.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

/// Hot spots of problems (DOMAIN.md §7): density clusters outlined as polygons, and Getis-Ord Gi*
/// on square or hexagonal bins over the street; both as GeoJSON features with simplestyle styling.
public struct Hotspots {
    let office: Office
    let metricEPSG: Int
    let toMetres: Projection
    let engine = GeometryEngine()
    /// Threads that outline clusters.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(office: Office, metricEPSG: Int) throws {
        self.office = office
        self.metricEPSG = metricEPSG
        toMetres = try Projection(from: "EPSG:4326", to: "EPSG:\(metricEPSG)")
    }

    func degrees(_ g: Geometry) throws -> Geometry { try Self.degrees(g, toMetres) }

    static func degrees(_ g: Geometry, _ toMetres: Projection) throws -> Geometry { try toMetres.transform(g, inverse: true) }

    // MARK: - DBSCAN

    public static let clusterColumns: [PropertyColumn] = [
        PropertyColumn("cluster", .integer), PropertyColumn("count", .integer), PropertyColumn("open", .integer),
        PropertyColumn("categories", .string), PropertyColumn("dominant_category", .string), PropertyColumn("dominant_name", .string),
        PropertyColumn("grids", .string), PropertyColumn("communities", .string), PropertyColumn("lead", .string),
        PropertyColumn("support", .string), PropertyColumn("units", .integer), PropertyColumn("first_reported", .string),
        PropertyColumn("last_reported", .string), PropertyColumn("fill", .string), PropertyColumn("stroke", .string),
        PropertyColumn("fill-opacity", .number(decimals: 2)), PropertyColumn("title", .string), PropertyColumn("description", .string),
    ]

    /// Clusters of `points` by DBSCAN (eps metres, minPoints including the point), each outlined
    /// by GEOS's concave hull of its points (convex below 4 points; a point or line is buffered
    /// into an area) buffered by `margin` metres. Returns the features, largest first, and each
    /// point's cluster (−1 noise), numbered in that order.
    public func clusters(_ points: [HotspotPoint], eps: Double, minPoints: Int, margin: Double = 5) throws -> ([HotspotFeature], [Int]) {
        let (labels, groups) = Self.clusterLabels(xs: points.map(\.x), ys: points.map(\.y), eps: eps, minPoints: minPoints)
        let largest = groups.first?.count ?? 1
        // Outlined on every core, each thread with its own GEOS context and PROJ object; the
        // clusters are taken largest first, one at a time, so that the threads finish together.
        let features = ResultSlots<Result<HotspotFeature, Error>>(count: groups.count)
        let next = Counter()
        let threads = max(1, min(workers, groups.count))
        let tools = try (0..<threads).map { _ in try OutlineTools(metricEPSG: metricEPSG) }
        let office = self.office
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            while case let k = next.take(), k < groups.count {
                features.set(k, Result {
                    let list = groups[k]
                    let outline = try Self.outline(list.map { Position(points[$0].x, points[$0].y) }, margin: margin, engine: tools[w].engine)
                    return HotspotFeature(id: .number(k), geometry: try Self.degrees(outline, tools[w].toMetres),
                                          values: Self.clusterValues(k, list.map { points[$0] }, largest: largest, office: office))
                })
            }
        }
        return (try groups.indices.map { k in try features.get(k)!.get() }, labels)
    }

    /// DBSCAN on points in metres, its clusters numbered by size (largest first; ties by their
    /// first point): each point's cluster (−1 for noise), and each cluster's points in order.
    public static func clusterLabels(xs: [Double], ys: [Double], eps: Double, minPoints: Int) -> (labels: [Int], groups: [[Int]]) {
        let raw = DBSCAN.labels(xs: xs, ys: ys, eps: eps, minPoints: minPoints)
        var members: [Int: [Int]] = [:]
        for (i, l) in raw.enumerated() where l >= 0 { members[l, default: []].append(i) }
        let groups = members.values.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
        var labels = [Int](repeating: -1, count: xs.count)
        for (k, group) in groups.enumerated() { for i in group { labels[i] = k } }
        return (labels, groups)
    }

    /// The concave hull (convex below 4 distinct points) of `ps`, buffered by `margin` metres.
    static func outline(_ ps: [Position], margin: Double, engine: GeometryEngine) throws -> Geometry {
        let distinct = Set(ps.map { SIMD2(UInt64($0.x.bitPattern), UInt64($0.y.bitPattern)) }).count
        let cloud = Geometry.multiPoint(ps)
        let hull = distinct >= 4 ? try engine.concaveHull(cloud, ratio: 0.3) : try engine.convexHull(cloud)
        return try engine.buffer(hull, max(margin, 0.5))
    }

    static func clusterValues(_ k: Int, _ ps: [HotspotPoint], largest: Int, office: Office) -> [JSONValue] {
        var byCategory: [String: Int] = [:]
        for p in ps { byCategory[p.category, default: 0] += 1 }
        let categories = byCategory.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let dominant = categories.first?.key ?? ""
        func joined(_ v: [String]) -> String { Array(Set(v)).sorted().joined(separator: ";") }
        let lead = joined(ps.flatMap(\.lead)), support = joined(ps.flatMap(\.support))
        let units = Set(ps.flatMap { $0.lead + $0.support }).count
        let times = ps.compactMap(\.reportedAt)
        func time(_ t: Double?) -> JSONValue { t.map { .string(office.calendar.format(Date(timeIntervalSince1970: $0))) } ?? .null }
        let name = office.catalogue[dominant]?.name ?? dominant
        let open = ps.filter(\.open).count
        // Graded by size relative to the largest: yellow → orange → red.
        let share = Double(ps.count) / Double(max(1, largest))
        let colour = share > 0.66 ? "#d7301f" : share > 0.33 ? "#fc8d59" : "#fdcc8a"
        return [.integer(k), .integer(ps.count), .integer(open),
                .string(categories.map { "\($0.key) \(office.catalogue[$0.key]?.name ?? "") ×\($0.value)" }.joined(separator: "; ")),
                .string(dominant), .string(name), .string(joined(ps.compactMap(\.grid))), .string(joined(ps.compactMap(\.community))),
                .string(lead), .string(support), .integer(units), time(times.min()), time(times.max()),
                .string(colour), .string(colour), .number(0.45),
                .string("热点 Hot spot \(k): \(ps.count) 件 problems, \(name)"),
                .string("\(open) open 未结; 牵头 lead \(lead); 配合 support \(support)")]
    }

    // MARK: - Gi*

    public static let binColumns: [PropertyColumn] = [
        PropertyColumn("bin", .string), PropertyColumn("count", .integer), PropertyColumn("z", .number(decimals: 9)),
        PropertyColumn("p", .number(decimals: 6)), PropertyColumn("confidence", .integer), PropertyColumn("fdr", .bool),
        PropertyColumn("fill", .string), PropertyColumn("stroke", .string), PropertyColumn("fill-opacity", .number(decimals: 2)),
        PropertyColumn("title", .string), PropertyColumn("description", .string),
    ]

    /// The bins of the street (`Bins`).
    func bins(cell: Double, shape: BinShape, band: Double) throws -> Bins {
        let boundary = try toMetres.transform(office.street.area.geometry)
        return try Bins(cell: cell, shape: shape, band: band, boundary: boundary, engine: engine)
    }

    /// Getis-Ord Gi* on the street's bins (`Bins`). Returns every bin, or with `all` false
    /// only the significant ones (|confidence| > 0, or the FDR decision when `fdr`).
    public func gistar(_ points: [HotspotPoint], cell: Double, shape: BinShape = .square, band: Double, fdr: Bool,
                       all: Bool) throws -> [HotspotFeature] {
        let bins = try self.bins(cell: cell, shape: shape, band: band)
        let counts = bins.counts(points)
        let z = GetisOrd.zScores(counts, neighbours: bins.neighbours)
        let p = z.map(Significance.twoSided)
        let decided = Significance.benjaminiHochberg(p)
        var features: [HotspotFeature] = []
        for k in bins.cells.indices {
            let confidence = Significance.confidence(z: z[k], p: p[k])
            let significant = fdr ? decided[k] : confidence != 0
            guard all || significant else { continue }
            let colours = [-3: "#2166ac", -2: "#67a9cf", -1: "#d1e5f0", 0: "#f7f7f7", 1: "#fddbc7", 2: "#ef8a62", 3: "#b2182b"]
            let colour = colours[confidence] ?? "#f7f7f7"
            let label = confidence > 0 ? "热点 hot spot" : confidence < 0 ? "冷点 cold spot" : "不显著 not significant"
            let level = [3: "99%", 2: "95%", 1: "90%"][abs(confidence)] ?? "—"
            features.append(HotspotFeature(id: .string(bins.name(k)), geometry: try degrees(bins.polygon(k)), values: [
                .string(bins.name(k)), .integer(Int(counts[k])), .number(z[k]), .number(p[k]), .integer(confidence), .bool(decided[k]),
                .string(colour), .string(colour), .number(confidence == 0 ? 0.1 : 0.6),
                .string("\(label) \(level)"), .string("count \(Int(counts[k])) 件, z = \(String(format: "%.2f", z[k])), p = \(String(format: "%.4f", p[k]))"),
            ]))
        }
        return features
    }

    // MARK: - Emerging hot spots

    public enum Step: String, Sendable, CaseIterable { case week, month }

    public static let emergingColumns: [PropertyColumn] = [
        PropertyColumn("bin", .string), PropertyColumn("count", .integer), PropertyColumn("category", .string),
        PropertyColumn("category_zh", .string), PropertyColumn("steps", .integer), PropertyColumn("hot_steps", .integer),
        PropertyColumn("cold_steps", .integer), PropertyColumn("trend_z", .number(decimals: 4)), PropertyColumn("trend_p", .number(decimals: 6)),
        PropertyColumn("fill", .string), PropertyColumn("stroke", .string), PropertyColumn("fill-opacity", .number(decimals: 2)),
        PropertyColumn("title", .string), PropertyColumn("description", .string),
    ]

    /// Gi* on the same bins for each week (from the Monday on or before the first report) or
    /// calendar month of the period, then each bin's emerging category (`EmergingCategory`) with a
    /// Mann-Kendall trend test on its z-series. Points without a report time are left out.
    /// Returns the bins with a pattern, or every bin with `all`.
    public func emerging(_ points: [HotspotPoint], cell: Double, shape: BinShape = .square, band: Double, step: Step,
                         all: Bool) throws -> [HotspotFeature] {
        let dated = points.filter { $0.reportedAt != nil }
        let calendar = office.calendar
        let days = dated.map { calendar.local(Date(timeIntervalSince1970: $0.reportedAt ?? 0)).day }
        guard let first = days.min(), let last = days.max() else { return [] }
        func stepOf(_ d: CivilDay) -> Int {
            switch step {
            case .week:
                let monday = first.number - (first.weekday - 1)
                return (d.number - monday) / 7
            case .month:
                let (y0, m0, _) = first.date, (y, m, _) = d.date
                return (y - y0) * 12 + m - m0
            }
        }
        let steps = stepOf(last) + 1
        var byStep = [[HotspotPoint]](repeating: [], count: steps)
        for (p, d) in zip(dated, days) { byStep[stepOf(d)].append(p) }
        let bins = try self.bins(cell: cell, shape: shape, band: band)
        let zs = byStep.map { GetisOrd.zScores(bins.counts($0), neighbours: bins.neighbours) }
        let total = bins.counts(dated)
        var features: [HotspotFeature] = []
        for k in bins.cells.indices {
            let z = zs.map { $0[k] }, p = z.map(Significance.twoSided)
            let category = EmergingCategory.classify(z: z, p: p)
            guard all || category != .noPattern else { continue }
            let trend = MannKendall.test(z)
            let hot = (0..<steps).filter { z[$0] > 0 && p[$0] <= 0.10 }.count, cold = (0..<steps).filter { z[$0] < 0 && p[$0] <= 0.10 }.count
            let isCold = category.rawValue.hasSuffix("cold")
            let colour = category == .noPattern ? "#f7f7f7" : isCold ? "#4393c3" : "#d6604d"
            features.append(HotspotFeature(id: .string(bins.name(k)), geometry: try degrees(bins.polygon(k)), values: [
                .string(bins.name(k)), .integer(Int(total[k])), .string(category.rawValue), .string(category.chinese), .integer(steps),
                .integer(hot), .integer(cold), .number(trend.z), .number(trend.p), .string(colour), .string(colour),
                .number(category == .noPattern ? 0.1 : 0.6), .string("\(category.chinese) \(category.rawValue.replacingOccurrences(of: "_", with: " "))"),
                .string("\(Int(total[k])) 件 over \(steps) \(step.rawValue)s; hot in \(hot), cold in \(cold); trend z = \(String(format: "%.2f", trend.z))"),
            ]))
        }
        return features
    }
}
