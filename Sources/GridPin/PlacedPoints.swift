import Foundation
import GridGeo

/// The points of a plain file that the street covers, in the street's metres, with their ids:
/// what clustering alone needs. A point need carry only an id and its coordinates; it is not
/// located in every layer nor assigned, so neither its category nor its time is read.
public struct PlacedPoints: Sendable {
    /// Each point's `id` column (or GeoJSON id), else "line N" / its feature label, as
    /// `hotspots --input` names a point without a reference.
    public var ids: [String] = []
    public var xs: [Double] = [], ys: [Double] = []
    /// Rows left out: unreadable or unconvertible coordinates, or outside the street.
    public var rejected = 0

    /// Reads `path` (CSV or GeoJSON points in `crs`) in batches; each batch is converted,
    /// checked against the street and projected on `workers` threads, each with its own PROJ
    /// objects.
    public static func read(path: String, crs: CoordinateSystem, locator: Locator,
                            workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> PlacedPoints {
        let source = try openPointSource(path: path, crs: crs)
        let threads = max(1, workers)
        let tools = try (0..<threads).map { _ in try PlacingTools(crs: crs, locator: locator) }
        var placed = PlacedPoints()
        while true {
            let batch = try source.next(1 << 16)
            if batch.count == 0 { break }
            let share = (batch.count + threads - 1) / threads
            let parts = ResultSlots<Part>(count: threads)
            DispatchQueue.concurrentPerform(iterations: threads) { w in
                let range = min(batch.count, w * share)..<min(batch.count, (w + 1) * share)
                parts.set(w, Part(batch, range, converter: tools[w].converter, projection: tools[w].projection, locator: locator))
            }
            for w in 0..<threads {
                guard let part = parts.get(w) else { continue }
                for (i, x, y) in part.kept {
                    placed.ids.append(Self.name(batch, i)); placed.xs.append(x); placed.ys.append(y)
                }
                placed.rejected += part.range.count - part.kept.count
            }
        }
        return placed
    }

    /// How a point is named in the labels: its id, else its line or feature label.
    static func name(_ batch: PointBatch, _ i: Int) -> String {
        switch batch.id(i) {
        case .string(let id): id
        case .number: batch.label(i)
        }
    }

    /// One thread's share of a batch: the rows kept, with their metres.
    struct Part: Sendable {
        let range: Range<Int>
        var kept: [(Int, Double, Double)] = []

        init(_ batch: PointBatch, _ range: Range<Int>, converter: CoordinateConverter, projection: Projection, locator: Locator) {
            self.range = range
            var xs = Array(batch.x[range]), ys = Array(batch.y[range])
            converter.convert(xs: &xs, ys: &ys)
            var rows: [Int] = [], px: [Double] = [], py: [Double] = []
            for (k, i) in range.enumerated() where batch.problems[i] == nil && !xs[k].isNaN
                && locator.containment(lon: xs[k], lat: ys[k]) != nil {
                rows.append(i); px.append(xs[k]); py.append(ys[k])
            }
            projection.transform(xs: &px, ys: &py)
            for (k, i) in rows.enumerated() where px[k].isFinite && py[k].isFinite { kept.append((i, px[k], py[k])) }
        }
    }
}

/// One thread's PROJ objects for placing points; never shared.
final class PlacingTools: @unchecked Sendable {
    let converter: CoordinateConverter
    let projection: Projection

    init(crs: CoordinateSystem, locator: Locator) throws {
        converter = try CoordinateConverter(from: crs)
        projection = try locator.makeProjection()
    }
}
