import Foundation
import GridGeo
import GridStats

/// What the sweep planner is asked for.
public struct SweepOptions: Sendable {
    /// DBSCAN's radius in metres and the points within it (itself included) that make a core point.
    public var eps: Double, minPoints: Int
    /// How many different units (lead and support, over all the cluster's cases) a cluster must
    /// need to become a stop.
    public var minUnits: Int
    /// Stops per day.
    public var perDay: Int
    /// The moment the plan is made at: what is open and how overdue (seconds since 1970).
    public var now: Double

    public init(eps: Double = 25, minPoints: Int = 10, minUnits: Int = 2, perDay: Int = 4, now: Double) {
        self.eps = eps; self.minPoints = minPoints; self.minUnits = minUnits; self.perDay = perDay; self.now = now
    }
}

/// How many cases name a key (a category code, a unit id).
public struct Tally: Sendable, Equatable {
    public let key: String, count: Int
    public init(_ key: String, _ count: Int) { self.key = key; self.count = count }

    /// The keys' counts, most first (lowest key on a tie).
    static func of(_ keys: [String]) -> [Tally] {
        var n: [String: Int] = [:]
        for k in keys { n[k, default: 0] += 1 }
        return n.map { Tally($0.key, $0.value) }.sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }
}

/// Where a stop is, in the names of the street's layers: the market and the compound that hold a
/// third of its cases or more, its commonest road (and the next when that holds a third), and
/// its commonest grid with that grid's community.
public struct SweepPlace: Sendable, Equatable {
    public var market: String?, compound: String?, roads: [String] = [], grid: String?, community: String?

    /// "东关农贸市场 · 环城路 · 东关社区第2网格", or "—"; the community only when the grid's name
    /// does not already say it.
    public var text: String {
        var parts = [market, compound].compactMap { $0 } + roads + [grid].compactMap { $0 }
        if let community, !(grid ?? "").hasPrefix(community) { parts.append(community) }
        return parts.isEmpty ? "—" : parts.joined(separator: " · ")
    }
}

/// One stop of a sweep: a DBSCAN cluster whose cases need several units.
public struct SweepStop: Sendable {
    /// The cluster's number in `gridpin hotspots --method dbscan` on the same cases (0 = largest).
    public let cluster: Int
    /// The cluster's cases: indices into the cases planned.
    public let members: [Int]
    /// The mean of its cases, in metres and degrees.
    public let x: Double, y: Double, lon: Double, lat: Double
    /// The cluster's outline in degrees (the concave hull of its cases, buffered by 5 m).
    public let outline: Geometry
    public let count: Int, open: Int
    /// Every unit its cases name, lead or support, with how many of its cases name it, most first
    /// (lowest id on a tie).
    public let unitCases: [Tally]
    /// The coordinating unit: the one leading the most open cases here (lowest id on a tie).
    public let lead: String
    /// Σ over open cases of severity × (1 + days overdue / 7).
    public let priority: Double
    /// Open cases per category, most first (lowest code on a tie).
    public let problems: [Tally]
    public let place: SweepPlace

    /// The units to convene: every unit its cases name, most named first.
    public var units: [String] { unitCases.map(\.key) }
}

/// One day of a sweep: its stops in walking order, each leg's length and the whole route's.
public struct SweepDay: Sendable {
    public let day: Int
    public let stops: [SweepStop]
    /// `legs[k]`: metres from stop k−1 to stop k (`legs[0]` is 0).
    public let legs: [Double]
    public var lengthM: Double { legs.reduce(0, +) }
}

/// A joint sweep plan (联合整治): days of stops with their routes, and what was left out.
public struct SweepPlan: Sendable {
    public let options: SweepOptions
    public let days: [SweepDay]
    /// How many cases were clustered, how many clusters DBSCAN found, and how many were left out
    /// for needing fewer than `minUnits` units or for having no open case.
    public let cases: Int, clusters: Int, fewUnits: Int, nothingOpen: Int

    public var stops: [SweepStop] { days.flatMap(\.stops) }
}

/// Plans joint sweeps (DOMAIN.md §1): DBSCAN clusters of problems (the clusters of `gridpin
/// hotspots --method dbscan`) that need at least `minUnits` units and have an open case become
/// stops; stops go into days by priority, `perDay` a day; each day's stops are ordered into a
/// short walking route (`Route`: nearest neighbour from the day's highest-priority stop, then
/// 2-opt; straight lines in the street's metric system).
public struct SweepPlanner {
    let office: Office
    let hotspots: Hotspots

    public init(office: Office, metricEPSG: Int) throws {
        self.office = office
        hotspots = try Hotspots(office: office, metricEPSG: metricEPSG)
    }

    public func plan(_ cases: [SweepCase], options: SweepOptions) throws -> SweepPlan {
        let (features, labels) = try hotspots.clusters(cases.map(\.point), eps: options.eps, minPoints: options.minPoints)
        var members = [[Int]](repeating: [], count: features.count)
        for (i, l) in labels.enumerated() where l >= 0 { members[l].append(i) }
        var stops: [SweepStop] = [], fewUnits = 0, nothingOpen = 0
        for (k, list) in members.enumerated() {
            let stop = try self.stop(k, list, cases, outline: features[k].geometry, now: options.now)
            if stop.units.count < options.minUnits { fewUnits += 1 } else if stop.open == 0 { nothingOpen += 1 } else { stops.append(stop) }
        }
        let days = Self.days(stops, perDay: options.perDay).enumerated().map { d, list in Self.route(day: d + 1, list) }
        return SweepPlan(options: options, days: days, cases: cases.count, clusters: features.count, fewUnits: fewUnits, nothingOpen: nothingOpen)
    }

    /// The stops by priority, highest first (more open cases, then the lower cluster number, on a
    /// tie), cut into days of `perDay`.
    public static func days(_ stops: [SweepStop], perDay: Int) -> [[SweepStop]] {
        let ranked = stops.sorted { ($0.priority, $0.open, -$0.cluster) > ($1.priority, $1.open, -$1.cluster) }
        return stride(from: 0, to: ranked.count, by: max(1, perDay)).map { Array(ranked[$0..<min($0 + max(1, perDay), ranked.count)]) }
    }

    /// A day's stops (highest priority first) in walking order, starting at the first.
    static func route(day: Int, _ stops: [SweepStop]) -> SweepDay {
        let xs = stops.map(\.x), ys = stops.map(\.y)
        let order = Route.order(xs: xs, ys: ys, start: 0)
        return SweepDay(day: day, stops: order.map { stops[$0] }, legs: [0] + Route.legs(order, xs: xs, ys: ys))
    }

    /// The case's weight in a stop's priority at `t`: its category's severity (1–3) × (1 + days
    /// overdue / 7) while open, 0 once closed.
    public func weight(_ c: SweepCase, at t: Double) -> Double {
        guard c.isOpen(at: t) else { return 0 }
        let severity = Double(office.catalogue[c.point.category]?.severity ?? 1)
        return severity * (1 + c.overdueDays(at: t) / 7)
    }

    func stop(_ k: Int, _ list: [Int], _ cases: [SweepCase], outline: Geometry, now: Double) throws -> SweepStop {
        let mine = list.map { cases[$0] }
        let open = mine.filter { $0.isOpen(at: now) }
        let x = mine.map(\.point.x).reduce(0, +) / Double(mine.count), y = mine.map(\.point.y).reduce(0, +) / Double(mine.count)
        let centre = try hotspots.toMetres.transform(Position(x, y), inverse: true)
        let units = Tally.of(mine.flatMap { Set($0.point.lead + $0.point.support) })
        let lead = Tally.of(open.flatMap { Set($0.point.lead) }).first?.key ?? units.first?.key ?? ""
        return SweepStop(cluster: k, members: list, x: x, y: y, lon: centre.x, lat: centre.y, outline: outline, count: mine.count,
                         open: open.count, unitCases: units, lead: lead, priority: open.reduce(0) { $0 + weight($1, at: now) },
                         problems: Tally.of(open.map(\.point.category)), place: place(mine))
    }

    /// The place of a stop (`SweepPlace`) from where its cases were located. Road sections are
    /// counted by their road's name.
    func place(_ cases: [SweepCase]) -> SweepPlace {
        let street = office.street
        let third = Double(cases.count) / 3
        func names(_ codes: [String?], _ name: (String) -> String?) -> [Tally] { Tally.of(codes.compactMap { $0 }.map { name($0) ?? $0 }) }
        let markets = names(cases.map(\.market)) { c in street.markets.first { $0.code == c }?.name }
        let compounds = names(cases.map(\.compound)) { c in street.compounds.first { $0.code == c }?.name }
        let roads = names(cases.map(\.road)) { c in street.roads.first { $0.code == c }?.name }
        // The commonest grid, and the community it is in.
        let gridCode = Tally.of(cases.compactMap(\.point.grid)).first?.key
        let grid = gridCode.flatMap { c in street.grids.first { $0.code == c } }
        let communityCode = grid?.community ?? Tally.of(cases.compactMap(\.point.community)).first?.key
        return SweepPlace(
            market: markets.first.flatMap { Double($0.count) >= third ? $0.key : nil },
            compound: compounds.first.flatMap { Double($0.count) >= third ? $0.key : nil },
            roads: roads.enumerated().filter { $0.offset == 0 || ($0.offset == 1 && Double($0.element.count) >= third) }.map(\.element.key),
            grid: grid?.name ?? gridCode,
            community: communityCode.map { c in street.communities.first { $0.code == c }?.name ?? c })
    }
}
