import Foundation
import GridGeo

/// The output formats of a batch join, chosen by the output file's extension.
public enum JoinFormat: Sendable {
    case csv, geojson, geojsonl

    public init(path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { self = .csv }
        else if GeoJSONWriter.layout(forPath: lower) == .lines { self = .geojsonl }
        else if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { self = .geojson }
        else { throw InputError(source: path, message: "unknown output format: use .csv, .geojson or .geojsonl") }
    }
}

/// What a join did.
public struct JoinSummary: Sendable {
    public var rows = 0, placed = 0, rejected = 0
    public var rejectsPath: String?
}

/// The batch form of locate: reads points, locates each, writes the input columns followed by the
/// location columns, and sends rows it cannot place to a rejects CSV with their line and reason.
///
/// Streams in batches; each batch is split across `workers` threads (each with its own PROJ
/// objects) while the next batch is read.
public final class Join {
    let locator: Locator
    let crs: CoordinateSystem
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var batchSize = 1 << 16
    /// Called after each batch with the rows done so far.
    public var progress: ((Int) -> Void)?

    public init(locator: Locator, crs: CoordinateSystem) {
        self.locator = locator; self.crs = crs
    }

    /// The rejects file that goes with an output path: `out.csv` → `out.rejects.csv`.
    public static func rejectsPath(for output: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingPathExtension().path + ".rejects.csv"
    }

    /// One worker's tools and its share of the current batch's output.
    final class Worker: @unchecked Sendable {
        let converter: CoordinateConverter
        let projection: Projection
        var out: [UInt8] = []
        var rows = 0
        var rejects: [(label: String, reason: String, row: Int)] = []
        var failure: Error?
        init(converter: CoordinateConverter, projection: Projection) { self.converter = converter; self.projection = projection }
    }

    public func run(source: PointSource, output: String, rejects rejectsPath: String? = nil) throws -> JoinSummary {
        let format = try JoinFormat(path: output)
        let out = try TextOutput(path: output)
        let columns = source.columns
        let writer: GeoJSONWriter? = format == .csv ? nil
            : GeoJSONWriter(output: out, columns: columns + Location.columns, layout: format == .geojsonl ? .lines : .collection)
        if format == .csv { out.write(CSVFormat.line(columns.map(\.name) + Location.keys)) }

        let pool = try (0..<workers).map { _ in
            Worker(converter: try CoordinateConverter(from: self.crs), projection: try self.locator.makeProjection())
        }
        var summary = JoinSummary()
        let rejectsFile = rejectsPath ?? (output == "-" ? "rejects.csv" : Self.rejectsPath(for: output))
        var rejectsOut: TextOutput?
        let locator = self.locator, crs = self.crs  // captured by the workers
        let encoder = writer?.encoder
        let separator = writer?.separator ?? []

        let unconvertible = "cannot be converted from \(crs) to WGS 84"
        let outside = "outside the street 不在本街道范围内"
        @Sendable func process(_ batch: PointBatch) {
            let share = (batch.count + pool.count - 1) / pool.count
            DispatchQueue.concurrentPerform(iterations: pool.count) { w in
                let worker = pool[w]
                worker.out.removeAll(keepingCapacity: true)
                worker.rejects.removeAll(keepingCapacity: true)
                worker.rows = 0
                let lo = min(batch.count, w * share), hi = min(batch.count, lo + share)
                guard lo < hi else { return }
                var xs = Array(batch.x[lo..<hi]), ys = Array(batch.y[lo..<hi])
                worker.converter.convert(xs: &xs, ys: &ys)
                let lons = xs, lats = ys
                worker.projection.transform(xs: &xs, ys: &ys)
                for k in 0..<(hi - lo) {
                    let i = lo + k
                    if let problem = batch.problems[i] {
                        worker.rejects.append((batch.label(i), problem, i)); continue
                    }
                    guard !lons[k].isNaN, xs[k].isFinite, ys[k].isFinite else {
                        worker.rejects.append((batch.label(i), unconvertible, i)); continue
                    }
                    guard let found = locator.locateIndices(lon: lons[k], lat: lats[k], x: xs[k], y: ys[k]) else {
                        worker.rejects.append((batch.label(i), outside, i)); continue
                    }
                    if let encoder {
                        if worker.rows > 0 { worker.out.append(contentsOf: separator) }
                        do {
                            try encoder.append(id: batch.id(i), geometry: .point(Position(lons[k], lats[k])),
                                               values: batch.values(i) + locator.location(found).values, to: &worker.out)
                        } catch {
                            worker.failure = error; return
                        }
                    } else {
                        batch.appendCSV(i, to: &worker.out)
                        locator.appendCSV(found, to: &worker.out)
                        worker.out.append(0x0A)
                    }
                    worker.rows += 1
                }
            }
        }

        var batch = try source.next(batchSize)
        while batch.count > 0 {
            let current = batch
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { process(current) }
            // Read the next batch while the workers locate this one.
            let nextBatch = Result { try source.next(batchSize) }
            group.wait()
            for worker in pool {
                if let failure = worker.failure { throw failure }
                if let writer { writer.write(encoded: worker.out, features: worker.rows) } else { out.write(bytes: worker.out) }
                summary.placed += worker.rows
                if !worker.rejects.isEmpty {
                    if rejectsOut == nil {
                        rejectsOut = try TextOutput(path: rejectsFile)
                        rejectsOut?.write(CSVFormat.line(["where", "reason"] + columns.map(\.name)))
                    }
                    var line: [UInt8] = []
                    for r in worker.rejects {
                        line.removeAll(keepingCapacity: true)
                        CSVFormat.appendField(r.label, to: &line); line.append(UInt8(ascii: ","))
                        CSVFormat.appendField(r.reason, to: &line); line.append(UInt8(ascii: ","))
                        current.appendCSV(r.row, to: &line); line.append(0x0A)
                        rejectsOut?.write(bytes: line)
                    }
                    summary.rejected += worker.rejects.count
                }
            }
            summary.rows += current.count
            progress?(summary.rows)
            batch = try nextBatch.get()
        }
        try writer?.finish()
        try out.close()
        try rejectsOut?.close()
        summary.rejectsPath = rejectsOut == nil ? nil : rejectsFile
        return summary
    }
}
