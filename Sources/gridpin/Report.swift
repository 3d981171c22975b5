import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report one problem into the ledger, as a grid manager does. 上报一个问题。",
        discussion: """
        The point is located, the rules name the lead and support units, the due time is set; a problem of the same category
        within 50 m of an open case reported in the last 7 days is linked to that case (副单) instead of opening a new one.
        Example: gridpin report --lon 108.50122 --lat 34.294608 --category 0506 --by 张三 --description "人行道电动车乱停"
        """
    )

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @Option(name: [.customLong("lon"), .customLong("x")], help: "Longitude (or easting for a Gauss-Krüger --crs).")
    var lon: Double
    @Option(name: [.customLong("lat"), .customLong("y")], help: "Latitude (or northing).")
    var lat: Double
    @Option(help: "The coordinate system of --lon/--lat.")
    var crs: CoordinateSystem = .wgs84
    @Option(help: "The problem category code (gridpin catalog lists them).")
    var category: String
    @Option(help: "Who reports it.")
    var by: String
    @Option(help: "grid_manager, hotline_12345, inspection or supervisor.")
    var source: ReportSource = .gridManager
    @Option(help: "The source's own reference, e.g. the 12345 ticket number.")
    var ref: String?
    @Option(help: "What was seen.")
    var description: String?
    @Option(help: "Photo references, separated by ;.")
    var photos: String?
    @Option(help: "When it was seen (default now).")
    var at: String?

    func run() throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        let triage = try Triage(office: office, locator: try Locator(street: street))
        let time = try parseTime(at, office, option: "--at")
        let problem = Problem(category: category, x: lon, y: lat, crs: crs, source: source, sourceRef: ref, reporter: by,
                              description: description, photos: photos, reportedAt: time)
        let t = try triage.triage(problem)
        let ledger = try self.ledger.open()
        let outcome = try ledger.file([t], streetCode: street.area.code, calendar: office.calendar, catalogue: office.catalogue, by: by,
                                      at: Date().timeIntervalSince1970)[0]
        let record = try ledger.case(outcome.caseNumber)
        switch outcome {
        case .opened(let n): print("opened case \(n) 新建案卷")
        case .merged(let n): print("linked to open case \(n) as a further report; it now has \(record.reports) reports 已并入案卷 \(n)（副单），共 \(record.reports) 次上报")
        case .alreadyFiled(let n): print("already filed as case \(n) (same source reference) 已存在，未重复登记")
        }
        let rows = [
            ["类型 Category", "\(t.category.code) \(t.category.name) / \(t.category.nameEn)"],
            ["网格 Grid", record.grid ?? "—"],
            ["牵头 Lead", unitNames(record.leadUnits, street)],
            ["配合 Support", unitNames(record.supportUnits, street)],
            ["规则 Rule", record.rule],
            ["理由 Reason", record.reason],
            ["期限 Due", office.calendar.format(Date(timeIntervalSince1970: record.dueAt))],
            ["状态 Status", "\(record.status.rawValue) \(record.status.chinese)"],
        ]
        print(TextTable.render(rows))
    }
}
