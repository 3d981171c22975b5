import Foundation
import GridGeo

/// Text encodings an intake file may come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (a byte-order mark is dropped) when the bytes are valid UTF-8, else GB18030.
    case auto
    case utf8
    /// GB18030, which includes GBK and GB2312: what Chinese office software often writes.
    case gb18030
}

/// A bulk intake file — a 12345 export, a spreadsheet of grid reports, a GeoJSON of points — read
/// as a stream of rows, each a problem or the reason it cannot be one, with its line.
///
/// Columns are found by their Chinese or English names (经度/纬度/问题类型/上报时间/工单号…);
/// `mapping` names others (`category=事件小类`). A category is given by its code or its name.
public final class IntakeFile: @unchecked Sendable {
    /// The fields a problem needs and the header names each may have (compared lower-case).
    public static let names: [String: [String]] = [
        "lon": CoordinateColumns.xNames,
        "lat": CoordinateColumns.yNames,
        "category": ["category", "category_code", "type", "问题类型", "问题分类", "类型", "事件类型", "案件类型"],
        "reported_at": ["reported_at", "time", "reported", "上报时间", "时间", "受理时间", "反映时间", "创建时间", "发现时间"],
        "source_ref": ["source_ref", "ref", "ticket", "id", "工单号", "工单编号", "案件编号"],
        "source": ["source", "来源", "渠道", "问题来源"],
        "reporter": ["reporter", "上报人", "反映人", "发现人"],
        "description": ["description", "描述", "问题描述", "内容", "诉求内容"],
        "photos": ["photos", "photo", "照片", "图片"],
    ]
    static let required = ["lon", "lat", "category", "reported_at"]

    /// One row as read: where it is, its fields, and the problem it makes or why it cannot.
    public struct Row: Sendable {
        public let label: String
        public let fields: [String]
        public let problem: Problem?
        public let reason: String?
    }

    public let header: [String]
    let columns: [String: Int]
    /// Where each field is (−1: no column), read a row without hashing its name.
    let at: FieldColumns
    let crs: CoordinateSystem, source: ReportSource
    let catalogue: Catalogue, calendar: WorkCalendar
    /// The CSV being streamed, or the features of a GeoJSON file read whole.
    let reader: CSVReader?
    /// Whether rows must be checked to be UTF-8 text (the file was not checked whole).
    var checkUTF8 = false
    var features: [Result<Feature, FeatureProblem>] = [], featureKeys: [String] = [], nextFeature = 0
    /// A feature id that can be a reference: a text one.
    static func reference(_ id: FeatureID?) -> String? {
        if case .string(let s)? = id { return s }
        return nil
    }

    /// Whether the features' ids are a column (`id`, after `lon` and `lat`): when they are the
    /// references.
    var featureIDs = false
    /// Removes the UTF-8 copy of a converted file: at the end of the rows, or when the file is
    /// dropped before (an import given up part-way).
    let cleanup: () -> Void

    deinit { cleanup() }

    /// Opens a CSV or GeoJSON file and finds its columns. Refuses (throws) only for the file as a
    /// whole: unreadable, missing columns, undecodable text; `next` gives rows, bad ones with their
    /// reason.
    public init(path: String, crs: CoordinateSystem, source: ReportSource, encoding: TextEncoding = .auto,
                mapping: [String: String] = [:], office: Office) throws {
        self.crs = crs; self.source = source; catalogue = office.catalogue; calendar = office.calendar
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            features = try GeoJSONReader.readEach(contentsOf: URL(fileURLWithPath: path))
            featureKeys = Set(features.flatMap { item in
                switch item { case .success(let f): f.properties.keys; case .failure(let p): p.properties.keys }
            }).sorted()
            // A feature's own text id is its reference when no property names one (`id`, `工单号`,
            // …): importing the file again then adds nothing, as it does for a CSV with such a
            // column. Numeric ids are not: QGIS and gridpin's own GeoJSON number features 1…n, and
            // two different files so numbered would look like one imported twice.
            let lower = Set(featureKeys.map { $0.lowercased() })
            featureIDs = (Self.names["source_ref"] ?? []).allSatisfy { !lower.contains($0) } && features.contains { item in
                switch item { case .success(let f): Self.reference(f.id) != nil; case .failure(let p): Self.reference(p.id) != nil }
            }
            header = ["lon", "lat"] + (featureIDs ? ["id"] : []) + featureKeys
            columns = try Self.columns(header, mapping: mapping, file: path, geojson: true)
            at = FieldColumns(columns)
            reader = nil; cleanup = {}
            return
        }
        let (readPath, cleanup) = try Self.utf8File(path, encoding: encoding)
        self.cleanup = cleanup
        let reader = try CSVReader(path: readPath)
        self.reader = reader
        // Text read as it is, not checked whole first, is checked a row at a time.
        checkUTF8 = readPath == path && (encoding == .utf8 || path == "-")
        do { header = try reader.header(advice: Self.notUTF8) } catch let e as InputError { throw InputError(source: path, message: e.message) }
        columns = try Self.columns(header, mapping: mapping, file: path, geojson: false)
        at = FieldColumns(columns)
    }

    /// Whether the file has a column of source references (工单号, id …): only rows with one are
    /// known again when the file is imported again.
    public var hasSourceRefs: Bool { columns["source_ref"] != nil }

    /// The column of each field a problem is made of (−1: none).
    struct FieldColumns: Sendable {
        let lon, lat, category, reportedAt, sourceRef, source, reporter, description, photos: Int
        init(_ c: [String: Int]) {
            lon = c["lon"] ?? -1; lat = c["lat"] ?? -1; category = c["category"] ?? -1; reportedAt = c["reported_at"] ?? -1
            sourceRef = c["source_ref"] ?? -1; source = c["source"] ?? -1; reporter = c["reporter"] ?? -1
            description = c["description"] ?? -1; photos = c["photos"] ?? -1
        }
    }

    /// What to do with text that is not UTF-8 when `--encoding utf8` (or standard input) said it was.
    static let notUTF8 = "give --encoding auto or gb18030 for a GBK file 不是 UTF-8 编码，GBK 文件请用 --encoding gb18030"

    /// Why the file could not be read to its end, once `nextRecords` has met it.
    public var readError: InputError? { reader?.readError }

    /// How many rows `next` has given.
    public private(set) var rowsRead = 0

    /// Up to `limit` more rows, in file order; none at the end.
    public func next(_ limit: Int) -> [Row] { nextRecords(limit).map(row) }

    /// A row as read, before its fields are made a problem (`row(_:)` does that, on any
    /// thread); `reason` is set when it is bad already (its field count, its geometry).
    public struct Record: Sendable {
        let label: String
        let fields: [String]
        let reason: String?
    }

    /// Up to `limit` more records, in file order; none at the end.
    public func nextRecords(_ limit: Int) -> [Record] {
        var records: [Record] = []
        defer { rowsRead += records.count }
        records.reserveCapacity(min(limit, 1 << 16))
        if let reader {
            var raw: [UInt8] = []
            while records.count < limit {
                raw.removeAll(keepingCapacity: true)
                guard let line = reader.nextRaw(into: &raw) else { break }
                let fields = CSVFormat.fields(raw[...])
                if fields.count == 1 && fields[0].isEmpty { continue }
                if checkUTF8, !raw.withUnsafeBufferPointer({ CSVFormat.isUTF8($0.baseAddress!, $0.count) }),
                   let c = CSVFormat.firstNonUTF8Field(raw[...]) {
                    let name = c < header.count ? header[c] : "field \(c + 1)"
                    records.append(Record(label: "line \(line)", fields: fields, reason: "\(name) is not UTF-8 text: \(Self.notUTF8)"))
                    continue
                }
                if reader.openQuoteLine != nil {
                    records.append(Record(label: "line \(line)", fields: fields, reason: CSVReader.openQuoteReason))
                    continue
                }
                guard fields.count == header.count else {
                    records.append(Record(label: "line \(line)", fields: fields, reason: RowReason.fieldCount(fields.count, header: header.count)))
                    continue
                }
                records.append(Record(label: "line \(line)", fields: fields, reason: nil))
            }
            if records.isEmpty { cleanup() }
            return records
        }
        while records.count < limit && nextFeature < features.count {
            let item = features[nextFeature], index = nextFeature
            nextFeature += 1
            switch item {
            case .failure(let problem):
                // A feature that cannot be read: rejected with what could be read of it.
                let values = (featureIDs ? [Self.reference(problem.id) ?? ""] : []) + featureKeys.map { problem.properties[$0]?.text ?? "" }
                records.append(Record(label: problem.label, fields: ["", ""] + values, reason: problem.reason))
            case .success(let f):
                let label = f.label(index: index)
                let values = (featureIDs ? [Self.reference(f.id) ?? ""] : []) + featureKeys.map { f.properties[$0]?.text ?? "" }
                switch f.geometry {
                case .point(let p)?: records.append(Record(label: label, fields: [String(p.x), String(p.y)] + values, reason: nil))
                case let g?: records.append(Record(label: label, fields: ["", ""] + values, reason: RowReason.notAPoint(g.type)))
                case nil: records.append(Record(label: label, fields: ["", ""] + values, reason: RowReason.noGeometry))
                }
            }
        }
        return records
    }

    /// The problem a record makes, or why it cannot make one. Reads only what `init` set, so
    /// threads may call it at once.
    public func row(_ record: Record) -> Row {
        if let reason = record.reason { return Row(label: record.label, fields: record.fields, problem: nil, reason: reason) }
        return row(record.label, record.fields)
    }

    /// Where each wanted field is in the header.
    static func columns(_ header: [String], mapping: [String: String], file: String, geojson: Bool) throws -> [String: Int] {
        let lower = header.map { $0.lowercased() }
        var columns: [String: Int] = [:]
        for (field, given) in mapping {
            guard names[field] != nil else {
                throw InputError(source: file, message: "--map \(field)=\(given): \(field) is not a field (one of \(names.keys.sorted().joined(separator: ", ")))")
            }
            guard let i = header.firstIndex(of: given) ?? lower.firstIndex(of: given.lowercased()) else {
                throw InputError(source: file, message: "--map \(field)=\(given): the header has no column \"\(given)\"")
            }
            columns[field] = i
        }
        for (field, candidates) in names where columns[field] == nil {
            if let i = column(named: candidates, in: lower) { columns[field] = i }
        }
        if geojson { columns["lon"] = 0; columns["lat"] = 1 }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let wanted = missing.map { "\($0) (\(names[$0, default: []].prefix(4).joined(separator: "/")))" }.joined(separator: ", ")
            throw InputError(source: file, message: "line 1: no column for \(wanted); rename a column to one of these names (gridpin import can also name one with --map FIELD=COLUMN) 缺少必需列")
        }
        if !geojson { try checkReadOnce(Array(columns.values), lower: lower, header: header, file: file) }
        return columns
    }

    /// The problem a row makes, or why it cannot make one.
    func row(_ label: String, _ fields: [String]) -> Row {
        @inline(__always) func value(_ i: Int) -> String? {
            guard i >= 0 else { return nil }
            let v = Self.trimmed(fields[i])
            return v.isEmpty ? nil : v
        }
        func reject(_ reason: String) -> Row { Row(label: label, fields: fields, problem: nil, reason: reason) }
        func name(_ field: String) -> String { columns[field].map { header[$0] } ?? field }
        guard let x = value(at.lon).flatMap(CSVFormat.number), x.isFinite else { return reject(RowReason.notANumber(name("lon"))) }
        guard let y = value(at.lat).flatMap(CSVFormat.number), y.isFinite else { return reject(RowReason.notANumber(name("lat"))) }
        if !crs.isProjected, let problem = coordinateProblem(x, y, projected: false) { return reject(problem) }
        guard let categoryText = value(at.category) else { return reject("no category 缺少问题类型") }
        guard let category = catalogue[categoryText] ?? catalogue.named(categoryText) else {
            return reject(UnknownCategory(code: categoryText, nearest: catalogue.nearest(to: categoryText).map { "\($0.code) \($0.name)" }).description)
        }
        guard let timeText = value(at.reportedAt) else { return reject("no reported time 缺少上报时间") }
        guard let time = calendar.parse(timeText) else { return reject(RowReason.notATime(timeText)) }
        var rowSource = source
        if let s = value(at.source) {
            guard let parsed = Self.source(s) else { return reject("source \"\(s)\" is not one of grid_manager, hotline_12345, inspection, supervisor (网格员, 12345, 巡查, 督查) 来源无法识别") }
            rowSource = parsed
        }
        let problem = Problem(category: category.code, x: x, y: y, crs: crs, source: rowSource, sourceRef: value(at.sourceRef),
                              reporter: value(at.reporter), description: value(at.description), photos: value(at.photos),
                              reportedAt: time.timeIntervalSince1970)
        return Row(label: label, fields: fields, problem: problem, reason: nil)
    }

    /// The text without surrounding spaces or tabs; itself, without copying, when it has none.
    @inline(__always) static func trimmed(_ s: String) -> String {
        // Native strings are contiguous: their first and last bytes are read in place.
        let edged = s.utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard let first = b.first, let last = b.last else { return false }
            return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        }
        if edged == false { return s }
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return s }
        guard first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    static func source(_ text: String) -> ReportSource? {
        // (No word below lower-cases to a source's own name, so the order of the tests does not matter.)
        if let s = ReportSource(rawValue: text) { return s }
        switch text {
        case "12345", "12345热线", "热线", "市民热线": return .hotline
        case "网格员", "网格员上报", "网格": return .gridManager
        case "巡查", "巡查发现": return .inspection
        case "督查", "督办": return .supervisor
        default: return ReportSource(rawValue: text.lowercased())
        }
    }

    /// The file as UTF-8: itself when it already is, else a converted temporary copy.
    static func utf8File(_ path: String, encoding: TextEncoding) throws -> (String, () -> Void) {
        if encoding == .utf8 || path == "-" { return (path, {}) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(source: path, message: "cannot read: \(error.localizedDescription)")
        }
        if encoding == .auto && String(data: data, encoding: .utf8) != nil { return (path, {}) }
        let converted = try gb18030ToUTF8(data, file: path)
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-intake-\(UUID().uuidString).csv")
        do { try converted.write(to: temp) } catch {
            throw InputError(source: path, message: "cannot write a UTF-8 copy to \(temp.path): \(error.localizedDescription)")
        }
        return (temp.path, { try? FileManager.default.removeItem(at: temp) })
    }

    /// GB18030 (GBK, GB2312) bytes as UTF-8, through the C library's iconv.
    public static func gb18030ToUTF8(_ data: Data, file: String) throws -> Data {
        try iconvert(data, from: "GB18030", to: "UTF-8", file: file)
    }

    /// UTF-8 text as GB18030 bytes, as Chinese office software writes them.
    public static func utf8ToGB18030(_ text: String) throws -> Data {
        try iconvert(Data(text.utf8), from: "UTF-8", to: "GB18030", file: "text")
    }

    static func iconvert(_ data: Data, from: String, to: String, file: String) throws -> Data {
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { throw InputError(source: file, message: "this system's iconv cannot convert \(from) to \(to)") }
        defer { iconv_close(cd) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let (consumed, written, failed) = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count, outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return (inBuf.count - inLeft, outBuf.count - outLeft, r == -1)
            }
        }
        if failed {
            let line = input[..<consumed].filter { $0 == 0x0A }.count + 1
            throw InputError(source: file, message: "line \(line): bytes that are not \(from) (byte \(consumed + 1)); give --encoding")
        }
        return Data(output[..<written])
    }
}
