import GridGeo

/// A block of lattice cells: columns `i0..<i1`, rows `j0..<j1` (rows count from the south).
struct CellBlock: Sendable, Equatable {
    let i0: Int, j0: Int, i1: Int, j1: Int
    var width: Int { i1 - i0 }
    var height: Int { j1 - j0 }
    var count: Int { width * height }
}

/// The plan of a synthetic city in metres: a rectangle of `columns × rows` grid cells on a
/// jittered lattice, cut into streets (bands of whole lattice columns and rows), each cut into
/// communities (smaller bands inside the street).
///
/// Every polygon is a ring of lattice vertices, and neighbours use the same vertices, so grids
/// tile their communities, communities their streets and streets the city exactly. Vertices on
/// a street edge move only along it (the main roads there run straight), vertices on a community
/// edge move a little, the rest up to `interiorJitter` of the spacing in each axis. Jitter below
/// half the spacing keeps every cell a simple quadrilateral: its left edge stays left of its right.
struct CityLayout: Sendable {
    let columns: Int, rows: Int
    let spacing: Double
    /// The south-west corner, in metres.
    let origin: Position
    /// Vertex (i, j), 0 ≤ i ≤ columns, 0 ≤ j ≤ rows, is at `x[v], y[v]` with v = j·(columns + 1) + i.
    private(set) var x: [Double], y: [Double]
    /// The street and community of each cell c = j·columns + i, by their number in code order.
    private(set) var streetOf: [Int32], communityOf: [Int32]
    /// Streets, numbered north→south in bands, then west→east (the code order).
    private(set) var streets: [CellBlock] = []
    /// Communities, street by street, each street's north→south then west→east.
    private(set) var communities: [CellBlock] = []
    /// The street each community belongs to.
    private(set) var communityStreet: [Int] = []

    static let interiorJitter = 0.18
    static let communityEdgeJitter = 0.03

    /// Lays out a city of at least `grids` cells, a little wider than tall.
    init(grids: Int, spacing: Double, centre: Position, streetCells: ClosedRange<Int>, communityCells: ClosedRange<Int>,
         random: inout SeededRandom) {
        columns = max(1, Int((Double(grids) * 1.25).squareRoot().rounded(.up)))
        rows = max(1, (grids + columns - 1) / columns)
        self.spacing = spacing
        origin = Position(centre.x - Double(columns) * spacing / 2, centre.y - Double(rows) * spacing / 2)
        let vertices = (columns + 1) * (rows + 1)
        x = [Double](repeating: 0, count: vertices); y = x
        streetOf = [Int32](repeating: -1, count: columns * rows); communityOf = streetOf

        // Streets: bands of columns west→east and of rows north→south.
        let columnBands = Self.bands(columns, streetCells, &random)
        let rowBands = Self.bands(rows, streetCells, &random)
        var top = rows
        for h in rowBands {
            var left = 0
            for w in columnBands {
                streets.append(CellBlock(i0: left, j0: top - h, i1: left + w, j1: top))
                left += w
            }
            top -= h
        }
        for (s, street) in streets.enumerated() {
            let cw = Self.bands(street.width, communityCells, &random), ch = Self.bands(street.height, communityCells, &random)
            var top = street.j1
            for h in ch {
                var left = street.i0
                for w in cw {
                    communities.append(CellBlock(i0: left, j0: top - h, i1: left + w, j1: top))
                    communityStreet.append(s)
                    left += w
                }
                top -= h
            }
        }
        for (s, b) in streets.enumerated() { fill(b, with: Int32(s), in: &streetOf) }
        for (k, b) in communities.enumerated() { fill(b, with: Int32(k), in: &communityOf) }

        // Vertices: two draws each, whatever their freedom, so the stream does not depend on it.
        for j in 0...rows {
            for i in 0...columns {
                let dx = random.uniform(-1, 1), dy = random.uniform(-1, 1)
                let v = vertex(i, j)
                x[v] = origin.x + (Double(i) + dx * jitter(vertical: [(i, j - 1), (i, j)])) * spacing
                y[v] = origin.y + (Double(j) + dy * jitter(horizontal: [(i - 1, j), (i, j)])) * spacing
            }
        }
    }

    /// Widths in `range` that add up to `n` (the last may be narrower when `n` does not split evenly).
    static func bands(_ n: Int, _ range: ClosedRange<Int>, _ random: inout SeededRandom) -> [Int] {
        var out: [Int] = [], left = n
        while left > range.upperBound {
            let w = random.int(in: range.lowerBound...max(range.lowerBound, min(range.upperBound, left - range.lowerBound)))
            out.append(w)
            left -= w
        }
        if left > 0 { out.append(left) }
        return out
    }

    private func fill(_ b: CellBlock, with value: Int32, in cells: inout [Int32]) {
        for j in b.j0..<b.j1 { for i in b.i0..<b.i1 { cells[cell(i, j)] = value } }
    }

    @inline(__always) func vertex(_ i: Int, _ j: Int) -> Int { j * (columns + 1) + i }
    @inline(__always) func cell(_ i: Int, _ j: Int) -> Int { j * columns + i }
    func position(_ i: Int, _ j: Int) -> Position { let v = vertex(i, j); return Position(x[v], y[v]) }

    /// What an edge of the lattice separates.
    enum EdgeKind: Int, Comparable {
        case interior, community, street, city
        static func < (a: EdgeKind, b: EdgeKind) -> Bool { a.rawValue < b.rawValue }
    }

    /// The vertical edge from vertex (i, j) to (i, j + 1).
    func verticalEdge(_ i: Int, _ j: Int) -> EdgeKind {
        guard i > 0, i < columns else { return .city }
        return kind(cell(i - 1, j), cell(i, j))
    }

    /// The horizontal edge from vertex (i, j) to (i + 1, j).
    func horizontalEdge(_ i: Int, _ j: Int) -> EdgeKind {
        guard j > 0, j < rows else { return .city }
        return kind(cell(i, j - 1), cell(i, j))
    }

    private func kind(_ a: Int, _ b: Int) -> EdgeKind {
        streetOf[a] != streetOf[b] ? .street : communityOf[a] != communityOf[b] ? .community : .interior
    }

    /// How far (in spacings) a vertex may move across the vertical edges at it, given as (i, j) of
    /// each edge's lower vertex.
    private func jitter(vertical edges: [(Int, Int)]) -> Double {
        amplitude(edges.filter { $0.1 >= 0 && $0.1 < rows }.map { verticalEdge($0.0, $0.1) })
    }

    private func jitter(horizontal edges: [(Int, Int)]) -> Double {
        amplitude(edges.filter { $0.0 >= 0 && $0.0 < columns }.map { horizontalEdge($0.0, $0.1) })
    }

    private func amplitude(_ kinds: [EdgeKind]) -> Double {
        switch kinds.max() ?? .interior {
        case .street, .city: 0
        case .community: Self.communityEdgeJitter
        case .interior: Self.interiorJitter
        }
    }

    /// The closed, counter-clockwise ring of lattice vertices (their indices) around a block.
    func ring(_ b: CellBlock) -> [Int] {
        var ring: [Int] = []
        for i in b.i0..<b.i1 { ring.append(vertex(i, b.j0)) }
        for j in b.j0..<b.j1 { ring.append(vertex(b.i1, j)) }
        for i in stride(from: b.i1, to: b.i0, by: -1) { ring.append(vertex(i, b.j1)) }
        for j in stride(from: b.j1, to: b.j0, by: -1) { ring.append(vertex(b.i0, j)) }
        ring.append(ring[0])
        return ring
    }

    /// The largest axis-aligned rectangle sure to lie inside a block: every edge of the block's
    /// ring stays on or outside it, because each vertex on a side lies beyond it.
    func innerBox(_ b: CellBlock) -> Envelope {
        var e = Envelope(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        for j in b.j0...b.j1 {
            e.minX = max(e.minX, position(b.i0, j).x); e.maxX = min(e.maxX, position(b.i1, j).x)
        }
        for i in b.i0...b.i1 {
            e.minY = max(e.minY, position(i, b.j0).y); e.maxY = min(e.maxY, position(i, b.j1).y)
        }
        return e
    }

    /// The whole city as one block.
    var whole: CellBlock { CellBlock(i0: 0, j0: 0, i1: columns, j1: rows) }
}
