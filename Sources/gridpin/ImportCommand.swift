import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import problems in bulk (a 12345 export, a spreadsheet, GeoJSON) into the ledger. 批量导入。",
        discussion: """
        CSV in UTF-8 (with or without BOM) or GB18030/GBK; Chinese or English column names (经度/纬度/问题类型/上报时间/工单号…),
        others named with --map FIELD=COLUMN (fields: lon, lat, category, reported_at, source_ref, source, reporter, description, photos).
        One transaction: the import lands whole or not at all. With --skip-bad the good rows land and the bad ones go to the
        rejects CSV. Rows whose source reference was imported before add nothing (a file without references warns: imported again,
        its rows would be filed again).
        Example: gridpin import 12345-july.csv --crs gcj02 --source hotline_12345 --map category=事件小类
        """
    )

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The file: .csv, .geojson.")
    var input: String
    @Option(help: "The coordinate system of the file.")
    var crs: CoordinateSystem = .wgs84
    @Option(help: "The source of rows without a source column.")
    var source: ReportSource = .hotline
    @Option(help: "auto, utf8 or gb18030.")
    var encoding: TextEncoding = .auto
    @Option(parsing: .upToNextOption, help: "Column names for fields: FIELD=COLUMN …")
    var map: [String] = []
    @Flag(help: "Import the good rows and put the bad ones in the rejects file.")
    var skipBad = false
    @Option(help: "Where bad rows go (default: INPUT with .rejects.csv).")
    var rejects: String?
    @Option(help: "Merge a report into an open case of its category within this many metres. 合并半径（米）")
    var mergeMetres: Double = 50
    @Option(help: "… and reported at most this many days before it (with --merge-metres). 合并时间窗（天）")
    var mergeDays: Double = 7
    @Option(help: "Who imports (for the history).")
    var by: String = "import"

    func validate() throws {
        for m in map where m.split(separator: "=").count != 2 { throw ValidationError("--map \(m): write FIELD=COLUMN") }
        guard mergeMetres >= 0, mergeDays >= 0 else { throw ValidationError("--merge-metres and --merge-days cannot be negative") }
    }

    func run() throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        let mapping = Dictionary(map.map { m in let p = m.split(separator: "=", maxSplits: 1); return (String(p[0]), String(p[1])) },
                                 uniquingKeysWith: { _, b in b })
        let file = try IntakeFile(path: input, crs: crs, source: source, encoding: encoding, mapping: mapping, office: office)
        if !file.hasSourceRefs {
            printError("warning: \(input) has no column of source references (工单号, id … or --map source_ref=COLUMN), so importing it again "
                       + "would file every row again, as further reports of its case 无工单号列：重复导入会重复登记")
        }
        var importer = Importer(office: office, locator: try Locator(street: street))
        importer.skipBad = skipBad
        importer.merge = MergePolicy(metres: mergeMetres, days: mergeDays)
        let progress = Progress(label: "imported 已导入")
        importer.progress = progress.update
        defer { progress.done() }
        let rejectsPath = rejects ?? Join.rejectsPath(for: input)
        let summary = try importer.run(file, into: try ledger.open(), rejects: rejectsPath, by: by, now: Date().timeIntervalSince1970)
        var line = "\(summary.rows) rows: \(summary.opened) new cases, \(summary.merged) merged into open cases, \(summary.alreadyFiled) already imported"
        line += summary.rejected > 0 ? ", \(summary.rejected) rejected → \(rejectsPath)" : ", 0 rejected"
        print(line + "。共 \(summary.rows) 行：新建 \(summary.opened)，合并 \(summary.merged)，已存在 \(summary.alreadyFiled)，拒收 \(summary.rejected)。")
    }
}
