import Foundation
import GridGeo

/// Did a sweep work (DOMAIN.md §7, rebound 复发): for each cluster swept on a date, the problems
/// per week inside its outline in the weeks before and after, and how many new problems came
/// back within so many days of its cases being signed off.
public struct SweepReview: Sendable {
    /// One swept cluster: the stop it was in the plan made on the sweep date, and its figures.
    public struct Row: Sendable {
        public let day: Int, stop: Int, cluster: Int
        public let place: String
        public let lon: Double, lat: Double
        /// The cluster's cases (reported before the date), those open on the date, and those
        /// signed off by now.
        public let count: Int, open: Int, closed: Int
        /// Problems inside the outline in each week before the date (oldest first) and after it.
        public let before: [Int], after: [Int]
        /// New problems (reported on or after the date) inside the outline within `reboundDays`
        /// after the sign-off of one of the cluster's cases.
        public let rebound: Int

        public var beforeTotal: Int { before.reduce(0, +) }
        public var afterTotal: Int { after.reduce(0, +) }
    }

    public let date: Double
    public let weeks: Int, reboundDays: Int
    public let rows: [Row]
    /// The latest report time among the cases: when it is before the end of the weeks after the
    /// date, the counts after are not complete yet.
    public let lastReport: Double?

    /// Whether the weeks after the date run past the last report.
    public var afterIncomplete: Bool { lastReport.map { $0 < date + Double(weeks) * 7 * 86_400 } ?? true }

    /// The machine keys of one row (JSON keys, CSV columns), in order.
    public static let keys = ["day", "stop", "cluster", "place", "lon", "lat", "count", "open", "closed", "weeks", "before", "after",
                              "before_per_week", "after_per_week", "change", "before_weekly", "after_weekly", "rebound", "rebound_days"]

    /// A row's values in `keys` order; `change` is after ÷ before − 1 (null when nothing before).
    public func values(_ r: Row) -> [JSONValue] {
        func rounded(_ v: Double, _ d: Double = 100) -> JSONValue { .number((v * d).rounded() / d) }
        let w = Double(weeks)
        return [.integer(r.day), .integer(r.stop), .integer(r.cluster), .string(r.place), rounded(r.lon, 1e7), rounded(r.lat, 1e7),
                .integer(r.count), .integer(r.open), .integer(r.closed), .integer(weeks), .integer(r.beforeTotal), .integer(r.afterTotal),
                rounded(Double(r.beforeTotal) / w), rounded(Double(r.afterTotal) / w),
                r.beforeTotal == 0 ? .null : rounded(Double(r.afterTotal) / Double(r.beforeTotal) - 1, 10_000),
                .string(r.before.map(String.init).joined(separator: ";")), .string(r.after.map(String.init).joined(separator: ";")),
                .integer(r.rebound), .integer(reboundDays)]
    }
}

extension SweepPlanner {
    /// Reviews the sweep of `date`: the swept clusters are the stops of the plan made on that date
    /// (`options`, now = the date) from the cases reported before it (and at or after `since`);
    /// then every case counts towards the weeks around the date and the rebound.
    public func review(_ cases: [SweepCase], date: Double, since: Double? = nil, weeks: Int, reboundDays: Int,
                       options: SweepOptions) throws -> SweepReview {
        let dated = cases.filter { $0.point.reportedAt != nil }
        let swept = dated.filter { c in
            let t = c.point.reportedAt ?? 0
            return t < date && (since.map { t >= $0 } ?? true)
        }
        var asOf = options
        asOf.now = date
        let plan = try self.plan(swept, options: asOf)
        let week = 7 * 86_400.0, window = Double(reboundDays) * 86_400
        var rows: [SweepReview.Row] = []
        for d in plan.days {
            for (k, s) in d.stops.enumerated() {
                guard let outline = PlanarPolygon(s.outline) else { continue }
                let closures = s.members.compactMap { swept[$0].closedAt }
                var before = [Int](repeating: 0, count: weeks), after = [Int](repeating: 0, count: weeks), rebound = 0
                for c in dated {
                    let t = c.point.reportedAt ?? 0
                    guard outline.envelope.contains(c.point.lon, c.point.lat), outline.locate(c.point.lon, c.point.lat).isCovered else { continue }
                    if t < date {
                        let w = Int(((date - t) / week).rounded(.down))
                        if w < weeks { before[weeks - 1 - w] += 1 }
                    } else {
                        let w = Int(((t - date) / week).rounded(.down))
                        if w < weeks { after[w] += 1 }
                        if closures.contains(where: { $0 < t && t <= $0 + window }) { rebound += 1 }
                    }
                }
                rows.append(SweepReview.Row(day: d.day, stop: k + 1, cluster: s.cluster, place: s.place.text, lon: s.lon, lat: s.lat,
                                            count: s.count, open: s.open, closed: closures.count, before: before, after: after, rebound: rebound))
            }
        }
        return SweepReview(date: date, weeks: weeks, reboundDays: reboundDays, rows: rows,
                           lastReport: dated.compactMap(\.point.reportedAt).max())
    }
}
