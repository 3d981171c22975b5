import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

struct SweepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweeps",
        abstract: "Plan joint sweeps (联合整治) of the clusters that need several units, or review a sweep. 联合整治计划与复盘。",
        discussion: """
        DBSCAN clusters (as `hotspots --method dbscan` makes them, void cases left out) whose cases name at least --min-units
        units (lead and support) and have an open case become stops. Priority = Σ over open cases of severity × (1 + days
        overdue / 7); stops go into days by priority, --per-day a day; each day's stops are walked from the highest-priority one
        in a short route (nearest neighbour, then 2-opt; straight lines in metres). The lead coordinating unit leads the most
        open cases at a stop (lowest id on a tie). -o writes the routes and numbered stops as GeoJSON; the Markdown plan goes
        to --plan, else to standard output.
        --review DATE: the clusters of the plan made on DATE (cases reported before it), each with the problems inside its
        outline per week in the --weeks before and after, and the rebound (复发): new problems inside it within --rebound-days
        of one of its cases being signed off.
        Examples: gridpin sweeps --since 2022-09-01 --eps 25 --min-points 8 --per-day 3 -o sweeps.geojson --plan sweeps.md
                  gridpin sweeps --review 2022-09-01 --weeks 4 --format csv -o review.csv
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var filters: CaseFilterOptions
    @Option(help: "DBSCAN: the neighbourhood radius in metres.") var eps: Double = 25
    @Option(help: "DBSCAN: points within eps (itself included) that make a core point.") var minPoints: Int = 10
    @Option(help: "A cluster becomes a stop when its cases name at least this many different units.") var minUnits: Int = 2
    @Option(help: "Stops per day.") var perDay: Int = 4
    @Option(help: "A CSV or GeoJSON of points instead of the ledger (a closed_at column marks signed-off problems).") var input: String?
    @Option(help: "The coordinate system of --input.") var crs: CoordinateSystem = .wgs84
    @Option(name: .shortAndLong, help: "The plan's GeoJSON (.geojson or .geojsonl); with --review, where the review goes.") var output: String?
    @Option(help: "Write the Markdown plan here (default: standard output).") var plan: String?
    @Option(help: "Review the sweep of this date instead of planning (e.g. 2022-09-01).") var review: String?
    @Option(help: "Review: the weeks counted before and after the date.") var weeks: Int = 4
    @Option(help: "Review: a new problem within this many days of a sign-off is a rebound (复发).") var reboundDays: Int = 30
    @Option(help: "Review: text, json or csv.") var format: Format = .text

    func validate() throws {
        guard eps > 0, minPoints >= 1, minUnits >= 1, perDay >= 1 else {
            throw ValidationError("--eps, --min-points, --min-units and --per-day must be positive")
        }
        guard weeks >= 1, reboundDays >= 1 else { throw ValidationError("--weeks and --rebound-days must be positive") }
        if review != nil {
            if filters.until != nil { throw ValidationError("--until does not go with --review: the weeks after the date are counted") }
            if plan != nil { throw ValidationError("--plan does not go with --review: -o names where the review goes") }
        } else if format != .text {
            throw ValidationError("--format is for --review; the plan is written with -o (GeoJSON) and --plan (Markdown)")
        }
    }

    func run() throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        let locator = try Locator(street: street)
        var (filter, now) = try filters.filter(office)
        let since = filter.since
        if review != nil { filter.since = nil }   // the review counts the weeks around the date, whatever --since says
        let cases = try load(filter: filter, now: now, office: office, locator: locator)
        let planner = try SweepPlanner(office: office, metricEPSG: locator.metricEPSG)
        let options = SweepOptions(eps: eps, minPoints: minPoints, minUnits: minUnits, perDay: perDay, now: now)
        if let review {
            try write(planner.review(cases, date: parseTime(review, office, option: "--review"), since: since, weeks: weeks,
                                     reboundDays: reboundDays, options: options), office)
            return
        }
        let sweep = try planner.plan(cases, options: options)
        if let output {
            let out = try TextOutput(path: output)
            let writer = GeoJSONWriter(output: out, columns: SweepPlan.columns, layout: GeoJSONWriter.layout(forPath: output))
            for f in sweep.features(catalogue: office.catalogue) { try writer.write(id: f.id, geometry: f.geometry, values: f.values) }
            try writer.finish()
            try out.close()
        }
        let out = try TextOutput(path: plan ?? "-")
        out.write(SweepPlanMarkdown.render(sweep, office: office, period: "\(filters.since ?? "…") – \(filters.until ?? "…")"))
        try out.close()
        let written = [output, plan].compactMap { $0 }.joined(separator: ", ")
        printError("\(cases.count) problems: \(sweep.clusters) clusters, \(sweep.stops.count) stops over \(sweep.days.count) days"
                   + (written.isEmpty ? "" : " → \(written)") + "。\(sweep.stops.count) 个整治点，\(sweep.days.count) 天。")
    }

    /// The problems from the ledger (void cases left out unless --status asks for them) or from --input.
    func load(filter: CaseFilter, now: Double, office: Office, locator: Locator) throws -> [SweepCase] {
        guard let input else {
            return try ledger.open().cases(filter, now: now, catalogue: office.catalogue).filter { $0.status != .void || !filter.statuses.isEmpty }.map { c in
                SweepCase(point: HotspotPoint(id: c.number, lon: c.lon, lat: c.lat, x: c.xM, y: c.yM, category: c.category, reportedAt: c.reportedAt,
                                              open: c.status.isOpen, lead: c.leadUnits, support: c.supportUnits, grid: c.grid, community: c.community),
                          dueAt: c.dueAt, closedAt: c.closedAt, parked: c.status == .parked, compound: c.compound, road: c.road, market: c.market)
            }
        }
        let (cases, rejected) = try SweepCase.read(path: input, crs: crs, office: office, locator: locator)
        if let first = rejected.first {
            printError("\(rejected.count) rows of \(input) were left out (the first, \(first.row): \(first.reason)); 部分行未能定位或分派")
        }
        return cases.filter { filter.matches($0.point, catalogue: office.catalogue) }
    }

    func write(_ r: SweepReview, _ office: Office) throws {
        let out = try TextOutput(path: output ?? "-")
        switch format {
        case .text:
            let date = office.calendar.format(Date(timeIntervalSince1970: r.date))
            var rows = [["天-站 day-stop", "聚类 cluster", "地点 place", "案件 cases (未结 open)", "前\(r.weeks)周 before", "后\(r.weeks)周 after",
                         "每周 per week", "变化 change", "已销号 closed", "复发 rebound"]]
            for row in r.rows {
                let v = Dictionary(uniqueKeysWithValues: zip(SweepReview.keys, r.values(row)))
                func text(_ key: String) -> String { v[key]?.text ?? "" }
                let change = v["change"]?.double.map { String(format: "%+.0f%%", $0 * 100) } ?? "—"
                rows.append(["\(row.day)-\(row.stop)", String(row.cluster), row.place, "\(row.count) (\(row.open))",
                             "\(row.beforeTotal) [\(text("before_weekly"))]", "\(row.afterTotal) [\(text("after_weekly"))]",
                             "\(text("before_per_week")) → \(text("after_per_week"))", change, String(row.closed), String(row.rebound)])
            }
            out.write("整治复盘 Sweep review \(date): 前后各 \(r.weeks) 周 weeks before and after; 复发 rebound = 销号后 \(r.reboundDays) 天内的新问题 new problems within \(r.reboundDays) days of a sign-off\n")
            out.write(TextTable.render(rows) + "\n\(r.rows.count) 个整治点 swept clusters\n")
        case .csv:
            out.write(CSVFormat.line(SweepReview.keys))
            for row in r.rows { out.write(CSVFormat.line(r.values(row).map(\.text))) }
        case .json:
            var bytes: [UInt8] = Array("[\n".utf8)
            for (i, row) in r.rows.enumerated() {
                bytes += Array("  ".utf8)
                JSONText.object(Array(zip(SweepReview.keys, r.values(row))), multiline: false, decimals: 7, to: &bytes)
                bytes += Array((i + 1 < r.rows.count ? ",\n" : "\n").utf8)
            }
            out.write(bytes: bytes + Array("]\n".utf8))
        }
        try out.close()
        if r.afterIncomplete {
            printError("note: the \(r.weeks) weeks after the date run past the last report: the counts after are not complete yet 统计期尚未结束")
        }
        if let output { printError("\(r.rows.count) swept clusters → \(output)") }
    }
}
