import ArgumentParser
import Foundation
import GridLedger
import GridPin

/// The filters of `cases`, `stats` and the commands that read the ledger.
struct CaseFilterOptions: ParsableArguments {
    @Option(help: "Only cases in these statuses (reported, registered, dispatched, handled, closed, void, parked); repeat or separate with commas.")
    var status: [String] = []
    @Option(help: "Only this grid (15-digit code).")
    var grid: String?
    @Option(help: "Only this community (12-digit code).")
    var community: String?
    @Option(help: "Only cases where this unit leads or supports.")
    var unit: String?
    @Option(help: "Only these category codes; repeat or separate with commas.")
    var category: [String] = []
    @Option(help: "Only the categories of these special actions (1–8); repeat for several.")
    var action: [Int] = []
    @Flag(help: "Only open cases past their due time.")
    var overdue = false
    @Option(help: "Reported at or after this time (e.g. 2022-07-01).")
    var since: String?
    @Option(help: "Reported before this time (e.g. 2022-10-01).")
    var until: String?
    @Option(help: "The moment overdue is judged at (default now).")
    var now: String?

    /// The office data, the open ledger, the cases that pass the filters, and the moment judged at.
    func cases(_ street: StreetOptions, _ ledger: LedgerOptions) throws -> (office: Office, ledger: Ledger, cases: [CaseRecord], now: Double) {
        let office = try street.loadOffice(try street.loadStreet())
        let (filter, now) = try self.filter(office)
        let opened = try ledger.open()
        return (office, opened, try opened.cases(filter, now: now, catalogue: office.catalogue), now)
    }

    func filter(_ office: Office) throws -> (CaseFilter, now: Double) {
        var f = CaseFilter()
        for s in status.flatMap({ $0.split(separator: ",") }) {
            guard let v = CaseStatus(rawValue: String(s)) else {
                throw ValidationError("--status \(s): one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            f.statuses.insert(v)
        }
        for c in category.flatMap({ $0.split(separator: ",") }).map(String.init) { f.categories.insert(try office.category(c).code) }
        for a in action {
            guard (1...8).contains(a) else { throw ValidationError("--action \(a): the special actions are 1–8") }
            f.actions.insert(a)
        }
        if let unit, office.street.unit(unit) == nil { throw ValidationError("--unit \(unit): no such unit in units.csv") }
        f.grid = grid; f.community = community; f.unit = unit; f.overdueOnly = overdue
        f.since = try since.map { try parseTime($0, office, option: "--since") }
        f.until = try until.map { try parseTime($0, office, option: "--until") }
        return (f, try parseTime(now, office, option: "--now"))
    }
}
