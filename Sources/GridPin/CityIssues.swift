import Foundation
import GridGeo

/// Writes a synthetic city's issues as CSV (`id,lon,lat,category,reported_at`, as `synth points
/// --categories` does), streamed in chunks so that millions of rows take little memory.
///
/// Each issue comes from one kind of source, in fixed shares: along roads (by class), inside
/// residential compounds, at farmers' markets and their surroundings, around school gates, at
/// construction sites, at venues, or anywhere in the city (the background). Within a kind, a
/// source is drawn by its heat, lognormal across sources so that a few are hot spots; each
/// source has a trend over the period (some intensify, some fade, a few appear late), and its
/// categories and hours fit the place (stall spillover at markets in the morning, tobacco near
/// school gates, flying-line charging in old compounds in the evening, exposed soil at sites). Fewer
/// problems are reported at weekends.
///
/// Chunk `k` draws from its own generator seeded from the seed and `k`, so the file is the
/// same for a seed however the chunks are shared among threads.
public struct CityIssues {
    public static let chunk = 1 << 16
    static let header = "id,lon,lat,category,reported_at\n"

    /// The kinds of source, with the share of issues each gives.
    enum Kind: Int, CaseIterable {
        case background, road, compound, market, school, site, venue
        var share: Double { [0.12, 0.33, 0.25, 0.12, 0.06, 0.06, 0.06][rawValue] }
    }

    /// Category mixes (catalogue codes and weights) for each kind of place.
    enum Mix: Int, CaseIterable {
        case background, majorRoad, minorRoad, compound, oldCompound, market, school, site, venue, practiceStation
        var weights: [(String, Double)] {
            switch self {
            case .background: [("9401", 20), ("0201", 15), ("0102", 12), ("0110", 8), ("0506", 10), ("0505", 8), ("9801", 6),
                                ("9204", 5), ("0101", 4), ("9402", 4), ("9502", 3), ("0507", 3), ("9701", 1), ("9206", 2)]
            case .majorRoad: [("0505", 16), ("0506", 14), ("9501", 12), ("0501", 12), ("0504", 10), ("9401", 10), ("0110", 6),
                              ("9402", 5), ("9403", 4), ("9404", 3), ("9502", 3), ("0201", 3), ("0507", 2)]
            case .minorRoad: [("0506", 16), ("0505", 12), ("0504", 12), ("9401", 12), ("0201", 10), ("0507", 8), ("0102", 8),
                              ("0501", 6), ("9501", 6), ("0110", 5), ("9205", 3), ("9402", 2)]
            case .compound: [("9201", 14), ("9202", 16), ("9203", 8), ("0101", 10), ("9204", 7), ("9205", 9), ("9206", 5),
                             ("0505", 8), ("0506", 8), ("9502", 3), ("0201", 4), ("0102", 4)]
            case .oldCompound: [("9201", 30), ("9202", 18), ("9203", 10), ("0101", 12), ("9204", 5), ("9205", 9), ("9206", 6),
                                ("0506", 6), ("0201", 3), ("0102", 4)]
            case .market: [("9301", 30), ("0504", 15), ("0102", 12), ("0506", 10), ("9501", 6), ("0505", 8), ("9302", 6),
                           ("9401", 6), ("0501", 5), ("9303", 2)]
            case .school: [("9701", 30), ("0506", 15), ("9501", 10), ("0505", 12), ("0501", 12), ("9401", 8), ("0201", 8), ("9404", 5)]
            case .site: [("0302", 30), ("9405", 20), ("9406", 18), ("0507", 15), ("0102", 7), ("9401", 5), ("0201", 5)]
            case .venue: [("9601", 25), ("9602", 15), ("9603", 20), ("9401", 15), ("0201", 10), ("9801", 5)]
            case .practiceStation: [("9101", 25), ("9102", 15), ("9603", 15), ("9601", 10), ("9401", 10), ("9801", 10)]
            }
        }
    }

    /// The hours people report problems at (weights for hours 0–23, Beijing time).
    enum Hours: Int, CaseIterable {
        case office, market, school, evening
        var weights: [Double] {
            switch self {
            case .office: [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 6, 9, 9, 8, 5, 4, 7, 8, 8, 6, 4, 3, 2, 1, 0.6, 0.3]
            case .market: [0.1, 0.1, 0.1, 0.2, 0.5, 1, 5, 9, 10, 9, 7, 5, 4, 3, 3, 4, 5, 7, 8, 6, 3, 1.5, 0.5, 0.2]
            case .school: [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 1, 9, 5, 3, 3, 6, 5, 2, 3, 3, 6, 9, 4, 2, 1, 0.5, 0.2, 0.1]
            case .evening: [1, 0.6, 0.3, 0.2, 0.2, 0.3, 1, 2, 3, 4, 4, 4, 4, 3, 3, 3, 4, 5, 7, 9, 10, 8, 5, 2]
            }
        }
    }

    /// One source of issues.
    struct Source {
        let shape: PlaceShape
        let mix: Mix
        let hours: Hours
        /// The density over the period is 1 + trend·(2u − 1), u from 0 to 1.
        let trend: Double
        /// Where in the period (0–1) it starts giving issues.
        let from: Double
    }

    /// Sources of one kind and their cumulative heat.
    struct Pool {
        var sources: [Source] = []
        var cumulative: [Double] = []
        mutating func add(_ s: Source, heat: Double) {
            sources.append(s)
            cumulative.append((cumulative.last ?? 0) + heat)
        }
        func pick(_ u: Double) -> Source {
            let target = u * cumulative[cumulative.count - 1]
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] <= target { lo = mid + 1 } else { hi = mid }
            }
            return sources[lo]
        }
    }

    let city: SyntheticCity
    let seed: UInt64
    let startSeconds: Int, days: Int, firstWeekday: Int
    let pools: [Pool]
    /// Cumulative shares of the kinds that have sources.
    let kindCumulative: [(Kind, Double)]
    /// Catalogue codes as bytes, and each mix's code indices with cumulative weights.
    let codes: [[UInt8]]
    let mixes: [(codes: [Int], cumulative: [Double])]
    let hourCumulative: [[Double]]
    let calendar: WorkCalendar

    /// Issues over `days` days from `start` (Beijing time); every category a mix names must be
    /// in `catalogue`.
    public init(city: SyntheticCity, catalogue: Catalogue, start: CivilDay, days: Int, seed: UInt64) throws {
        self.city = city
        self.seed = seed
        self.days = days
        startSeconds = start.number * 86_400 - 8 * 3600
        firstWeekday = start.weekday - 1   // Monday 0 … Sunday 6
        let year = start.date.year
        calendar = WorkCalendar(timeZoneName: "Asia/Shanghai", utcOffset: 8 * 3600, officeHours: [(0, 86_400)], weekend: [],
                                holidays: [], years: year...year)
        var allCodes: [String] = [], index: [String: Int] = [:]
        var mixes: [(codes: [Int], cumulative: [Double])] = []
        for mix in Mix.allCases {
            var ids: [Int] = [], cumulative: [Double] = []
            for (code, weight) in mix.weights {
                guard catalogue[code] != nil else {
                    throw InputError(source: Catalogue.file, message: "category \(code), which the synthetic issues use, is not in the catalogue")
                }
                if index[code] == nil { index[code] = allCodes.count; allCodes.append(code) }
                ids.append(index[code]!)
                cumulative.append((cumulative.last ?? 0) + weight)
            }
            mixes.append((ids, cumulative))
        }
        codes = allCodes.map { Array($0.utf8) }
        self.mixes = mixes
        hourCumulative = Hours.allCases.map { h in h.weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) } }

        // Sources, with heat and trend from a generator of their own.
        var random = SeededRandom(seed: seed ^ 0x5EED_C17E)
        var pools = [Pool](repeating: Pool(), count: Kind.allCases.count)
        func add(_ kind: Kind, _ shape: PlaceShape, _ mix: Mix, _ hours: Hours, size: Double = 1) {
            let heat = size * exp(1.1 * random.normal())
            let strong = random.chance(0.1)
            let trend = strong ? (random.chance(0.5) ? 0.95 : -0.95) : random.uniform(-0.5, 0.5)
            let from = random.chance(0.06) ? random.uniform(0.5, 0.9) : 0
            pools[kind.rawValue].add(Source(shape: shape, mix: mix, hours: hours, trend: trend, from: from), heat: heat)
        }
        let e = city.extent
        add(.background, PlaceShape(centre: e.center, halfWidth: e.width / 2, halfHeight: e.height / 2, angle: 0), .background, .office)
        for (shape, cls) in city.roadEdges {
            let weight: Double = [RoadClass.main: 3, .secondary: 2, .branch: 1, .alley: 0.5][cls]!
            add(.road, shape, cls == .main || cls == .secondary ? .majorRoad : .minorRoad, .office, size: weight * shape.halfWidth / 75)
        }
        for (k, shape) in city.compounds.enumerated() {
            add(.compound, shape, city.oldCompounds[k] ? .oldCompound : .compound, .evening, size: city.oldCompounds[k] ? 2 : 1)
        }
        for shape in city.markets { add(.market, shape, .market, .market) }
        for shape in city.schools { add(.school, shape, .school, .school) }
        for shape in city.sites { add(.site, shape, .site, .office) }
        for (k, shape) in city.venues.enumerated() {
            add(.venue, shape, city.venueKinds[k] == "practice_station" ? .practiceStation : .venue, .office)
        }
        self.pools = pools
        var total = 0.0, cumulative: [(Kind, Double)] = []
        for kind in Kind.allCases where !pools[kind.rawValue].sources.isEmpty {
            total += kind.share
            cumulative.append((kind, total))
        }
        kindCumulative = cumulative.map { ($0.0, $0.1 / total) }
    }

    /// One issue: where (metres), which category (index into `codes`), when (seconds since 1970).
    struct Issue { var x: Double, y: Double, category: Int, time: Int }

    func draw(_ random: inout SeededRandom) -> Issue {
        let u = random.unit()
        let kind = kindCumulative.first { u < $0.1 }?.0 ?? kindCumulative[kindCumulative.count - 1].0
        let source = pools[kind.rawValue].pick(random.unit())
        let s = source.shape
        var p: Position
        switch kind {
        case .background, .compound:
            p = s.point(random.uniform(-1, 1), random.uniform(-1, 1))
        case .road:
            // Along the edge, across it about as wide as the road and the pavements.
            p = s.point(random.uniform(-1, 1), random.normal() * (s.halfHeight + 4) / s.halfHeight)
        case .market:
            p = random.chance(0.3) ? s.point(random.uniform(-1, 1), random.uniform(-1, 1))
                : Position(s.centre.x + 45 * random.normal(), s.centre.y + 45 * random.normal())
        case .school:
            // About the campus edge, where the gates and the shops are.
            let along = random.uniform(-1, 1), side = random.int(in: 0...3)
            let edge = side < 2 ? s.point(along, side == 0 ? -1 : 1) : s.point(side == 2 ? -1 : 1, along)
            p = Position(edge.x + 30 * random.normal(), edge.y + 30 * random.normal())
        case .site, .venue:
            let spread = kind == .site ? max(s.halfWidth, s.halfHeight) : 20
            p = random.chance(0.7) ? s.point(random.uniform(-1, 1), random.uniform(-1, 1))
                : Position(s.centre.x + spread * random.normal(), s.centre.y + spread * random.normal())
        }
        p = reflectedIntoCity(p)
        let mix = mixes[source.mix.rawValue]
        let category = mix.codes[Self.index(in: mix.cumulative, random.unit())]
        // The day: by the source's trend from its start, fewer at weekends.
        var day: Int
        repeat {
            let r = random.unit()
            let a = source.trend
            // Inverse of F(t) = t + a(t² − t) on [0, 1).
            let t = abs(a) < 1e-9 ? r : (-(1 - a) + ((1 - a) * (1 - a) + 4 * a * r).squareRoot()) / (2 * a)
            let at = source.from + (1 - source.from) * min(max(t, 0), 1)
            day = min(days - 1, Int(at * Double(days)))
        } while (firstWeekday + day) % 7 >= 5 && random.unit() < 0.4
        let hour = Self.index(in: hourCumulative[source.hours.rawValue], random.unit())
        let second = hour * 3600 + Int(random.unit() * 3600)
        return Issue(x: p.x, y: p.y, category: category, time: startSeconds + day * 86_400 + second)
    }

    /// The first index whose cumulative weight exceeds u times the total.
    static func index(in cumulative: [Double], _ u: Double) -> Int {
        let target = u * cumulative[cumulative.count - 1]
        return cumulative.firstIndex { target < $0 } ?? cumulative.count - 1
    }

    /// A point outside the city's rectangle folded back in across the edge it crossed.
    func reflectedIntoCity(_ p: Position) -> Position {
        let e = city.extent, inset = 0.05
        func fold(_ v: Double, _ lo: Double, _ hi: Double) -> Double {
            var v = v
            if v < lo { v = lo + (lo - v) }
            if v > hi { v = hi - (v - hi) }
            return min(max(v, lo + inset), hi - inset)
        }
        return Position(fold(p.x, e.minX, e.maxX), fold(p.y, e.minY, e.maxY))
    }

    /// The generator of chunk `k`.
    func random(chunk k: Int) -> SeededRandom {
        var mixer = SeededRandom(seed: seed ^ (UInt64(k) &* 0xD1B5_4A32_D192_ED03))
        return SeededRandom(seed: mixer.next())
    }

    /// The CSV text of chunk `k` (rows `k·chunk + 1` onward, at most `count` in all).
    func chunkText(_ k: Int, count: Int, projection: Projection) -> [UInt8] {
        let first = k * Self.chunk, n = min(Self.chunk, count - first)
        var random = random(chunk: k)
        var issues: [Issue] = []
        issues.reserveCapacity(n)
        for _ in 0..<n { issues.append(draw(&random)) }
        var xs = issues.map(\.x), ys = issues.map(\.y)
        projection.transform(xs: &xs, ys: &ys, inverse: true)
        var out: [UInt8] = []
        out.reserveCapacity(n * 64)
        for (i, issue) in issues.enumerated() {
            TextFormat.appendInteger(first + i + 1, to: &out)
            out.append(UInt8(ascii: ","))
            TextFormat.appendNumber(xs[i], decimals: 7, to: &out)
            out.append(UInt8(ascii: ","))
            TextFormat.appendNumber(ys[i], decimals: 7, to: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: codes[issue.category])
            out.append(UInt8(ascii: ","))
            calendar.appendISO(Date(timeIntervalSince1970: Double(issue.time)), to: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Writes `count` issues to `path`, chunks made on up to `threads` threads and written in order.
    public func write(count: Int, to path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                      progress: ((Int) -> Void)? = nil) throws {
        let out = try TextOutput(path: path)
        out.write(Self.header)
        let chunks = (count + Self.chunk - 1) / Self.chunk
        let workers = max(1, min(threads, chunks))
        let makers = try (0..<workers).map { _ in ChunkMaker(issues: self, projection: try city.toMetres.copy(), count: count) }
        // Rounds of `workers` chunks: made side by side, written in order.
        var k = 0
        while k < chunks {
            let round = min(workers, chunks - k), first = k
            DispatchQueue.concurrentPerform(iterations: round) { w in makers[w].make(chunk: first + w) }
            for w in 0..<round { out.write(bytes: makers[w].text) }
            k += round
            progress?(min(count, k * Self.chunk))
        }
        try out.close()
    }
}

/// One thread's share of the work: the issues (read only) and a projection of its own, and the
/// text of the chunk it made last, which the writer takes once the round is over.
private final class ChunkMaker: @unchecked Sendable {
    let issues: CityIssues
    let projection: Projection
    let count: Int
    var text: [UInt8] = []

    init(issues: CityIssues, projection: Projection, count: Int) {
        self.issues = issues; self.projection = projection; self.count = count
    }

    func make(chunk k: Int) { text = issues.chunkText(k, count: count, projection: projection) }
}
