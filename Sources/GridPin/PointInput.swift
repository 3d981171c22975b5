import Foundation
import GridGeo

/// A batch of input points, as read: coordinates (NaN where unreadable), why a row cannot be
/// placed, and the carried columns of each row.
public struct PointBatch: Sendable {
    public var x: [Double] = [], y: [Double] = []
    /// Why each row cannot be placed, when it cannot.
    public var problems: [String?] = []
    enum Rows: Sendable {
        /// CSV rows: the raw text of row i is `bytes[starts[i]..<ends[i]]`, its first line `lines[i]`.
        case csv(bytes: [UInt8], starts: [Int], ends: [Int], lines: [Int], idColumn: Int?)
        /// GeoJSON features: their labels, ids (the feature's, else its text `id` property; nil:
        /// neither) and carried values. A batch holds a file's features from the first.
        case features(labels: [String], ids: [FeatureID?], values: [[JSONValue]])
    }
    var rows: Rows
    /// Columns written before the carried ones in CSV: GeoJSON features' ids and coordinates,
    /// which CSV has no other place for.
    var leading: [LeadingColumn] = []
    enum LeadingColumn: String, Sendable, CaseIterable { case id, lon, lat }

    public var count: Int { x.count }

    /// How messages name row i: "line 17" or "feature 3 (id a-1)".
    public func label(_ i: Int) -> String {
        switch rows {
        case .csv(_, _, _, let lines, _): "line \(lines[i])"
        case .features(let labels, _, _): labels[i]
        }
    }

    /// The feature id of row i: its `id` column, else its line or feature number.
    public func id(_ i: Int) -> FeatureID {
        switch rows {
        case .csv(let bytes, let starts, let ends, let lines, let idColumn):
            if let idColumn {
                let fields = CSVFormat.fields(bytes[starts[i]..<ends[i]])
                if idColumn < fields.count, !fields[idColumn].isEmpty { return .string(fields[idColumn]) }
            }
            return .number(lines[i])
        case .features(_, let ids, _): return ids[i] ?? .number(i + 1)
        }
    }

    /// The carried values of row i, one per column.
    public func values(_ i: Int) -> [JSONValue] {
        switch rows {
        case .csv(let bytes, let starts, let ends, _, _): CSVFormat.fields(bytes[starts[i]..<ends[i]]).map { .string($0) }
        case .features(_, _, let values): values[i]
        }
    }

    /// Appends the carried columns of row i as CSV text (a CSV row verbatim).
    public func appendCSV(_ i: Int, to out: inout [UInt8]) {
        switch rows {
        case .csv(let bytes, let starts, let ends, _, _):
            out.append(contentsOf: bytes[starts[i]..<ends[i]])
        case .features(_, let ids, let values):
            for (k, column) in leading.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                switch column {
                // The feature's own id (no property is named `id` when this column is written);
                // empty for a feature without one: a number made up here would read as a
                // reference when the CSV is imported.
                case .id: if let id = ids[i] { CSVFormat.appendField(id.description, to: &out) }
                // The coordinates as the file gives them, to 9 decimals (trailing zeros trimmed);
                // empty for a feature that has none.
                case .lon: if x[i].isFinite { TextFormat.appendNumber(x[i], decimals: 9, to: &out) }
                case .lat: if y[i].isFinite { TextFormat.appendNumber(y[i], decimals: 9, to: &out) }
                }
            }
            for (k, v) in values[i].enumerated() {
                if k > 0 || !leading.isEmpty { out.append(UInt8(ascii: ",")) }
                CSVFormat.appendField(v.text, to: &out)
            }
        }
    }
}

/// A stream of input points in batches: a CSV file read as it goes, or a GeoJSON file of points.
public protocol PointSource {
    /// The carried columns, in order.
    var columns: [PropertyColumn] { get }
    /// The names of the columns a CSV output writes before the carried ones (`PointBatch.leading`).
    var leadingCSVColumns: [String] { get }
    /// Up to `limit` more points; an empty batch at the end.
    func next(_ limit: Int) throws -> PointBatch
}

extension PointSource {
    public var leadingCSVColumns: [String] { [] }
}

/// Opens the right source for a path: GeoJSON by its extension, CSV otherwise.
public func openPointSource(path: String, crs: CoordinateSystem) throws -> PointSource {
    let lower = path.lowercased()
    if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
        return try GeoJSONPointSource(path: path, projected: crs.isProjected)
    }
    return try CSVPointSource(path: path, projected: crs.isProjected)
}

/// Checks that a coordinate pair can be a position in the given kind of system.
func coordinateProblem(_ x: Double, _ y: Double, projected: Bool) -> String? {
    if projected { return nil }
    if !(-180...180).contains(x) { return "longitude \(x) is not a longitude (−180…180) 经度超出范围" }
    if !(-90...90).contains(y) { return "latitude \(y) is not a latitude (−90…90) 纬度超出范围" }
    return nil
}

/// Why a row of an input cannot be used, in English and then Chinese, as join and import say it.
enum RowReason {
    /// A text as a message quotes it: up to 40 characters, then how long it is.
    static func shown(_ text: String) -> String {
        text.count <= 40 ? text : "\(text.prefix(40))… (\(text.count) characters)"
    }
    static func fieldCount(_ n: Int, header: Int) -> String { "\(n) fields, the header has \(header) 字段数与表头不符" }
    static func notANumber(_ column: String) -> String { "\(column) is not a number 坐标不是数字" }
    static func notATime(_ text: String) -> String {
        "reported time \"\(shown(text))\" is not a time (2022-07-15 10:00, 2022/7/15 10:00:00, ISO 8601) 上报时间无法识别"
    }
    static let noGeometry = "no geometry 缺少几何"
    static func notAPoint(_ type: GeometryType) -> String { "geometry is a \(type.rawValue), not a Point 几何不是点" }
}

/// Refuses a header where a column that is read (`read`: indices) shares its name with another:
/// which of them is meant cannot be told, and `--map` names columns by name.
func checkReadOnce(_ read: [Int], lower: [String], header: [String], file: String) throws {
    for i in read {
        if let j = lower.indices.first(where: { $0 != i && lower[$0] == lower[i] }) {
            throw InputError(source: file, message: "line 1: columns \(min(i, j) + 1) and \(max(i, j) + 1) are both named \"\(header[i])\", "
                             + "and that column is read: rename one 列名重复")
        }
    }
}

/// The header names a CSV may give its coordinate columns (compared lower-case), in order of
/// preference.
public enum CoordinateColumns {
    public static let xNames = ["lon", "lng", "longitude", "long", "x", "经度", "easting"]
    public static let yNames = ["lat", "latitude", "y", "纬度", "northing"]
}

/// The column (in the lower-cased header `lower`) of the first of `names` the header holds:
/// names are tried in their order of preference, not the header's, so that a file with both
/// `x,y` and `lon,lat` is read by `lon,lat` wherever they stand.
public func column(named names: [String], in lower: [String]) -> Int? {
    for name in names { if let i = lower.firstIndex(of: name) { return i } }
    return nil
}

/// Where a CSV's coordinates are and what makes a row unplaceable: what reading a row needs
/// to know of its file.
struct CSVLayout: Sendable {
    let header: [String]
    let xColumn: Int, yColumn: Int, idColumn: Int?
    let projected: Bool

    /// Why a row with `fields` fields and coordinates (x, y) (NaN where not numbers) cannot be
    /// placed, or `nil`.
    @inline(__always)
    func problem(fields: Int, x: Double, y: Double) -> String? {
        if fields != header.count { return RowReason.fieldCount(fields, header: header.count) }
        if !x.isFinite { return RowReason.notANumber(header[xColumn]) }
        if !y.isFinite { return RowReason.notANumber(header[yColumn]) }
        return coordinateProblem(x, y, projected: projected)
    }

    /// Why a row whose field `column` is not UTF-8 text cannot be placed: copied, it would
    /// not be text in the output; replaced, it would be lost unseen.
    func notUTF8(column: Int) -> String {
        "\(column < header.count ? header[column] : "field \(column + 1)") is not UTF-8 text: \(CSVFormat.saveAsUTF8)"
    }
}

/// CSV points: a header naming `lon`/`lat` (or `lng`, `longitude`, `x`; `latitude`, `y`;
/// 经度/纬度), and any other columns, which are carried through as text.
final class CSVPointSource: PointSource {
    let reader: CSVReader
    let layout: CSVLayout
    let columns: [PropertyColumn]

    init(path: String, projected: Bool) throws {
        reader = try CSVReader(path: path)
        let header = try reader.header()
        let lower = header.map { $0.lowercased() }
        guard let x = column(named: CoordinateColumns.xNames, in: lower) else {
            throw InputError(source: path, message: "line 1: no longitude column (one of \(CoordinateColumns.xNames.joined(separator: ", "))) 缺少经度列")
        }
        guard let y = column(named: CoordinateColumns.yNames, in: lower) else {
            throw InputError(source: path, message: "line 1: no latitude column (one of \(CoordinateColumns.yNames.joined(separator: ", "))) 缺少纬度列")
        }
        // The columns read (coordinates, and category and time for who must act) each once.
        let read = [x, y] + [column(named: IntakeFile.names["category"] ?? [], in: lower),
                             column(named: IntakeFile.names["reported_at"] ?? [], in: lower)].compactMap { $0 }
        try checkReadOnce(read, lower: lower, header: header, file: path)
        layout = CSVLayout(header: header, xColumn: x, yColumn: y, idColumn: lower.firstIndex(of: "id"), projected: projected)
        columns = header.map { PropertyColumn($0, .string) }
    }

    /// The next records, up to `limit`, unparsed; `nil` at the end.
    func nextBlock(_ limit: Int, reusing spare: [UInt8] = []) -> CSVBlock? {
        reader.nextBlock(limit: limit, reusing: spare)
    }

    func next(_ limit: Int) throws -> PointBatch {
        var bytes: [UInt8] = [], starts: [Int] = [], ends: [Int] = [], lines: [Int] = []
        var batch = PointBatch(rows: .features(labels: [], ids: [], values: []))
        var scratch: [UInt8] = []
        while starts.count < limit, let block = nextBlock(limit - starts.count) {
            block.forEachRecord(xColumn: layout.xColumn, yColumn: layout.yColumn, scratch: &scratch) { p, s, e, line, fields, x, y in
                starts.append(bytes.count)
                bytes.append(contentsOf: UnsafeBufferPointer(start: p + s, count: e - s))
                ends.append(bytes.count); lines.append(line)
                batch.x.append(x); batch.y.append(y)
                batch.problems.append(layout.problem(fields: fields, x: x, y: y))
            }
            if block.endsInOpenQuote && !batch.problems.isEmpty { batch.problems[batch.problems.count - 1] = CSVReader.openQuoteReason }
        }
        if starts.isEmpty, let error = reader.readError { throw error }
        batch.rows = .csv(bytes: bytes, starts: starts, ends: ends, lines: lines, idColumn: layout.idColumn)
        return batch
    }
}

/// GeoJSON points: a FeatureCollection whose features are Points; properties are carried with
/// one type per column (integer, number, boolean, or else text).
final class GeoJSONPointSource: PointSource {
    let columns: [PropertyColumn]
    /// In CSV output, each feature's own id and coordinates come first, under `id`, `lon` and
    /// `lat`: the id unless a property is named `id`, the coordinates unless one is named `lon`
    /// or `lat` (both or neither, so that a point is never half a property).
    let leading: [PointBatch.LeadingColumn]
    var leadingCSVColumns: [String] { leading.map(\.rawValue) }
    private var points: PointBatch

    init(path: String, projected: Bool) throws {
        // A feature that cannot be read is a rejected row, with its id and properties when sound.
        let features = try GeoJSONReader.readEach(contentsOf: URL(fileURLWithPath: path)).map { item in
            switch item {
            case .success(let f): (f, nil as FeatureProblem?)
            case .failure(let p): (Feature(id: p.id, geometry: nil, properties: p.properties), p)
            }
        }
        let keys = Set(features.flatMap { $0.0.properties.keys }).sorted()
        columns = keys.map { key in
            let values = features.compactMap { $0.0.properties[key] }.filter { $0 != .null }
            if values.allSatisfy({ if case .integer = $0 { true } else { false } }) && !values.isEmpty { return PropertyColumn(key, .integer) }
            if values.allSatisfy({ $0.double != nil }) && !values.isEmpty { return PropertyColumn(key, .number(decimals: 9)) }
            if values.allSatisfy({ if case .bool = $0 { true } else { false } }) && !values.isEmpty { return PropertyColumn(key, .bool) }
            return PropertyColumn(key, .string)
        }
        let lower = Set(keys.map { $0.lowercased() })
        leading = (lower.contains("id") ? [] : [.id]) + (lower.contains("lon") || lower.contains("lat") ? [] : [.lon, .lat])
        let columns = self.columns
        var all = PointBatch(rows: .features(labels: [], ids: [], values: []))
        all.leading = leading
        var labels: [String] = [], ids: [FeatureID?] = [], values: [[JSONValue]] = []
        for (i, (f, problem)) in features.enumerated() {
            values.append(columns.map { c in
                let v = f.properties[c.name] ?? .null
                if c.type == .string, v != .null, v.string == nil { return .string(v.text) }
                return v
            })
            ids.append(f.id ?? f.properties["id"].flatMap { $0.string.map(FeatureID.string) })
            labels.append(f.label(index: i))
            switch f.geometry {
            case _ where problem != nil:
                all.x.append(.nan); all.y.append(.nan)
                all.problems.append(problem?.reason)
            case .point(let q)?:
                all.x.append(q.x); all.y.append(q.y)
                all.problems.append(coordinateProblem(q.x, q.y, projected: projected))
            case let g?:
                all.x.append(.nan); all.y.append(.nan)
                all.problems.append(RowReason.notAPoint(g.type))
            case nil:
                all.x.append(.nan); all.y.append(.nan)
                all.problems.append(RowReason.noGeometry)
            }
        }
        all.rows = .features(labels: labels, ids: ids, values: values)
        points = all
    }

    func next(_ limit: Int) throws -> PointBatch {
        defer { points = PointBatch(rows: .features(labels: [], ids: [], values: [])) }
        return points
    }
}
