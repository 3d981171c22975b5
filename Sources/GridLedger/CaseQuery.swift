import Foundation
import GRDB
import GridPin

/// Which cases to read: every condition given must hold.
public struct CaseFilter: Sendable {
    public var statuses: Set<CaseStatus> = []
    public var grid: String?
    public var community: String?
    /// A unit id among the lead or support units.
    public var unit: String?
    public var categories: Set<String> = []
    /// Special actions (1–8) the category belongs to.
    public var actions: Set<Int> = []
    /// Open, not parked, and past its due time at `now`.
    public var overdueOnly = false
    /// Reported at or after / before (seconds since 1970).
    public var since: Double?, until: Double?

    public init() {}

    public func matches(_ c: CaseRecord, now: Double, catalogue: Catalogue) -> Bool {
        if !statuses.isEmpty && !statuses.contains(c.status) { return false }
        if overdueOnly && !c.isOverdue(at: now) { return false }
        return matches(category: c.category, grid: c.grid, community: c.community, lead: c.leadUnits, support: c.supportUnits,
                       reportedAt: c.reportedAt, catalogue: catalogue)
    }

    /// The conditions a problem from a plain file can answer (no status, no due time); a problem
    /// without a report time passes the time conditions.
    public func matches(_ p: HotspotPoint, catalogue: Catalogue) -> Bool {
        matches(category: p.category, grid: p.grid, community: p.community, lead: p.lead, support: p.support,
                reportedAt: p.reportedAt, catalogue: catalogue)
    }

    /// Whether every problem of a plain file passes: no condition it can answer is set.
    public var passesEveryPlainProblem: Bool {
        grid == nil && community == nil && unit == nil && categories.isEmpty && actions.isEmpty && since == nil && until == nil
    }

    func matches(category: String, grid: String?, community: String?, lead: [String], support: [String], reportedAt: Double?,
                 catalogue: Catalogue) -> Bool {
        if let g = self.grid, grid != g { return false }
        if let c = self.community, community != c { return false }
        if let unit, !lead.contains(unit) && !support.contains(unit) { return false }
        if !categories.isEmpty && !categories.contains(category) { return false }
        if !actions.isEmpty && !actions.contains(catalogue[category]?.action ?? 0) { return false }
        if let since, let t = reportedAt, t < since { return false }
        if let until, let t = reportedAt, t >= until { return false }
        return true
    }
}

extension HotspotPoint {
    /// A ledger case as the hot-spot methods see it.
    public init(_ c: CaseRecord) {
        self.init(id: c.number, lon: c.lon, lat: c.lat, x: c.xM, y: c.yM, category: c.category, reportedAt: c.reportedAt,
                  open: c.status.isOpen, lead: c.leadUnits, support: c.supportUnits, grid: c.grid, community: c.community)
    }
}

extension Ledger {
    /// The cases that pass the filter, oldest first. Time conditions are applied in SQL, the rest
    /// in memory.
    public func cases(_ filter: CaseFilter, now: Double, catalogue: Catalogue) throws -> [CaseRecord] {
        try db.read { db in
            var request = CaseRecord.order(Column("reported_at"), Column("id"))
            if let since = filter.since { request = request.filter(Column("reported_at") >= since) }
            if let until = filter.until { request = request.filter(Column("reported_at") < until) }
            if !filter.statuses.isEmpty { request = request.filter(filter.statuses.map(\.rawValue).contains(Column("status"))) }
            return try request.fetchAll(db).filter { filter.matches($0, now: now, catalogue: catalogue) }
        }
    }

    /// Ids of the cases whose history holds a step.
    public func casesWithStep(_ step: String) throws -> Set<Int64> {
        try db.read { db in Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT case_id FROM history WHERE step = ?", arguments: [step])) }
    }
}
