import Foundation
import GridGeo

/// The output formats of a batch join, chosen by the output file's extension; "-" (standard
/// output) is CSV.
public enum JoinFormat: Sendable {
    case csv, geojson, geojsonl

    public init(path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || path == "-" { self = .csv }
        else if GeoJSONWriter.layout(forPath: lower) == .lines { self = .geojsonl }
        else if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { self = .geojson }
        else {
            throw InputError(source: path, message: "unknown output format: use .csv, .geojson or .geojsonl, or - for CSV on standard output 输出格式未知")
        }
    }
}

/// What a join did.
public struct JoinSummary: Sendable {
    public var rows = 0, placed = 0, rejected = 0
    public var rejectsPath: String?
    /// The workers' time in each phase, summed over them (seconds), and how many there were.
    public var phases = JoinPhases()
    public var workers = 0
}

/// Time spent in the phases of a join's work, in seconds: splitting records and reading their
/// numbers (`parse`); converting, projecting and locating (`locate`); formatting rows (`write`).
public struct JoinPhases: Sendable {
    public var parse = 0.0, locate = 0.0, write = 0.0

    static func + (a: JoinPhases, b: JoinPhases) -> JoinPhases {
        JoinPhases(parse: a.parse + b.parse, locate: a.locate + b.locate, write: a.write + b.write)
    }
}

/// The batch form of locate: reads points, locates each, writes the input columns followed by the
/// location columns, and sends rows it cannot place to a rejects CSV with their line and reason.
///
/// A pipeline: the calling thread reads the input in pieces (whole records, not yet split into
/// fields) and writes finished pieces in order; `workers` threads, each with its own PROJ
/// objects, take pieces as they come and do the rest (fields, numbers, conversion, projection,
/// locating, formatting), so reading, working and writing overlap.
public final class Join {
    let locator: Locator
    let crs: CoordinateSystem
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How many rows may be read ahead of the writer; they are worked in pieces of up to 4,096.
    public var batchSize = 1 << 16
    /// Called as rows are written, with the rows done so far.
    public var progress: ((Int) -> Void)?
    /// Who must act, added to each row when the input has a category column.
    public var categories: JoinCategories?
    /// The location columns written.
    public var columns = LocationColumns.all

    public init(locator: Locator, crs: CoordinateSystem) {
        self.locator = locator; self.crs = crs
    }

    /// The rejects file that goes with an output path: `out.csv` → `out.rejects.csv`.
    public static func rejectsPath(for output: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingPathExtension().path + ".rejects.csv"
    }

    /// The rejects file of a join: `rejects` when given, else beside the output (`rejects.csv`
    /// for standard output); refused when it is the output itself.
    public static func rejectsFile(output: String, rejects: String?) throws -> String {
        let path = rejects ?? (output == "-" ? "rejects.csv" : rejectsPath(for: output))
        func same(_ a: String, _ b: String) -> Bool {
            a == "-" || b == "-" ? a == b : URL(fileURLWithPath: a).standardizedFileURL == URL(fileURLWithPath: b).standardizedFileURL
        }
        if same(path, output) {
            throw InputError(source: path, message: "the rejects cannot go where the output goes: give --rejects another file 拒收文件不能与输出相同")
        }
        return path
    }

    /// Refuses property names a GeoJSON feature cannot hold at once: two input columns of one
    /// name, or an input column named as a column the join adds (a file joined before).
    static func checkDistinct(_ names: [String], added: [String], output: String) throws {
        var seen = Set<String>()
        for name in names {
            if added.contains(name) {
                throw InputError(source: output, message: "the input's column \"\(name)\" is also a column join adds, and a GeoJSON feature cannot hold both: rename or drop it, or write .csv 输入列与新增列重名")
            }
            if !seen.insert(name).inserted {
                throw InputError(source: output, message: "the input has two columns named \"\(name)\", and a GeoJSON feature cannot hold both: rename one, or write .csv 输入有重名列")
            }
        }
    }

    /// Joins `source` into `output` ("-": CSV on standard output). The output and the rejects
    /// file are written under temporary names and given theirs only when the whole input is
    /// done, so a join that fails leaves neither half-written, and may write over its input.
    public func run(source: PointSource, output: String, rejects rejectsPath: String? = nil) throws -> JoinSummary {
        let format = try JoinFormat(path: output)
        let rejectsFile = try Self.rejectsFile(output: output, rejects: rejectsPath)
        let out = try TextOutput(path: output, atomically: true)
        let columns = source.columns
        let added = categories.map { c in Assignment.keys.filter { $0 != "category" || c.addsCategory } } ?? []
        if format != .csv { try Self.checkDistinct(columns.map(\.name), added: self.columns.keys + added, output: output) }
        let writer: GeoJSONWriter? = format == .csv ? nil
            : GeoJSONWriter(output: out, columns: columns + self.columns.columns + added.map { PropertyColumn($0, .string) },
                            layout: format == .geojsonl ? .lines : .collection)
        // CSV (the output, and the rejects whatever the output) carries first what GeoJSON keeps
        // outside a feature's properties: its id and its point.
        let carried = source.leadingCSVColumns + columns.map(\.name)
        if format == .csv { out.write(CSVFormat.line(carried + self.columns.keys + added)) }

        let csv = source as? CSVPointSource
        let context = JoinContext(locator: locator, crs: crs, layout: csv?.layout, encoder: writer?.encoder,
                                  separator: writer?.separator ?? [], categories: categories, columns: self.columns)
        let queue = PieceQueue()
        let running = DispatchGroup()
        let pool = try (0..<workers).map { _ in
            try JoinWorker(converter: CoordinateConverter(from: crs), projection: locator.makeProjection(), context: context)
        }
        for worker in pool {
            running.enter()
            let thread = Thread {
                while let piece = queue.take() {
                    worker.work(piece)
                    piece.done.signal()
                }
                running.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer {
            queue.close()
            running.wait()
        }

        var summary = JoinSummary()
        var rejectsOut: TextOutput?
        let pieceSize = max(1, min(batchSize, 4096))
        let ahead = max(2 * workers + 2, batchSize / pieceSize)
        var pending: [JoinPiece] = [], head = 0
        var spare: [JoinPiece] = []
        var batch: PointBatch?, batchNext = 0
        var reported = 0

        /// The next piece of input, or `nil` at its end.
        func read() throws -> JoinPiece? {
            let piece = spare.popLast() ?? JoinPiece()
            if let csv {
                guard let block = csv.nextBlock(pieceSize, reusing: piece.takeBytes()) else {
                    // The input ended: by its end, or by a read error, which fails the join.
                    if let error = csv.reader.readError { throw error }
                    return nil
                }
                piece.start(.csv(block))
                return piece
            }
            if batchNext == (batch?.count ?? 0) {
                let next = try source.next(batchSize)
                if next.count == 0 { return nil }
                batch = next; batchNext = 0
            }
            guard let current = batch else { return nil }
            let end = min(current.count, batchNext + pieceSize)
            piece.start(.batch(current, batchNext..<end))
            batchNext = end
            return piece
        }

        /// Writes a worked piece and takes its counts.
        func write(_ piece: JoinPiece) throws {
            if let failure = piece.failure { throw failure }
            if let writer {
                writer.write(encoded: Array(UnsafeBufferPointer(start: piece.out.base, count: piece.out.count)), features: piece.placed)
            } else {
                out.write(piece.out)
            }
            if piece.rejected > 0 {
                if rejectsOut == nil {
                    rejectsOut = try TextOutput(path: rejectsFile, atomically: true)
                    rejectsOut?.write(CSVFormat.line(["where", "reason"] + carried))
                }
                rejectsOut?.write(piece.rejects)
            }
            summary.rows += piece.rows; summary.placed += piece.placed; summary.rejected += piece.rejected
            if summary.rows - reported >= batchSize { reported = summary.rows; progress?(summary.rows) }
        }

        var atEnd = false
        while true {
            // Write what is done, in order, without waiting.
            while head < pending.count, pending[head].done.wait(timeout: .now()) == .success {
                try write(pending[head]); spare.append(pending[head]); head += 1
            }
            if !atEnd && pending.count - head < ahead {
                if let piece = try read() {
                    pending.append(piece)
                    queue.put(piece)
                } else {
                    atEnd = true
                }
                continue
            }
            guard head < pending.count else { break }
            pending[head].done.wait()
            try write(pending[head]); spare.append(pending[head]); head += 1
            if head > 64 { pending.removeFirst(head); head = 0 }
        }
        if summary.rows != reported { progress?(summary.rows) }
        try writer?.finish()
        // The rejects first: when they cannot be written, the output is given up too.
        try rejectsOut?.close()
        try out.close()
        summary.rejectsPath = rejectsOut == nil ? nil : rejectsFile
        // Every piece is done, so the workers' clocks are still.
        summary.phases = pool.map(\.phases).reduce(JoinPhases(), +)
        summary.workers = pool.count
        return summary
    }
}

/// What every worker shares: the locator, how to read a row, how to write one.
struct JoinContext: Sendable {
    let locator: Locator
    let crs: CoordinateSystem
    /// The CSV's columns, when the input is a CSV read in raw pieces.
    let layout: CSVLayout?
    /// The GeoJSON encoder, when the output is GeoJSON; else the output is CSV.
    let encoder: FeatureEncoder?
    let separator: [UInt8]
    /// Where the street lies, widened by a degree: the transverse Mercator projection of its
    /// zone cannot fail there, so a point there that the street does not cover is outside
    /// whether or not it is projected.
    let nearStreet: Envelope
    /// Reasons, CSV-escaped.
    let unconvertible: [UInt8], outside: [UInt8]
    /// How a rejected CSV row's line is named, before its number.
    let linePrefix = Array("line ".utf8)
    let categories: JoinCategories?
    /// The location columns written, and whether finding them (or who must act) takes distances.
    let columns: LocationColumns
    let measures: Bool
    let layers: Locator.Layers

    init(locator: Locator, crs: CoordinateSystem, layout: CSVLayout?, encoder: FeatureEncoder?, separator: [UInt8],
         categories: JoinCategories? = nil, columns: LocationColumns = .all) {
        self.locator = locator; self.crs = crs; self.layout = layout; self.encoder = encoder; self.separator = separator
        self.categories = categories; self.columns = columns
        measures = categories != nil || columns.needsDistances
        layers = categories != nil ? .all : columns.layers
        nearStreet = locator.boundary.envelope.expanded(by: 1)
        var text: [UInt8] = []
        CSVFormat.appendField("cannot be converted from \(crs) to WGS 84", to: &text)
        unconvertible = text
        text = []
        CSVFormat.appendField("outside the street 不在本街道范围内", to: &text)
        outside = text
    }
}

/// A piece of the input and, once worked, its output.
final class JoinPiece: @unchecked Sendable {
    enum Input {
        /// Raw CSV records.
        case csv(CSVBlock)
        /// Rows of a batch already read into points.
        case batch(PointBatch, Range<Int>)
    }
    var input: Input = .csv(CSVBlock(bytes: [], firstLine: 0))
    /// Room for a piece's output from the start (4,096 rows with who must act take about
    /// 1.1 MB), so that buffers are not grown and copied while the first pieces are worked.
    let out = ByteBuffer(capacity: 1 << 21), rejects = ByteBuffer()
    // Written by one worker, then read by the writer once `done` is signalled; unchecked, as
    // the runtime's exclusivity checks cost more per row than the work.
    @exclusivity(unchecked) var rows = 0, placed = 0, rejected = 0
    @exclusivity(unchecked) var failure: Error?
    /// Signalled when the piece is worked.
    let done = DispatchSemaphore(value: 0)

    /// Makes the piece hold new input, its output emptied.
    func start(_ input: Input) {
        self.input = input
        out.removeAll(); rejects.removeAll()
        rows = 0; placed = 0; rejected = 0; failure = nil
    }

    /// The bytes of the last CSV input, for the next to reuse.
    func takeBytes() -> [UInt8] {
        guard case .csv(let block) = input else { return [] }
        input = .csv(CSVBlock(bytes: [], firstLine: 0))
        return block.bytes
    }
}

/// Pieces waiting for a worker, first in first out.
final class PieceQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pieces: [JoinPiece] = []
    private var head = 0
    private var closed = false

    func put(_ piece: JoinPiece) {
        condition.lock()
        pieces.append(piece)
        condition.signal()
        condition.unlock()
    }

    /// The next piece, waiting for one; `nil` once the queue is closed.
    func take() -> JoinPiece? {
        condition.lock()
        defer { condition.unlock() }
        while head == pieces.count && !closed { condition.wait() }
        if closed { return nil }
        let piece = pieces[head]
        head += 1
        if head == pieces.count { pieces.removeAll(keepingCapacity: true); head = 0 }
        return piece
    }

    /// Ends the queue: workers stop after the piece they hold.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// One worker thread's tools (its own PROJ objects) and scratch space.
final class JoinWorker: @unchecked Sendable {
    let converter: CoordinateConverter
    let projection: Projection
    let context: JoinContext

    /// One row of a piece as read, and then what became of it.
    struct Row {
        /// Where its record lies in the piece's bytes, and the line it starts on (CSV).
        var start = 0, end = 0, line = 0
        /// Its coordinates as read, then converted to WGS 84.
        var x = 0.0, y = 0.0
        /// Its problem's index in `problems`, or −1.
        var problem: Int32 = -1
        /// Its category's catalogue index (−1: none given) and report time (NaN: none), when
        /// the join adds who must act.
        var category: Int32 = -1
        var reported = Double.nan
        /// Where its category and report-time fields lie (CSV), as the record scan found them.
        var spans = FieldSpans(known: false)
        /// For rows to project: their place in `px`, `py`, `found`.
        var slot: Int32 = -1
        var fate = Fate.problem
    }

    /// What becomes of a row: rejected for a problem, as unconvertible or outside; projected to
    /// tell those last two apart; or placed.
    enum Fate: UInt8 { case problem, unconvertible, outside, projectToCheck, inside }

    // Only this worker's thread uses these; unchecked, as the runtime's exclusivity checks cost
    // more per row than the work.
    /// The rows of the piece being worked, `rowCount` of `rowCapacity`.
    @exclusivity(unchecked) private var rows: UnsafeMutablePointer<Row>
    @exclusivity(unchecked) private var rowCount = 0, rowCapacity = 4096
    /// The texts of the rows' problems.
    @exclusivity(unchecked) private var problems: [String] = []
    /// Coordinates to project, and what containment found for each.
    @exclusivity(unchecked) private var px: [Double] = [], py: [Double] = []
    @exclusivity(unchecked) private var found: [Locator.Indices] = []
    @exclusivity(unchecked) private var xs: [Double] = [], ys: [Double] = []
    /// The few points projected when the join finds containment alone, and their slots.
    @exclusivity(unchecked) private var ox: [Double] = [], oy: [Double] = [], slots: [Int] = []
    /// Each row's containment cell record and each projected point's distance cell record, and
    /// what reading them ahead summed (kept, so that they are read).
    @exclusivity(unchecked) private var records: [Int32] = [], metreRecords: [Int32] = []
    @exclusivity(unchecked) private var touched: Int32 = 0, touchedGrids = 0.0
    @exclusivity(unchecked) private var readAhead = Locator.ReadAhead()
    @exclusivity(unchecked) private var scratch: [UInt8] = [], encoded: [UInt8] = [], fieldScratch: [UInt8] = []
    /// Who-must-act segments this worker has written before.
    private let segments = SegmentCache()
    /// Nanoseconds in each phase so far, and when the piece being worked was taken.
    @exclusivity(unchecked) private var parseNanos: UInt64 = 0, locateNanos: UInt64 = 0, writeNanos: UInt64 = 0
    @exclusivity(unchecked) private var taken: UInt64 = 0

    /// The time this worker spent in each phase.
    var phases: JoinPhases {
        JoinPhases(parse: Double(parseNanos) / 1e9, locate: Double(locateNanos) / 1e9, write: Double(writeNanos) / 1e9)
    }

    init(converter: CoordinateConverter, projection: Projection, context: JoinContext) {
        self.converter = converter; self.projection = projection; self.context = context
        rows = .allocate(capacity: rowCapacity)
    }

    deinit { rows.deallocate() }

    /// Appends a row, making room for it.
    @inline(__always) private func add(_ row: Row) {
        if rowCount == rowCapacity {
            let more = UnsafeMutablePointer<Row>.allocate(capacity: rowCapacity * 2)
            more.moveInitialize(from: rows, count: rowCount)
            rows.deallocate()
            rows = more; rowCapacity *= 2
        }
        (rows + rowCount).initialize(to: row)
        rowCount += 1
    }

    /// The index in `problems` of a problem, or −1 for none.
    @inline(__always) private func note(_ problem: String?) -> Int32 {
        guard let problem else { return -1 }
        problems.append(problem)
        return Int32(problems.count - 1)
    }

    func work(_ piece: JoinPiece) {
        taken = DispatchTime.now().uptimeNanoseconds
        rowCount = 0
        problems.removeAll(keepingCapacity: true)
        switch piece.input {
        case .csv(let block):
            // A CSV piece comes with its layout.
            let layout = context.layout!
            let categories = context.categories
            block.forEachRecord(xColumn: layout.xColumn, yColumn: layout.yColumn, spanColumns: categories?.spanColumns ?? (-1, -1),
                                scratch: &scratch) { p, s, e, line, fields, x, y, spans in
                add(Row(start: s, end: e, line: line, x: x, y: y, problem: note(layout.problem(fields: fields, x: x, y: y)), spans: spans))
            }
            // A last record that ran to the end of the file inside quotes: that is its problem.
            if block.endsInOpenQuote && rowCount > 0 { rows[rowCount - 1].problem = note(CSVReader.openQuoteReason) }
            // Rows with text that is not UTF-8 (from a GBK file, say) are rejected naming the
            // field: one pass over the piece, eight bytes at a time while they are ASCII.
            let utf8 = block.bytes.withUnsafeBufferPointer { b in b.baseAddress.map { CSVFormat.isUTF8($0, b.count) } ?? true }
            if !utf8 {
                for k in 0..<rowCount where rows[k].problem < 0 {
                    if let c = CSVFormat.firstNonUTF8Field(block.bytes[rows[k].start..<rows[k].end]) { rows[k].problem = note(layout.notUTF8(column: c)) }
                }
            }
            // Category and report time in a loop of their own: called from the closure above,
            // the shared categories object was retained and released around every row.
            if let categories {
                block.bytes.withUnsafeBufferPointer { b in
                    guard let p = b.baseAddress else { return }
                    for k in 0..<rowCount where rows[k].problem < 0 {
                        let (c, t, problem) = categories.read(p, rows[k].start, rows[k].end, spans: rows[k].spans, scratch: &fieldScratch)
                        rows[k].category = c; rows[k].reported = t; rows[k].problem = note(problem)
                    }
                }
            }
            block.bytes.withUnsafeBufferPointer { b in
                let rows = self.rows
                finish(piece) { k, out in
                    if let base = b.baseAddress { out.append(base + rows[k].start, rows[k].end - rows[k].start) }
                } label: { k, out in
                    out.append(context.linePrefix); out.appendInteger(rows[k].line)
                } feature: { k in
                    let fields = CSVFormat.fields(block.bytes[rows[k].start..<rows[k].end])
                    var id = FeatureID.number(rows[k].line)
                    if let c = layout.idColumn, c < fields.count, !fields[c].isEmpty { id = .string(fields[c]) }
                    return (id, fields.map { .string($0) })
                }
            }
        case .batch(let batch, let range):
            for i in range {
                var row = Row(x: batch.x[i], y: batch.y[i], problem: note(batch.problems[i]))
                if let categories = context.categories, row.problem < 0 {
                    let (c, t, problem) = categories.read(batch.values(i))
                    row.category = c; row.reported = t; row.problem = note(problem)
                }
                add(row)
            }
            finish(piece) { k, out in
                var text: [UInt8] = []
                batch.appendCSV(range.lowerBound + k, to: &text)
                out.append(text)
            } label: { k, out in
                var text: [UInt8] = []
                CSVFormat.appendField(batch.label(range.lowerBound + k), to: &text)
                out.append(text)
            } feature: { k in
                (batch.id(range.lowerBound + k), batch.values(range.lowerBound + k))
            }
        }
    }

    /// Converts, projects and locates the rows read, and writes the piece's output and rejects
    /// in row order: `row` appends a row's columns as CSV, `label` its name in messages
    /// (CSV-escaped), `feature` gives its GeoJSON id and values.
    private func finish(_ piece: JoinPiece, row: (Int, ByteBuffer) -> Void, label: (Int, ByteBuffer) -> Void,
                        feature: (Int) -> (FeatureID, [JSONValue])) {
        let parsed = DispatchTime.now().uptimeNanoseconds
        locate()
        let located = DispatchTime.now().uptimeNanoseconds
        write(piece, row: row, label: label, feature: feature)
        let written = DispatchTime.now().uptimeNanoseconds
        parseNanos += parsed - taken; locateNanos += located - parsed; writeNanos += written - located
    }

    /// Converts, projects and locates the rows read: each row's fate, and for a placed row its
    /// context in `found[slot]`.
    private func locate() {
        let n = rowCount, rows = self.rows
        if !converter.isIdentity {
            xs.removeAll(keepingCapacity: true); ys.removeAll(keepingCapacity: true)
            for k in 0..<n { xs.append(rows[k].x); ys.append(rows[k].y) }
            converter.convert(xs: &xs, ys: &ys)
            for k in 0..<n { rows[k].x = xs[k]; rows[k].y = ys[k] }
        }
        let locator = context.locator
        px.removeAll(keepingCapacity: true); py.removeAll(keepingCapacity: true); found.removeAll(keepingCapacity: true)
        px.reserveCapacity(n); py.reserveCapacity(n); found.reserveCapacity(n)
        touched &+= locator.containmentRecords(n, lon: { rows[$0].x }, lat: { rows[$0].y }, into: &records)
        touchedGrids += locator.readAheadGrids(n, lat: { rows[$0].y }, records: records, scratch: &readAhead)
        for k in 0..<n {
            let lon = rows[k].x, lat = rows[k].y
            var fate = Fate.problem
            if rows[k].problem >= 0 {
                fate = .problem
            } else if lon.isNaN {
                fate = .unconvertible
            } else if let indices = locator.containment(lon: lon, lat: lat, record: records[k], layers: context.layers) {
                fate = .inside
                found.append(indices)
            } else if context.nearStreet.contains(lon, lat) {
                fate = .outside
            } else {
                fate = .projectToCheck
                found.append(Locator.Indices())
            }
            rows[k].fate = fate
            if fate == .inside || fate == .projectToCheck {
                rows[k].slot = Int32(px.count); px.append(lon); py.append(lat)
            }
        }
        if context.measures {
            projection.transform(xs: &px, ys: &py)
            touched &+= locator.distanceRecords(px.count, x: { px[$0] }, y: { py[$0] }, into: &metreRecords)
        } else {
            // Containment alone: only points the street may not cover, and points in a sliver
            // between its edge and its grids (placed by a distance), are projected.
            ox.removeAll(keepingCapacity: true); oy.removeAll(keepingCapacity: true); slots.removeAll(keepingCapacity: true)
            for k in 0..<n where rows[k].fate == .projectToCheck || (rows[k].fate == .inside && found[Int(rows[k].slot)].grid < 0) {
                let s = Int(rows[k].slot)
                slots.append(s); ox.append(px[s]); oy.append(py[s])
            }
            if !slots.isEmpty {
                projection.transform(xs: &ox, ys: &oy)
                for (j, s) in slots.enumerated() { px[s] = ox[j]; py[s] = oy[j] }
            }
        }
        for k in 0..<n where rows[k].fate == .inside || rows[k].fate == .projectToCheck {
            let s = Int(rows[k].slot)
            if !px[s].isFinite || !py[s].isFinite {
                rows[k].fate = .unconvertible
            } else if rows[k].fate == .projectToCheck {
                rows[k].fate = .outside
            } else if context.measures {
                locator.addDistances(x: px[s], y: py[s], record: metreRecords[s], to: &found[s])
            } else if found[s].grid < 0 {
                locator.assignSliver(x: px[s], y: py[s], to: &found[s])
            }
        }
    }

    /// Writes the piece's output and rejects, in row order.
    private func write(_ piece: JoinPiece, row: (Int, ByteBuffer) -> Void, label: (Int, ByteBuffer) -> Void,
                       feature: (Int) -> (FeatureID, [JSONValue])) {
        let n = rowCount, rows = self.rows
        var placed = 0, rejected = 0
        defer { piece.rows = n; piece.placed = placed; piece.rejected = rejected }
        let locator = context.locator
        let categories = context.categories
        for k in 0..<n {
            switch rows[k].fate {
            case .problem:
                var text: [UInt8] = []
                CSVFormat.appendField(problems[Int(rows[k].problem)], to: &text)
                reject(piece, k, text, row: row, label: label)
                rejected += 1
            case .unconvertible:
                reject(piece, k, context.unconvertible, row: row, label: label)
                rejected += 1
            case .outside, .projectToCheck:
                reject(piece, k, context.outside, row: row, label: label)
                rejected += 1
            case .inside:
                let indices = found[Int(rows[k].slot)]
                if let encoder = context.encoder {
                    if placed > 0 { piece.out.append(context.separator) }
                    let (id, values) = feature(k)
                    encoded.removeAll(keepingCapacity: true)
                    var all = values + context.columns.values(locator.location(indices))
                    if let categories { all += categories.values(rows[k].category, indices, rows[k].reported) }
                    do {
                        try encoder.append(id: id, geometry: .point(Position(rows[k].x, rows[k].y)), values: all, to: &encoded)
                    } catch {
                        piece.failure = error; return
                    }
                    piece.out.append(encoded)
                } else {
                    row(k, piece.out)
                    locator.appendCSV(indices, columns: context.columns, to: piece.out)
                    // Optional chaining, not `if let`: the binding retained and released the shared
                    // object once a row, from both workers on one count.
                    categories?.appendCSV(rows[k].category, indices, rows[k].reported, to: piece.out, cache: segments)
                    piece.out.reserve(1); piece.out.put(0x0A)
                }
                placed += 1
            }
        }
    }

    /// Appends a rejects row: where, why (CSV-escaped), and the row's columns.
    @inline(__always)
    private func reject(_ piece: JoinPiece, _ k: Int, _ reason: [UInt8], row: (Int, ByteBuffer) -> Void, label: (Int, ByteBuffer) -> Void) {
        let out = piece.rejects
        label(k, out)
        out.reserve(1); out.put(UInt8(ascii: ","))
        out.append(reason)
        out.reserve(1); out.put(UInt8(ascii: ","))
        row(k, out)
        out.reserve(1); out.put(0x0A)
    }
}
