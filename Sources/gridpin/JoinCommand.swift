import ArgumentParser
import Foundation
import GridGeo
import GridPin

struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Locate every point of a CSV or GeoJSON file. 批量定位。",
        discussion: """
        CSV input needs a header with lon/lat columns (or lng, longitude, x, 经度 / latitude, y, 纬度); other columns are carried through.
        With a category column (category, 问题类型 …; codes or names), each row also gets category, lead, support, rule, reason and,
        with a report-time column (reported_at, 上报时间 …), due_at; an unknown category is a rejected row naming the nearest codes.
        Output by extension: .csv, .geojson, or .geojsonl (one feature per line); -o - writes CSV to standard output (the summary goes to
        standard error). Rows that cannot be placed go to a rejects CSV with their line and reason (OUTPUT.rejects.csv; rejects.csv
        for -o -). The output and rejects files appear only when the join is done, so a failed join leaves no half-written file.
        Examples: gridpin join problems.csv -o located.csv --crs gcj02
                  gridpin join problems.csv -o - | head
        """
    )

    @OptionGroup var street: StreetOptions
    @Argument(help: "Input points: .csv or .geojson.")
    var input: String
    @Option(name: .shortAndLong, help: "Output: .csv, .geojson or .geojsonl; - for CSV on standard output.")
    var output: String
    @Option(help: "The coordinate system of the input.")
    var crs: CoordinateSystem = .wgs84
    @Option(help: "Where rejected rows go (default: OUTPUT with .rejects.csv; rejects.csv for -o -).")
    var rejects: String?
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        _ = try JoinFormat(path: output)
        _ = try Join.rejectsFile(output: output, rejects: rejects)
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let loaded = try street.loadStreet()
        let locator = try Locator(street: loaded)
        let join = Join(locator: locator, crs: crs)
        if let threads { join.workers = threads }
        let progress = Progress(label: "joined 已定位")
        join.progress = progress.update
        let source = try openPointSource(path: input, crs: crs)
        // A category column: add who must act (and by when, with a report-time column).
        let names = source.columns.map(\.name)
        if names.contains(where: { (IntakeFile.names["category"] ?? []).contains($0.lowercased()) }) {
            join.categories = JoinCategories(columns: names, responsibility: Responsibility(office: try street.loadOffice(loaded)))
        }
        let summary = try join.run(source: source, output: output, rejects: rejects)
        progress.done()
        var line = "\(summary.rows) rows: \(summary.placed) located → \(output == "-" ? "standard output 标准输出" : output)"
        if let path = summary.rejectsPath { line += "; \(summary.rejected) rejected → \(path)" }
        printError(line + "。共 \(summary.rows) 行，定位 \(summary.placed) 行，拒收 \(summary.rejected) 行。")
    }
}
