import ArgumentParser
import Foundation
import GridGeo
import GridPin

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert coordinates between WGS 84, GCJ-02, BD-09, CGCS2000 and Gauss-Krüger. 坐标转换。",
        discussion: """
        One point: gridpin convert --from gcj02 --to wgs84 --lon 108.5047 --lat 34.2984
        A CSV file (its lon/lat columns are replaced): gridpin convert --from gcj02 --to wgs84 in.csv -o out.csv
        Gauss-Krüger systems take and give easting, northing in metres.
        """
    )

    @Option(help: "The system of the input.") var from: CoordinateSystem
    @Option(help: "The system to convert to.") var to: CoordinateSystem = .wgs84
    @Option(name: [.customLong("lon"), .customLong("x")], help: "Longitude or easting of one point.") var lon: Double?
    @Option(name: [.customLong("lat"), .customLong("y")], help: "Latitude or northing of one point.") var lat: Double?
    @Argument(help: "A CSV file to convert instead of one point.") var input: String?
    @Option(name: .shortAndLong, help: "Where the converted CSV goes; - is standard output.") var output: String = "-"

    func validate() throws {
        if input == nil && (lon == nil || lat == nil) { throw ValidationError("give --lon and --lat, or a CSV file") }
        if input != nil && (lon != nil || lat != nil) { throw ValidationError("give either --lon/--lat or a CSV file, not both") }
    }

    func run() throws {
        let converter = try CoordinateConverter(from: from, to: to)
        let decimals = to.isProjected ? 4 : 9
        func format(_ v: Double) -> String {
            var out: [UInt8] = []
            TextFormat.appendNumber(v, decimals: decimals, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        if let lon, let lat {
            let p = try converter.convert(Position(lon, lat))
            print("\(format(p.x)) \(format(p.y))")
            return
        }
        guard let input else { return }
        let reader = try CSVReader(path: input)
        guard let header = reader.next()?.fields else { throw InputError(source: input, message: "is empty") }
        let lower = header.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        guard let xi = column(named: CoordinateColumns.xNames, in: lower),
              let yi = column(named: CoordinateColumns.yNames, in: lower) else {
            throw InputError(source: input, message: "line 1: needs lon and lat columns")
        }
        let out = try TextOutput(path: output)
        out.write(CSVFormat.line(header))
        var bad = 0
        while let (line, fields) = reader.next() {
            func leaveOut(_ why: String) {
                printError("\(input): line \(line): \(why); left out 未转换")
                bad += 1
            }
            guard fields.count == header.count else { leaveOut("a row of \(fields.count) fields, the header has \(header.count)"); continue }
            // Finite decimal numbers only, as join and import read them (not hexadecimal, not "nan").
            guard let x = CSVFormat.parseDouble(Array(fields[xi].utf8)[...]), let y = CSVFormat.parseDouble(Array(fields[yi].utf8)[...]),
                  x.isFinite, y.isFinite else {
                leaveOut("(\(fields[xi]), \(fields[yi])) are not two numbers"); continue
            }
            let p: Position
            do { p = try converter.convert(Position(x, y)) } catch { leaveOut("\(error)"); continue }
            var row = fields
            row[xi] = format(p.x); row[yi] = format(p.y)
            out.write(CSVFormat.line(row))
        }
        try out.close()
        if bad > 0 { throw ExitCode(1) }
    }
}
