import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

struct Cases: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List cases of the ledger, filtered. 查询台账案卷。",
        discussion: """
        Formats: table (for people), csv, json, geojson (a FeatureCollection of points for QGIS, geojson.io, kepler.gl,
        with simplestyle marker-color per category, larger markers for overdue cases).
        Example: gridpin cases --grid 619901001006006 --status dispatched,handled --overdue
                 gridpin cases --since 2022-07-01 --until 2022-10-01 --format geojson -o cases.geojson
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, geojson }

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var filters: CaseFilterOptions
    @Option(help: "table, csv, json or geojson.")
    var format: Format = .table
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let (office, _, cases, now) = try filters.cases(street, ledger)
        let out = try TextOutput(path: output ?? "-")
        let columns = CaseColumns.columns
        switch format {
        case .table:
            var rows = [["案卷号 number", "类型 category", "状态 status", "网格 grid", "牵头 lead", "期限 due", "逾期 overdue"]]
            for c in cases {
                rows.append([c.number, "\(c.category) \(office.catalogue[c.category]?.name ?? "")", c.status.chinese, c.grid ?? "—",
                             c.lead, office.calendar.format(Date(timeIntervalSince1970: c.dueAt)), c.isOverdue(at: now) ? "是 yes" : ""])
            }
            out.write(TextTable.render(rows) + "\n\(cases.count) cases 件\n")
        case .csv:
            out.write(CSVFormat.line(columns.map(\.name)))
            for c in cases { out.write(CSVFormat.line(CaseColumns.values(c, office: office, now: now).map(\.text))) }
        case .json:
            var bytes: [UInt8] = Array("[\n".utf8)
            for (i, c) in cases.enumerated() {
                bytes += Array("  ".utf8)
                JSONText.object(Array(zip(columns.map(\.name), CaseColumns.values(c, office: office, now: now))), multiline: false, to: &bytes)
                bytes += Array((i + 1 < cases.count ? ",\n" : "\n").utf8)
            }
            bytes += Array("]\n".utf8)
            out.write(bytes: bytes)
        case .geojson:
            let writer = GeoJSONWriter(output: out, columns: columns + CaseColumns.style, layout: .collection)
            for c in cases {
                try writer.write(id: .string(c.number), geometry: .point(Position(c.lon, c.lat)),
                                 values: CaseColumns.values(c, office: office, now: now) + CaseColumns.styleValues(c, office: office, now: now))
            }
            try writer.finish()
        }
        try out.close()
        if let output { printError("\(cases.count) cases → \(output)") }
    }
}
