import Foundation
import GridGeo

/// The shape of Gi* bins: squares, or hexagons (whose neighbours are all the same distance away).
public enum BinShape: String, Sendable, CaseIterable {
    case square, hex
}

/// Bins of `cell` metres over a street in its metric system, each one's count and neighbours.
///
/// - Squares are `cell` on a side, aligned to multiples of `cell`: bin (c, r) spans
///   x ∈ [c·cell, (c+1)·cell), y ∈ [r·cell, (r+1)·cell).
/// - Hexagons are pointy-topped, their centres `cell` apart on the lattice through the origin:
///   bin (q, r) in axial coordinates has its centre at x = cell·(q + r/2), y = cell·(√3/2)·r, and
///   a point belongs to the centre nearest to it (cube rounding; a point equally near two goes
///   to the one rounding picks, as for any lattice).
/// The study area is every bin that meets the street boundary, empty bins included; a bin's
/// neighbours are the bins whose centres lie within `band` metres of its own, itself included.
struct Bins {
    let cell: Double
    let shape: BinShape
    /// The bins in the study area, as (column, row) or (q, r).
    let cells: [(c: Int, r: Int)]
    let index: [Int64: Int]
    let neighbours: [[Int]]

    static let rowStep = 3.0.squareRoot() / 2

    /// Builds the bins over `boundary` (metres), asking `engine` whether a bin meets it when its
    /// centre is not inside.
    init(cell: Double, shape: BinShape, band: Double, boundary: Geometry, engine: GeometryEngine) throws {
        self.cell = cell; self.shape = shape
        guard let env = boundary.envelope, let area = PlanarPolygon(boundary) else {
            cells = []; index = [:]; neighbours = []; return
        }
        var cells: [(c: Int, r: Int)] = []
        var index: [Int64: Int] = [:]
        func consider(_ c: Int, _ r: Int) throws {
            let (x, y) = Self.centre(c, r, cell: cell, shape: shape)
            if try area.locate(x, y).isCovered || engine.intersects(Self.polygon(c, r, cell: cell, shape: shape), boundary) {
                index[Self.key(c, r)] = cells.count; cells.append((c, r))
            }
        }
        switch shape {
        case .square:
            for r in Int((env.minY / cell).rounded(.down))..<Int((env.maxY / cell).rounded(.up)) {
                for c in Int((env.minX / cell).rounded(.down))..<Int((env.maxX / cell).rounded(.up)) { try consider(c, r) }
            }
        case .hex:
            // Rows of centres from one below the envelope to one above; in each row, the columns
            // whose centres span it with one to spare on each side.
            let h = cell * Self.rowStep
            for r in (Int((env.minY / h).rounded(.down)) - 1)...(Int((env.maxY / h).rounded(.up)) + 1) {
                let shift = Double(r) / 2
                for c in (Int((env.minX / cell - shift).rounded(.down)) - 1)...(Int((env.maxX / cell - shift).rounded(.up)) + 1) {
                    try consider(c, r)
                }
            }
        }
        // Offsets wide enough to reach every centre within the band.
        let spacing = shape == .square ? cell : cell * Self.rowStep
        let reach = Int((band / spacing).rounded(.up)) + 1
        neighbours = cells.map { b in
            let (x, y) = Self.centre(b.c, b.r, cell: cell, shape: shape)
            var list: [Int] = []
            for dr in -reach...reach {
                for dc in -reach...reach {
                    guard let k = index[Self.key(b.c + dc, b.r + dr)] else { continue }
                    let (u, v) = Self.centre(b.c + dc, b.r + dr, cell: cell, shape: shape)
                    // A hair over the band, so that centres exactly at it count despite rounding.
                    if (u - x) * (u - x) + (v - y) * (v - y) <= band * band * (1 + 1e-12) { list.append(k) }
                }
            }
            return list.sorted()
        }
        self.cells = cells; self.index = index
    }

    static func key(_ c: Int, _ r: Int) -> Int64 { Int64(c) << 32 | Int64(UInt32(truncatingIfNeeded: r)) }

    /// The centre of bin (c, r), in metres.
    static func centre(_ c: Int, _ r: Int, cell: Double, shape: BinShape) -> (Double, Double) {
        switch shape {
        case .square: ((Double(c) + 0.5) * cell, (Double(r) + 0.5) * cell)
        case .hex: (cell * (Double(c) + Double(r) / 2), cell * rowStep * Double(r))
        }
    }

    /// The bin a point in metres falls in.
    static func bin(_ x: Double, _ y: Double, cell: Double, shape: BinShape) -> (c: Int, r: Int) {
        switch shape {
        case .square:
            return (Int((x / cell).rounded(.down)), Int((y / cell).rounded(.down)))
        case .hex:
            // Fractional axial coordinates, rounded in cube coordinates (q + r + s = 0): the
            // component that moved most is the one recomputed from the other two.
            let r = y / (cell * rowStep), q = x / cell - r / 2, s = -q - r
            var rq = q.rounded(), rr = r.rounded()
            let rs = s.rounded()
            let dq = abs(rq - q), dr = abs(rr - r), ds = abs(rs - s)
            if dq > dr && dq > ds { rq = -rr - rs } else if dr > ds { rr = -rq - rs }
            return (Int(rq), Int(rr))
        }
    }

    /// The outline of bin (c, r) in metres, counter-clockwise.
    static func polygon(_ c: Int, _ r: Int, cell: Double, shape: BinShape) -> Geometry {
        let (x, y) = centre(c, r, cell: cell, shape: shape)
        switch shape {
        case .square:
            let h = cell / 2
            return .polygon([[Position(x - h, y - h), Position(x + h, y - h), Position(x + h, y + h), Position(x - h, y + h),
                              Position(x - h, y - h)]])
        case .hex:
            // Corners at 30°, 90°, … 330° from the centre, the circumradius cell/√3.
            let radius = cell / 3.0.squareRoot()
            var ring = (0..<6).map { k -> Position in
                let a = (30 + 60 * Double(k)) * .pi / 180
                return Position(x + radius * cos(a), y + radius * sin(a))
            }
            ring.append(ring[0])
            return .polygon([ring])
        }
    }

    /// How many points fall in each bin of the study area.
    func counts(_ points: [HotspotPoint]) -> [Double] {
        var counts = [Double](repeating: 0, count: cells.count)
        for p in points {
            let (c, r) = Self.bin(p.x, p.y, cell: cell, shape: shape)
            if let k = index[Self.key(c, r)] { counts[k] += 1 }
        }
        return counts
    }

    func polygon(_ k: Int) -> Geometry { Self.polygon(cells[k].c, cells[k].r, cell: cell, shape: shape) }

    /// The bin's name: `column_row`, or `q_r` for hexagons.
    func name(_ k: Int) -> String { "\(cells[k].c)_\(cells[k].r)" }
}
