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
        --columns writes only the location columns named (a join of grids and communities alone tests no roads or markets).
        Examples: gridpin join problems.csv -o located.csv --crs gcj02
                  gridpin join problems.csv -o - | head
                  gridpin join problems.csv -o grids.csv --columns grid,community --timings -
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
    @Option(help: ArgumentHelp("The location columns to add, comma-separated, written in the order of the full list (default: all): grid,community,compound,road,road_name,road_distance_m,market,market_zone,site,school,venue,office_group,near_boundary. 只输出所选的定位列。",
                               valueName: "columns"), transform: { try LocationColumns(list: $0) })
    var columns: LocationColumns?
    @Option(help: ArgumentHelp("Write how long each phase took, as one JSON object, to this file (- for standard error). 输出各阶段用时。",
                               valueName: "file"))
    var timings: String?

    func validate() throws {
        _ = try JoinFormat(path: output)
        _ = try Join.rejectsFile(output: output, rejects: rejects)
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let timings, timings != "-" {
            // Checked now, so that a join is not done and then failed for want of its timings.
            let folder = URL(fileURLWithPath: timings).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError("--timings: cannot write in \(folder) 无法写入用时文件")
            }
        }
    }

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let loaded = try street.loadStreet()
        let locator = try Locator(street: loaded)
        let ready = DispatchTime.now().uptimeNanoseconds
        let join = Join(locator: locator, crs: crs)
        if let threads { join.workers = threads }
        if let columns { join.columns = columns }
        let progress = Progress(label: "joined 已定位")
        join.progress = progress.update
        let source = try openPointSource(path: input, crs: crs)
        // A category column: add who must act (and by when, with a report-time column).
        let names = source.columns.map(\.name)
        // Reading the office's rules is start-up too, though it waits for the input's header.
        let rulesRead = DispatchTime.now().uptimeNanoseconds
        if names.contains(where: { (IntakeFile.names["category"] ?? []).contains($0.lowercased()) }) {
            join.categories = JoinCategories(columns: names, responsibility: Responsibility(office: try street.loadOffice(loaded)))
        }
        let rules = DispatchTime.now().uptimeNanoseconds - rulesRead
        let summary = try join.run(source: source, output: output, rejects: rejects)
        progress.done()
        if let timings {
            try writeTimings(summary, startUp: ready - started + rules, join: DispatchTime.now().uptimeNanoseconds - ready - rules, to: timings)
        }
        var line = "\(summary.rows) rows: \(summary.placed) located → \(output == "-" ? "standard output 标准输出" : output)"
        if let path = summary.rejectsPath { line += "; \(summary.rejected) rejected → \(path)" }
        printError(line + "。共 \(summary.rows) 行，定位 \(summary.placed) 行，拒收 \(summary.rejected) 行。")
    }
}

extension JoinCommand {
    /// Writes a join's phase times as one JSON object: `start_up_s` (reading the street and the
    /// office's rules, building the locator), `join_s` (opening the input to the last row
    /// written, wall clock), and the workers' `parse_s`, `locate_s` and `write_s`, each summed
    /// over the `workers` (GeoJSON input is parsed by the main thread, so `parse_s` holds little
    /// of its parsing).
    func writeTimings(_ summary: JoinSummary, startUp: UInt64, join: UInt64, to path: String) throws {
        let members: [(String, JSONValue)] = [
            ("rows", .integer(summary.rows)), ("placed", .integer(summary.placed)), ("rejected", .integer(summary.rejected)),
            ("workers", .integer(summary.workers)),
            ("start_up_s", .number(Double(startUp) / 1e9)), ("join_s", .number(Double(join) / 1e9)),
            ("parse_s", .number(summary.phases.parse)), ("locate_s", .number(summary.phases.locate)),
            ("write_s", .number(summary.phases.write)),
        ]
        var text: [UInt8] = []
        JSONText.object(members, multiline: false, decimals: 6, to: &text)
        text.append(0x0A)
        if path == "-" {
            FileHandle.standardError.write(Data(text))
            return
        }
        do {
            try Data(text).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(source: path, message: "cannot write the timings: \(error.localizedDescription) 无法写入用时")
        }
    }
}
