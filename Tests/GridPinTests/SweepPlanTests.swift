import Foundation
import XCTest
import GridGeo
@testable import GridPin

final class SweepPlanTests: XCTestCase {
    var office: Office!
    var locator: Locator!
    var projection: Projection!

    override func setUpWithError() throws {
        let street = try Bundled.street()
        office = try Office.load(street: street, resources: Bundled.resources)
        locator = try Locator(street: street)
        projection = try locator.makeProjection()
    }

    /// A time written out in Beijing time, read by Foundation (not by the code under test).
    func t(_ iso: String) -> Double {
        ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970
    }

    /// Four cases at the corners of a 3 m square whose south-west corner is (x, y) in the sample
    /// street's metres (EPSG:4545): their mean is (x + 1.5, y + 1.5).
    func square(_ name: String, x: Double, y: Double, category: String, lead: [[String]], support: [[String]],
                open: [Bool], due: [Double], parked: [Bool] = [false, false, false, false], now: Double) throws -> [SweepCase] {
        try [(0.0, 0.0), (3.0, 0.0), (0.0, 3.0), (3.0, 3.0)].enumerated().map { i, d in
            let m = Position(x + d.0, y + d.1), g = try projection.transform(m, inverse: true)
            let point = HotspotPoint(id: "\(name)\(i)", lon: g.x, lat: g.y, x: m.x, y: m.y, category: category, reportedAt: now - 20 * 86_400,
                                     open: open[i], lead: lead[i], support: support[i], grid: nil, community: nil)
            return SweepCase(point: point, dueAt: due[i], closedAt: open[i] ? nil : now - 86_400, parked: parked[i])
        }
    }

    /// Six clusters of four cases 200 m apart; severities from the bundled catalogue (9301 2,
    /// 9201 3, 0506 1, 0504 2, 0101 2). Priority = Σ open: severity × (1 + days overdue / 7):
    ///   A (0)  9301, cmo + mso, 2 open, none overdue:                      2 + 2            = 4
    ///   B (1)  9201, ems + cmo, 1 open 14 days overdue, 3 closed:          3 × (1 + 14/7)   = 9
    ///   C (2)  0506, ecs + cmo, 4 open: one 7 days overdue, one parked 30 days past due (its
    ///          deadline is not running), two not due:                      1 × 2 + 1 + 1 + 1 = 5
    ///   D (3)  0504, cmo alone: one unit, not a stop at --min-units 2 (else 3 open → 6)
    ///   E (4)  0101, cmo + mso, all closed: nothing open, not a stop
    ///   F (5)  9301, two open led by mso and two by cmo (each supporting the other): 4 × 2 = 8,
    ///          lead cmo on the tie (lowest id)
    func cases(now: Double) throws -> [SweepCase] {
        let soon = now + 86_400, fourteen = now - 14 * 86_400, seven = now - 7 * 86_400, thirty = now - 30 * 86_400
        let x0 = 546_000.0, y0 = 3_797_000.0
        func all(_ units: [String]) -> [[String]] { Array(repeating: units, count: 4) }
        return try square("A", x: x0, y: y0, category: "9301", lead: all(["cmo"]), support: all(["mso"]),
                          open: [true, true, false, false], due: [soon, soon, soon, soon], now: now)
            + square("B", x: x0 + 200, y: y0, category: "9201", lead: all(["ems"]), support: all(["cmo"]),
                     open: [true, false, false, false], due: [fourteen, soon, soon, soon], now: now)
            + square("C", x: x0, y: y0 + 200, category: "0506", lead: all(["ecs"]), support: all(["cmo"]),
                     open: [true, true, true, true], due: [seven, soon, thirty, soon], parked: [false, false, true, false], now: now)
            + square("D", x: x0 + 200, y: y0 + 200, category: "0504", lead: all(["cmo"]), support: all([]),
                     open: [true, true, true, false], due: [soon, soon, soon, soon], now: now)
            + square("E", x: x0 + 400, y: y0, category: "0101", lead: all(["cmo"]), support: all(["mso"]),
                     open: [false, false, false, false], due: [soon, soon, soon, soon], now: now)
            + square("F", x: x0 + 400, y: y0 + 200, category: "9301", lead: [["mso"], ["cmo"], ["mso"], ["cmo"]],
                     support: [["cmo"], ["mso"], ["cmo"], ["mso"]], open: [true, true, true, true], due: [soon, soon, soon, soon], now: now)
    }

    func testStopsNeedSeveralUnitsAndAnOpenCaseAndGoIntoDaysByPriority() throws {
        let now = t("2022-09-30T10:00:00+08:00")
        let planner = try SweepPlanner(office: office, metricEPSG: locator.metricEPSG)
        var options = SweepOptions(eps: 10, minPoints: 3, minUnits: 2, perDay: 2, now: now)
        let cases = try self.cases(now: now)
        let plan = try planner.plan(cases, options: options)
        XCTAssertEqual(plan.clusters, 6)
        XCTAssertEqual(plan.fewUnits, 1)      // D
        XCTAssertEqual(plan.nothingOpen, 1)   // E
        XCTAssertEqual(plan.days.map { $0.stops.map(\.cluster) }, [[1, 5], [2, 0]])   // B 9, F 8 | C 5, A 4
        let stops = Dictionary(uniqueKeysWithValues: plan.stops.map { ($0.cluster, $0) })
        XCTAssertEqual(stops[1]!.priority, 9, accuracy: 1e-9)
        XCTAssertEqual(stops[5]!.priority, 8, accuracy: 1e-9)
        XCTAssertEqual(stops[2]!.priority, 5, accuracy: 1e-9)
        XCTAssertEqual(stops[0]!.priority, 4, accuracy: 1e-9)
        XCTAssertEqual(stops[1]!.lead, "ems")
        XCTAssertEqual(stops[2]!.lead, "ecs")
        XCTAssertEqual(stops[5]!.lead, "cmo")                       // 2 open each for cmo and mso: the lowest id
        XCTAssertEqual(stops[1]!.units, ["cmo", "ems"])              // both named by all four cases: by id
        XCTAssertEqual(stops[5]!.problems, [Tally("9301", 4)])
        XCTAssertEqual(stops[0]!.problems, [Tally("9301", 2)])
        XCTAssertEqual(stops[1]!.count, 4)
        XCTAssertEqual(stops[1]!.open, 1)
        // Day 1 walks from B (546201.5, 3797001.5) to F (546401.5, 3797201.5): √(200² + 200²) m;
        // day 2 from C (546001.5, 3797201.5) to A (546001.5, 3797001.5): 200 m.
        XCTAssertEqual(plan.days[0].lengthM, 282.8427, accuracy: 1e-3)
        XCTAssertEqual(plan.days[1].lengthM, 200, accuracy: 1e-3)
        XCTAssertEqual(plan.days[1].legs.count, 2)
        XCTAssertEqual(plan.days[1].legs[1], 200, accuracy: 1e-3)

        // With one unit enough, D (3 open × 2 = 6) is a stop too, between F and C.
        options.minUnits = 1
        let all = try planner.plan(cases, options: options)
        XCTAssertEqual(all.fewUnits, 0)
        XCTAssertEqual(all.days.map { $0.stops.map(\.cluster) }.joined().sorted(), [0, 1, 2, 3, 5])
        XCTAssertEqual(SweepPlanner.days(all.stops, perDay: 2).map { $0.map(\.cluster) }, [[1, 5], [3, 2], [0]])
        // And with three units needed, none of them.
        options.minUnits = 3
        XCTAssertEqual(try planner.plan(cases, options: options).stops.count, 0)
    }

    /// Ties in priority go to the stop with more open cases, then to the lower cluster number.
    func testDaysBreakTiesByOpenCasesThenCluster() throws {
        func stop(_ cluster: Int, _ priority: Double, open: Int) -> SweepStop {
            SweepStop(cluster: cluster, members: [], x: 0, y: 0, lon: 0, lat: 0, outline: .point(Position(0, 0)), count: open, open: open,
                      unitCases: [], lead: "", priority: priority, problems: [], place: SweepPlace())
        }
        let stops = [stop(0, 3, open: 1), stop(1, 6, open: 3), stop(2, 6, open: 2), stop(3, 3, open: 1), stop(4, 1, open: 5)]
        XCTAssertEqual(SweepPlanner.days(stops, perDay: 3).map { $0.map(\.cluster) }, [[1, 2, 0], [3, 4]])
        XCTAssertEqual(SweepPlanner.days(stops, perDay: 10).map { $0.map(\.cluster) }, [[1, 2, 0, 3, 4]])
    }

    /// A stop's place from the sample street's names: 东关农贸市场 (M01) holds 2 of 6 cases (a
    /// third: named), 兴华苑 (XQ01) 1 (not named); roads by name: 兴华路 (R02-1, R02-2, R02-1) 3,
    /// 环城路 (R01-1, R01-10) 2 (a third: named second), 东风路 1; grid 619901001002001 (西街社区第1网格)
    /// 3 of 6 — its community (西街社区) is left out because the grid's name says it, and the
    /// cases' own community codes (东关社区) give way to the grid's.
    func testThePlaceNamesTheCommonestMarketRoadsAndGrid() throws {
        let planner = try SweepPlanner(office: office, metricEPSG: locator.metricEPSG)
        let grids: [String?] = ["619901001002001", "619901001002001", "619901001002001", "619901001001001", "619901001001001", nil]
        let markets: [String?] = ["M01", "M01", "M02", nil, nil, nil]
        let compounds: [String?] = ["XQ01", nil, nil, nil, nil, nil]
        let roads: [String?] = ["R01-1", "R01-10", "R02-1", "R02-2", "R02-1", "R03-1"]
        let cases = (0..<6).map { i in
            SweepCase(point: HotspotPoint(id: "p\(i)", lon: 0, lat: 0, x: 0, y: 0, category: "9301", reportedAt: 0, open: true, lead: ["cmo"],
                                          support: [], grid: grids[i], community: "619901001001"),
                      dueAt: nil, closedAt: nil, compound: compounds[i], road: roads[i], market: markets[i])
        }
        let place = planner.place(cases)
        XCTAssertEqual(place, SweepPlace(market: "东关农贸市场", compound: nil, roads: ["兴华路", "环城路"], grid: "西街社区第1网格", community: "西街社区"))
        XCTAssertEqual(place.text, "东关农贸市场 · 兴华路 · 环城路 · 西街社区第1网格")
    }

    /// The plan as GeoJSON: a route per day and a numbered point per stop, read back by GDAL's
    /// ogrinfo (Debian's gdal-bin) without a warning; and the Markdown hand-out.
    func testThePlanIsWrittenAsGeoJSONAndMarkdown() throws {
        let now = t("2022-09-30T10:00:00+08:00")
        let planner = try SweepPlanner(office: office, metricEPSG: locator.metricEPSG)
        let cases = try self.cases(now: now)
        let plan = try planner.plan(cases, options: SweepOptions(eps: 10, minPoints: 3, minUnits: 2, perDay: 2, now: now))
        let features = plan.features(catalogue: office.catalogue)
        XCTAssertEqual(features.map(\.id), [.string("day-1"), .string("day-1-stop-1"), .string("day-1-stop-2"),
                                            .string("day-2"), .string("day-2-stop-1"), .string("day-2-stop-2")])
        let column = Dictionary(uniqueKeysWithValues: SweepPlan.columns.enumerated().map { ($1.name, $0) })
        XCTAssertEqual(features[0].values[column["length_m"]!], .number(282.8))
        XCTAssertEqual(features[2].values[column["marker-symbol"]!], .string("2"))
        XCTAssertEqual(features[2].values[column["cluster"]!], .integer(5))
        XCTAssertEqual(features[2].values[column["lead"]!], .string("cmo"))

        let md = SweepPlanMarkdown.render(plan, office: office, period: "2022-09-01 – 2022-10-01")
        XCTAssertTrue(md.contains("## 第1天 · Day 1 — 2 站 stops, 路线 route 283 m"), md)
        XCTAssertTrue(md.contains("## 第2天 · Day 2 — 2 站 stops, 路线 route 200 m"), md)
        XCTAssertTrue(md.contains("6 个聚类 clusters → 4 站 stops (1 个单位不足 too few units, 1 个无未结 nothing open)"), md)

        let text = try GDALCheck.check(features.map { ($0.id, $0.geometry, $0.values) }, columns: SweepPlan.columns)
        XCTAssertTrue(text.contains("Feature Count: 6"), text)
        XCTAssertTrue(text.contains("marker-symbol: String"), text)
        XCTAssertTrue(text.contains("length_m: Real"), text)
    }

    /// A review on a plain file, worked by hand. The sweep is on 1 September 2022 (00:00, Beijing
    /// time); 4 weeks each side, rebound within 30 days. In metres from (546000, 3797000):
    ///   the cluster (reported before the date, at (0,0), (6,0), (0,6), (6,6), (3,3)):
    ///     c1 20 Jul, closed 25 Jul · c2 10 Aug, closed 2 Sep 10:00 · c3 15 Aug, closed 3 Sep 10:00 ·
    ///     c4 22 Aug, open · c5 24 Aug, open
    ///   new problems within 3 m of its middle: n1 1 Sep 09:00 · n2 5 Sep · n3 20 Sep · n4 2 Oct 12:00 · n5 10 Oct
    ///   one 300 m away on 6 Sep (noise, outside); one row with an unreadable closed_at (rejected).
    /// Weeks before: [4–11 Aug) c2, [11–18) c3, [18–25) c4 c5, [25 Aug–1 Sep) none → 1;1;2;0 (c1 is
    /// earlier). Weeks after: [1–8 Sep) n1 n2, [8–15) none, [15–22) n3, [22–29) none → 2;0;1;0.
    /// Sign-offs: 25 Jul (window to 24 Aug), 2 Sep 10:00 (to 2 Oct 10:00), 3 Sep 10:00 (to 3 Oct
    /// 10:00): n1 comes before the last two and after the first's window — no; n2, n3, n4 — yes;
    /// n5 — no. Rebound 3. Open on the date: c2 … c5 = 4; closed: 3.
    func testReviewCountsTheWeeksAroundTheSweepAndTheRebound() throws {
        let rows: [(String, Double, Double, String, String)] = [
            ("c1", 0, 0, "2022-07-20T10:00:00+08:00", "2022-07-25T10:00:00+08:00"),
            ("c2", 6, 0, "2022-08-10T10:00:00+08:00", "2022-09-02T10:00:00+08:00"),
            ("c3", 0, 6, "2022-08-15T10:00:00+08:00", "2022-09-03T10:00:00+08:00"),
            ("c4", 6, 6, "2022-08-22T10:00:00+08:00", ""),
            ("c5", 3, 3, "2022-08-24T10:00:00+08:00", ""),
            ("n1", 3, 2, "2022-09-01T09:00:00+08:00", ""),
            ("n2", 2, 3, "2022-09-05T10:00:00+08:00", ""),
            ("n3", 4, 3, "2022-09-20T10:00:00+08:00", ""),
            ("n4", 3, 4, "2022-10-02T12:00:00+08:00", ""),
            ("n5", 3, 3.5, "2022-10-10T10:00:00+08:00", ""),
            ("far", 300, 0, "2022-09-06T10:00:00+08:00", ""),
            ("bad", 3, 3, "2022-08-20T10:00:00+08:00", "yesterday"),
        ]
        var csv = "id,lon,lat,category,reported_at,closed_at\n"
        for (id, dx, dy, reported, closed) in rows {
            let g = try projection.transform(Position(546_000 + dx, 3_797_000 + dy), inverse: true)
            csv += "\(id),\(String(format: "%.10f", g.x)),\(String(format: "%.10f", g.y)),9301,\(reported),\(closed)\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try csv.write(toFile: path, atomically: true, encoding: .utf8)

        let (cases, rejected) = try SweepCase.read(path: path, crs: .wgs84, office: office, locator: locator)
        XCTAssertEqual(cases.count, 11)
        XCTAssertEqual(rejected.count, 1)
        XCTAssertEqual(rejected.first?.row, "line 13")
        XCTAssertTrue(rejected.first?.reason.contains("closed_at \"yesterday\" is not a time") ?? false, rejected.first?.reason ?? "")
        XCTAssertEqual(cases[1].closedAt, t("2022-09-02T10:00:00+08:00"))
        XCTAssertNil(cases[3].closedAt)
        XCTAssertTrue(cases[1].isOpen(at: t("2022-09-01T00:00:00+08:00")))
        XCTAssertFalse(cases[1].isOpen(at: t("2022-09-02T10:00:00+08:00")))

        let planner = try SweepPlanner(office: office, metricEPSG: locator.metricEPSG)
        let review = try planner.review(cases, date: t("2022-09-01T00:00:00+08:00"), weeks: 4, reboundDays: 30,
                                        options: SweepOptions(eps: 10, minPoints: 3, minUnits: 1, perDay: 4, now: 0))
        XCTAssertEqual(review.rows.count, 1)
        let r = try XCTUnwrap(review.rows.first)
        XCTAssertEqual(r.count, 5)
        XCTAssertEqual(r.open, 4)
        XCTAssertEqual(r.closed, 3)
        XCTAssertEqual(r.before, [1, 1, 2, 0])
        XCTAssertEqual(r.after, [2, 0, 1, 0])
        XCTAssertEqual(r.rebound, 3)
        XCTAssertFalse(review.afterIncomplete)   // reports run to 10 October, past 29 September
        let values = Dictionary(uniqueKeysWithValues: zip(SweepReview.keys, review.values(r)))
        XCTAssertEqual(values["before_per_week"], .number(1))     // 4 / 4
        XCTAssertEqual(values["after_per_week"], .number(0.75))   // 3 / 4
        XCTAssertEqual(values["change"], .number(-0.25))          // 3 / 4 − 1
        XCTAssertEqual(values["before_weekly"], .string("1;1;2;0"))

        // Clustering only from 10 August: c1 is left out of the cluster and of its sign-offs.
        let later = try planner.review(cases, date: t("2022-09-01T00:00:00+08:00"), since: t("2022-08-10T00:00:00+08:00"), weeks: 4,
                                       reboundDays: 30, options: SweepOptions(eps: 10, minPoints: 3, minUnits: 1, perDay: 4, now: 0))
        XCTAssertEqual(later.rows.first?.count, 4)
        XCTAssertEqual(later.rows.first?.closed, 2)
        XCTAssertEqual(later.rows.first?.rebound, 3)
    }
}
