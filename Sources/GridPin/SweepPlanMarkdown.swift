import Foundation

/// The sweep plan as Markdown, to print and hand out (Chinese with English): per day a table of
/// the stops in walking order — the place, the open problems, the units to convene, the lead
/// coordinating unit, the leg from the stop before — and the route's length.
public enum SweepPlanMarkdown {
    /// `period` says which reports were clustered (e.g. "2022-09-01 – 2022-10-01").
    public static func render(_ plan: SweepPlan, office: Office, period: String) -> String {
        let street = office.street, o = plan.options
        func time(_ t: Double) -> String { office.calendar.format(Date(timeIntervalSince1970: t)) }
        func unit(_ id: String) -> String { street.unit(id).map { "\(id) \($0.name)" } ?? id }
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        func metres(_ m: Double) -> String { "\(Int(m.rounded())) m" }

        var md = "# 联合整治计划 · Joint sweep plan\n\n"
        md += "\(street.area.name) \(street.area.nameEn) · 截至 as of \(time(o.now)) · 上报期 reported: \(period)\n\n"
        md += "聚类 Clusters: DBSCAN, \(format(o.eps)) m, ≥ \(o.minPoints) 件 problems; 入选 a stop needs ≥ \(o.minUnits) 个单位 units "
        md += "and an open case 有未结案件; 每天 \(o.perDay) 站 stops per day. "
        md += "\(plan.cases) 件 problems → \(plan.clusters) 个聚类 clusters → \(plan.stops.count) 站 stops"
        md += " (\(plan.fewUnits) 个单位不足 too few units, \(plan.nothingOpen) 个无未结 nothing open).\n\n"
        md += "优先级 Priority = Σ 未结案件 open cases: 严重程度 severity (1–3) × (1 + 逾期天数 days overdue ÷ 7). "
        md += "牵头协调单位 Lead = 牵头未结案件最多的单位 the unit leading the most open cases there (并列取编号最小 lowest id on a tie). "
        md += "召集单位 ×N: 涉及该单位的案件数 the cases naming the unit. "
        md += "路线 Routes: 直线距离 straight-line metres, 从优先级最高的站出发 from the day's highest-priority stop.\n"
        guard !plan.days.isEmpty else { return md + "\n无需联合整治的聚类。No cluster needs a joint sweep.\n" }
        for d in plan.days {
            md += "\n## 第\(d.day)天 · Day \(d.day) — \(d.stops.count) 站 stops, 路线 route \(metres(d.lengthM))\n\n"
            md += "| 站 Stop | 地点 Place | 问题 Problems (未结 open) | 召集单位 Units to convene | 牵头协调 Lead | 优先级 Priority | 距上站 Leg |\n"
            md += "|---:|---|---|---|---|---:|---:|\n"
            for (k, s) in d.stops.enumerated() {
                let problems = s.problems.map { "\($0.key) \(office.catalogue[$0.key]?.name ?? "") ×\($0.count)" }.joined(separator: "<br>")
                let units = s.unitCases.map { "\(unit($0.key)) ×\($0.count)" }.joined(separator: "<br>")
                md += "| \(k + 1) | \(cell(s.place.text)) (聚类 cluster \(s.cluster)) | \(cell(problems)) (\(s.open)/\(s.count)) | "
                md += "\(cell(units)) | \(cell(unit(s.lead))) | \(String(format: "%.1f", s.priority)) | "
                md += "\(k == 0 ? "起点 start" : metres(d.legs[k])) |\n"
            }
            md += "\n路线 Route: \(d.stops.indices.map { String($0 + 1) }.joined(separator: " → ")), \(metres(d.lengthM))。\n"
        }
        return md
    }

    static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
