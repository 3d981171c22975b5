import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

extension MetricsGrouping: ExpressibleByArgument {}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The figures leaders read: closure, on-time and rework rates, by unit, grid, community or category. 统计与通报。",
        discussion: """
        结案率 closure rate = closed / due-to-close; 按期结案率 on-time rate = closed on time / due-to-close; due-to-close counts
        the closed cases and the open ones already overdue (not parked). 返工率 rework rate = reworked / handled.
        --circular writes the lagging-units circular (通报) as Markdown instead.
        Example: gridpin stats --by unit --since 2022-07-01 --until 2022-10-01
                 gridpin stats --circular -o circular.md
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var filters: CaseFilterOptions
    @Option(help: "Group by unit (lead units), grid, community or category.")
    var by: MetricsGrouping = .unit
    @Option(help: "table, csv or json.")
    var format: Format = .table
    @Flag(help: "Write the lagging-units circular (通报) as Markdown.")
    var circular = false
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let (office, ledger, cases, now) = try filters.cases(street, self.ledger)
        let street = office.street
        let handled = try ledger.casesWithStep(WorkflowStep.handle.rawValue), reworked = try ledger.casesWithStep(WorkflowStep.rework.rawValue)
        let out = try TextOutput(path: output ?? "-")
        defer { if let output { printError("→ \(output)") } }
        if circular {
            let period = "\(filters.since ?? "…") – \(filters.until ?? "…")"
            out.write(Circular.markdown(cases: cases, office: office, now: now, handled: handled, reworked: reworked, period: period))
            try out.close()
            return
        }
        let (groups, total) = Metrics.compute(cases, by: by, now: now, handled: handled, reworked: reworked)
        let keys = [by.rawValue, "reported", "due_to_close", "closed", "closed_on_time", "closure_rate", "on_time_rate",
                    "handled", "reworked", "rework_rate", "mean_hours_to_close", "open_overdue"]
        func values(_ m: Metrics) -> [JSONValue] {
            func rate(_ v: Double?) -> JSONValue { v.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }
            return [.string(m.key), .integer(m.reported), .integer(m.dueToClose), .integer(m.closed), .integer(m.closedOnTime),
                    rate(m.closureRate), rate(m.onTimeRate), .integer(m.handled), .integer(m.reworked), rate(m.reworkRate),
                    m.meanHoursToClose.map { .number(($0 * 10).rounded() / 10) } ?? .null, .integer(m.openOverdue)]
        }
        let all = groups + [total]
        switch format {
        case .table:
            func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
            func label(_ key: String) -> String {
                switch by {
                case .unit: street.unit(key).map { "\(key) \($0.name)" } ?? key
                case .category: office.catalogue[key].map { "\(key) \($0.name)" } ?? key
                case .community: street.communities.first { $0.code == key }.map { "\(key) \($0.name)" } ?? key
                case .grid: key
                }
            }
            var rows = [["\(["unit": "单位", "grid": "网格", "community": "社区", "category": "类型"][by.rawValue] ?? "") \(by.rawValue)", "上报 reported", "应结 due", "已结 closed", "按期 on time", "结案率 closure", "按期结案率 on time",
                         "返工率 rework", "平均办结(时) mean h", "逾期未结 overdue"]]
            for m in all {
                rows.append([m.key == "total" ? "合计 total" : label(m.key), String(m.reported), String(m.dueToClose), String(m.closed),
                             String(m.closedOnTime), percent(m.closureRate), percent(m.onTimeRate), percent(m.reworkRate),
                             m.meanHoursToClose.map { String(format: "%.1f", $0) } ?? "—", String(m.openOverdue)])
            }
            out.write(TextTable.render(rows) + "\n")
        case .csv:
            out.write(CSVFormat.line(keys))
            for m in all { out.write(CSVFormat.line(values(m).map(\.text))) }
        case .json:
            var bytes: [UInt8] = Array("[\n".utf8)
            for (i, m) in all.enumerated() {
                bytes += Array("  ".utf8)
                JSONText.object(Array(zip(keys, values(m))), multiline: false, to: &bytes)
                bytes += Array((i + 1 < all.count ? ",\n" : "\n").utf8)
            }
            out.write(bytes: bytes + Array("]\n".utf8))
        }
        try out.close()
    }
}
