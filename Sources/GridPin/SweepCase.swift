import Foundation
import GridGeo

/// A problem as the sweep planner sees it: the hot-spot point (where, what, when, who must act),
/// its due time, when it was signed off (销号) if it was, and the places it was located in.
public struct SweepCase: Sendable {
    public var point: HotspotPoint
    /// Seconds since 1970; `nil` when unknown.
    public var dueAt: Double?, closedAt: Double?
    /// Parked (挂账): open, but its deadline is not running.
    public var parked: Bool
    /// Codes of the compound, road section and market it was located in.
    public var compound: String?, road: String?, market: String?

    public init(point: HotspotPoint, dueAt: Double?, closedAt: Double?, parked: Bool = false,
                compound: String? = nil, road: String? = nil, market: String? = nil) {
        self.point = point; self.dueAt = dueAt; self.closedAt = closedAt; self.parked = parked
        self.compound = compound; self.road = road; self.market = market
    }

    /// Still open at `t`: not signed off by then. With a sign-off time that is the whole answer;
    /// without one, the status as read (`point.open`).
    public func isOpen(at t: Double) -> Bool { closedAt.map { $0 > t } ?? point.open }

    /// Days past its due time at `t` (0 when not due yet, when closed by then, when parked or
    /// when there is no due time).
    public func overdueDays(at t: Double) -> Double {
        guard isOpen(at: t), !parked, let due = dueAt, due < t else { return 0 }
        return (t - due) / 86_400
    }

    /// The names a plain file may give the sign-off time column (compared lower-case).
    public static let closedAtNames = ["closed_at", "closed", "结案时间", "销号时间", "办结时间"]

    /// Reads a plain file (CSV or GeoJSON points with `id`, `lon`, `lat`, `category`,
    /// `reported_at` as `import` names them, and optionally `closed_at`), locating and assigning
    /// each problem as it is read. A problem with a `closed_at` is closed from then on; one without
    /// is open. Returns the problems and, for every row that cannot be one, its line and why.
    public static func read(path: String, crs: CoordinateSystem, office: Office, locator: Locator) throws
        -> (cases: [SweepCase], rejected: [(row: String, reason: String)]) {
        let file = try IntakeFile(path: path, crs: crs, source: .inspection, office: office)
        let closedColumn = column(named: closedAtNames, in: file.header.map { $0.lowercased() })
        var cases: [SweepCase] = [], rejected: [(row: String, reason: String)] = []
        let calendar = office.calendar, header = file.header
        /// The case a row makes, or its label and why it cannot be one (on the worker threads).
        typealias Read = (SweepCase?, (row: String, reason: String)?)
        var intake = IntakeTriage(office: office, locator: locator)
        intake.reasons = false
        try intake.forEach(file, transform: { row, triaged -> Read in
            guard let p = row.problem, let triaged else { return (nil, (row.label, row.reason ?? "cannot be read")) }
            var closedAt: Double?
            if let k = closedColumn, k < row.fields.count {
                let text = row.fields[k].trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    guard let t = calendar.parse(text) else {
                        return (nil, (row.label, "\(header[k]) \"\(text)\" is not a time (2022-07-15 10:00, 2022/7/15 10:00:00, ISO 8601)"))
                    }
                    closedAt = t.timeIntervalSince1970
                }
            }
            let t: Triaged
            switch triaged {
            case .success(let s): t = s
            case .failure(let error): return (nil, (row.label, "\(error)"))
            }
            let point = HotspotPoint(id: p.sourceRef ?? row.label, lon: t.lon, lat: t.lat, x: t.xM, y: t.yM, category: t.category.code,
                                     reportedAt: p.reportedAt, open: closedAt == nil, lead: t.assignment.lead,
                                     support: t.assignment.support, grid: t.location.grid, community: t.location.community)
            return (SweepCase(point: point, dueAt: t.assignment.dueAt?.timeIntervalSince1970, closedAt: closedAt,
                              compound: t.location.compound, road: t.location.road, market: t.location.market), nil)
        }) { read in
            if let c = read.0 { cases.append(c) } else if let r = read.1 { rejected.append(r) }
        }
        return (cases, rejected)
    }
}
