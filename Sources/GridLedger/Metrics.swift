import Foundation
import GridPin

/// How cases are grouped for the figures leaders read.
public enum MetricsGrouping: String, Sendable, CaseIterable {
    /// Each lead unit (a case with two lead units counts for both).
    case unit
    case grid, community, category
}

/// The national-practice figures for one group of cases (DOMAIN.md §5), at a moment `now`.
///
/// Due-to-close (应结案) is the closed cases plus the open ones already past their due time (not
/// parked, not void): dividing by the closed alone would read 100% while late cases are open.
public struct Metrics: Sendable, Equatable {
    public var key: String
    public var reported = 0
    public var dueToClose = 0
    public var closed = 0
    public var closedOnTime = 0
    public var handled = 0
    public var reworked = 0
    public var openOverdue = 0
    /// Sum of hours from report to close over the closed cases.
    public var hoursToClose = 0.0

    public init(key: String) { self.key = key }

    /// 结案率: closed / due-to-close.
    public var closureRate: Double? { dueToClose == 0 ? nil : Double(closed) / Double(dueToClose) }
    /// 按期结案率: closed on time / due-to-close.
    public var onTimeRate: Double? { dueToClose == 0 ? nil : Double(closedOnTime) / Double(dueToClose) }
    /// 返工率: cases sent back at least once / cases handled at least once.
    public var reworkRate: Double? { handled == 0 ? nil : Double(reworked) / Double(handled) }
    /// Mean hours from report to close.
    public var meanHoursToClose: Double? { closed == 0 ? nil : hoursToClose / Double(closed) }

    mutating func add(_ c: CaseRecord, now: Double, handled wasHandled: Bool, reworked wasReworked: Bool) {
        reported += 1
        if c.status == .closed, let closedAt = c.closedAt {
            closed += 1
            dueToClose += 1
            if closedAt <= c.dueAt { closedOnTime += 1 }
            hoursToClose += (closedAt - c.reportedAt) / 3600
        } else if c.isOverdue(at: now) {
            dueToClose += 1
            openOverdue += 1
        }
        if wasHandled { handled += 1 }
        if wasReworked { reworked += 1 }
    }

    /// The figures per group, ordered by key, and the total.
    public static func compute(_ cases: [CaseRecord], by grouping: MetricsGrouping, now: Double,
                               handled: Set<Int64>, reworked: Set<Int64>) -> (groups: [Metrics], total: Metrics) {
        var groups: [String: Metrics] = [:]
        var total = Metrics(key: "total")
        for c in cases {
            let h = c.id.map(handled.contains) ?? false, r = c.id.map(reworked.contains) ?? false
            total.add(c, now: now, handled: h, reworked: r)
            let keys: [String]
            switch grouping {
            case .unit: keys = c.leadUnits
            case .grid: keys = [c.grid ?? "—"]
            case .community: keys = [c.community ?? "—"]
            case .category: keys = [c.category]
            }
            for k in keys { groups[k, default: Metrics(key: k)].add(c, now: now, handled: h, reworked: r) }
        }
        return (groups.values.sorted { $0.key < $1.key }, total)
    }
}
