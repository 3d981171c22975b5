/// The open cases a new report may merge into, by category, square cell of the street's metric
/// plane and period of time: an open-addressing hash table of cells (linear probing, a cheap
/// multiplicative hash) whose cases are chained through one array, so that the 18 cells a report
/// looks in cost no hashing of Swift's `Hasher` and no array copies.
struct OpenCaseIndex {
    struct Cell: Equatable { var category: Int32, x: Int32, y: Int32, period: Int32 }
    struct Case { let id: Int64, number: String, x: Double, y: Double, at: Double }

    private var cells: [Cell]
    /// Per slot: the last case filed in its cell (−1: an empty slot).
    private var heads: [Int32]
    private var mask: Int
    private var used = 0
    private(set) var cases: [Case] = []
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

    mutating func insert(_ c: Case, in cell: Cell) {
        if (used + 1) * 2 > heads.count { grow() }
        let s = slot(cell)
        if heads[s] < 0 { cells[s] = cell; used += 1 }
        previous.append(heads[s])
        heads[s] = Int32(cases.count)
        cases.append(c)
    }

    /// Calls `body` with each case filed in `cell`, the latest first.
    @inline(__always) func forEach(in cell: Cell, _ body: (Case) -> Void) {
        var k = heads[slot(cell)]
        while k >= 0 {
            body(cases[Int(k)])
            k = previous[Int(k)]
        }
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
