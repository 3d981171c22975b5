/// The open cases a new report may merge into, by category, square cell of the street's metric
/// plane and period of time: an open-addressing hash table of cells (linear probing, a cheap
/// multiplicative hash) whose cases are chained through one array, so that the 18 cells a report
/// looks in cost no hashing of Swift's `Hasher` and no array copies. Case numbers are kept apart
/// from what a search reads, so that looking at a case retains no string.
struct OpenCaseIndex {
    struct Cell: Equatable { var category: Int32, x: Int32, y: Int32, period: Int32 }
    struct Case { let id: Int64, x: Double, y: Double, at: Double }

    private var cells: [Cell]
    /// Per slot: the last case filed in its cell (−1: an empty slot).
    private var heads: [Int32]
    private var mask: Int
    private var used = 0
    private(set) var cases: [Case] = []
    /// Per case: its number.
    private(set) var numbers: [String] = []
    /// Per case: the case filed in the same cell before it (−1: none).
    private var previous: [Int32] = []

    init() {
        cells = Array(repeating: Cell(category: 0, x: 0, y: 0, period: 0), count: 1024)
        heads = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    @inline(__always) private static func hash(_ c: Cell) -> Int {
        var h = UInt64(UInt32(bitPattern: c.category)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(UInt32(bitPattern: c.x))) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ UInt64(UInt32(bitPattern: c.y))) &* 0x1656_67B1_9E37_79F9
        h = (h ^ UInt64(UInt32(bitPattern: c.period))) &* 0x85EB_CA77_C2B2_AE63
        return Int(truncatingIfNeeded: h >> 32)
    }

    /// The slot of `cell`, or of the empty slot where it would go.
    @inline(__always) private func slot(_ cell: Cell) -> Int {
        var s = Self.hash(cell) & mask
        while heads[s] >= 0 && cells[s] != cell { s = (s + 1) & mask }
        return s
    }

    mutating func insert(_ c: Case, number: String, in cell: Cell) {
        if (used + 1) * 2 > heads.count { grow() }
        let s = slot(cell)
        if heads[s] < 0 { cells[s] = cell; used += 1 }
        previous.append(heads[s])
        heads[s] = Int32(cases.count)
        cases.append(c)
        numbers.append(number)
    }

    /// The place in `cases` of the case nearest (`x`, `y`) and at most `reach` from it, reported
    /// from `since` to `until`, among those filed in the 3 × 3 cells around `home` in its period
    /// and the one before; of equally near cases, the one with the lower id. `nil` when none is.
    func nearest(x: Double, y: Double, reach: Double, since: Double, until: Double, around home: Cell) -> Int? {
        var best = -1, bestD = Double.infinity, bestId = Int64.max
        cases.withUnsafeBufferPointer { cases in
            previous.withUnsafeBufferPointer { previous in
                for dp: Int32 in -1...0 { for dx: Int32 in -1...1 { for dy: Int32 in -1...1 {
                    var k = Int(heads[slot(Cell(category: home.category, x: home.x + dx, y: home.y + dy, period: home.period + dp))])
                    while k >= 0 {
                        let c = cases[k]
                        if c.at >= since && c.at <= until {
                            let d = ((c.x - x) * (c.x - x) + (c.y - y) * (c.y - y)).squareRoot()
                            if d <= reach && (d < bestD || (d == bestD && c.id < bestId)) { best = k; bestD = d; bestId = c.id }
                        }
                        k = Int(previous[k])
                    }
                } } }
            }
        }
        return best >= 0 ? best : nil
    }

    private mutating func grow() {
        let oldCells = cells, oldHeads = heads
        cells = Array(repeating: Cell(category: 0, x: 0, y: 0, period: 0), count: oldHeads.count * 2)
        heads = Array(repeating: -1, count: oldHeads.count * 2)
        mask = heads.count - 1
        for (s, head) in oldHeads.enumerated() where head >= 0 {
            let t = slot(oldCells[s])
            cells[t] = oldCells[s]; heads[t] = head
        }
    }
}
