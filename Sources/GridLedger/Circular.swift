import Foundation
import GridPin

/// The lagging-units circular (通报) as Markdown: lead units ranked by open overdue cases (then by
/// lowest on-time rate), each with its overdue cases, oldest due first.
public enum Circular {
    public static func markdown(cases: [CaseRecord], office: Office, now: Double, handled: Set<Int64>, reworked: Set<Int64>,
                                period: String) -> String {
        let calendar = office.calendar, street = office.street
        let (groups, total) = Metrics.compute(cases, by: .unit, now: now, handled: handled, reworked: reworked)
        let ranked = groups.filter { $0.openOverdue > 0 }.sorted {
            ($0.openOverdue, -($0.onTimeRate ?? 1), $1.key) > ($1.openOverdue, -($1.onTimeRate ?? 1), $0.key)
        }
        func name(_ id: String) -> String { street.unit(id).map { "\($0.name) \($0.nameEn)" } ?? id }
        func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func time(_ t: Double) -> String { calendar.format(Date(timeIntervalSince1970: t)) }
        var md = "# 关于逾期未办结问题的通报 · Circular on overdue cases\n\n"
        md += "\(street.area.name) \(street.area.nameEn) · 截至 as of \(time(now)) · 统计期 period: \(period)\n\n"
        md += "全街道 Street-wide: 上报 reported \(total.reported), 应结案 due to close \(total.dueToClose), 已结案 closed \(total.closed), "
        md += "结案率 closure rate \(percent(total.closureRate)), 按期结案率 on-time rate \(percent(total.onTimeRate)), "
        md += "逾期未结 open overdue \(total.openOverdue).\n\n"
        guard !ranked.isEmpty else { return md + "无逾期未结案件。No open case is overdue.\n" }
        md += "| 排名 Rank | 牵头单位 Lead unit | 逾期未结 Open overdue | 应结案 Due | 已结案 Closed | 结案率 Closure | 按期结案率 On time |\n"
        md += "|---:|---|---:|---:|---:|---:|---:|\n"
        for (i, g) in ranked.enumerated() {
            md += "| \(i + 1) | \(name(g.key)) | \(g.openOverdue) | \(g.dueToClose) | \(g.closed) | \(percent(g.closureRate)) | \(percent(g.onTimeRate)) |\n"
        }
        for (i, g) in ranked.enumerated() {
            md += "\n## \(i + 1). \(name(g.key))\n\n"
            md += "| 案卷号 Case | 类型 Category | 网格 Grid | 状态 Status | 期限 Due | 逾期 Overdue by |\n|---|---|---|---|---|---:|\n"
            let overdue = cases.filter { $0.leadUnits.contains(g.key) && $0.isOverdue(at: now) }.sorted { ($0.dueAt, $0.number) < ($1.dueAt, $1.number) }
            for c in overdue {
                let category = office.catalogue[c.category]
                let days = (now - c.dueAt) / 86_400
                md += "| \(c.number) | \(c.category) \(category?.name ?? "") | \(c.grid ?? "—") | \(c.status.chinese) | \(time(c.dueAt)) | "
                md += String(format: "%.1f 天 days |\n", days)
            }
        }
        return md
    }
}
