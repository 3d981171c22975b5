/// The open cases a new report may merge into, by category, square cell of the street's metric
/// plane and period of time: an open-addressing hash table of cells (linear probing, a cheap
/// multiplicative hash) whose cases are chained through their array, so that the 18 cells a report
/// looks in cost no hashing of Swift's `Hasher` and no array copies. Case numbers are kept apart
/// from what a search reads, so that looking at a case retains no string.
struct OpenCaseIndex {
    struct Cell: Equatable { var category: Int32, x: Int32, y: Int32, period: Int32 }
    struct Case {
        let id: Int64, x: Double, y: Double, at: Double
        /// The case filed in the same cell before it (−1: none).
        fileprivate(set) var previous: Int32 = -1

        init(id: Int64, x: Double, y: Double, at: Double) { self.id = id; self.x = x; self.y = y; self.at = at }
    }
    /// A cell and the last case filed in it (−1: an empty slot), side by side: a probe reads one
    /// cache line.
    struct Slot { var cell: Cell, head: Int32 }

    private var slots: [Slot]
    private var mask: Int
    private var used = 0
    private(set) var cases: [Case] = []
    /// Per case: its number.
    private(set) var numbers: [String] = []

    init() {
        slots = Array(repeating: Slot(cell: Cell(category: 0, x: 0, y: 0, period: 0), head: -1), count: 1024)
        mask = 1023
    }

    @inline(__always) private static func hash(_ c: Cell) -> Int {
        var h = UInt64(UInt32(bitPattern: c.category)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(UInt32(bitPattern: c.x))) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ UInt64(UInt32(bitPattern: c.y))) &* 0x1656_67B1_9E37_79F9
        h = (h ^ UInt64(UInt32(bitPattern: c.period))) &* 0x85EB_CA77_C2B2_AE63
        return Int(truncatingIfNeeded: h >> 32)
    }

    /// The slot of `cell` in `slots`, or of the empty slot where it would go.
    @inline(__always) private static func slot(_ cell: Cell, in slots: UnsafeBufferPointer<Slot>, mask: Int) -> Int {
        var s = hash(cell) & mask
        while slots[s].head >= 0 && slots[s].cell != cell { s = (s + 1) & mask }
        return s
    }

    mutating func insert(_ c: Case, number: String, in cell: Cell) {
        if (used + 1) * 2 > slots.count { grow() }
        let s = slots.withUnsafeBufferPointer { Self.slot(cell, in: $0, mask: mask) }
        if slots[s].head < 0 { slots[s].cell = cell; used += 1 }
        var c = c
        c.previous = slots[s].head
        slots[s].head = Int32(cases.count)
        cases.append(c)
        numbers.append(number)
    }

    /// The place in `cases` of the case nearest (`x`, `y`) and at most `reach` from it, reported
    /// from `since` to `until`, among those filed in the 3 × 3 cells around `home` in its period
    /// and the one before; of equally near cases, the one with the lower id. `nil` when none is.
    func nearest(x: Double, y: Double, reach: Double, since: Double, until: Double, around home: Cell) -> Int? {
        var best = -1, bestD = Double.infinity, bestId = Int64.max
        let mask = self.mask
        slots.withUnsafeBufferPointer { slots in
            cases.withUnsafeBufferPointer { cases in
                for dp: Int32 in -1...0 { for dx: Int32 in -1...1 { for dy: Int32 in -1...1 {
                    let cell = Cell(category: home.category, x: home.x + dx, y: home.y + dy, period: home.period + dp)
                    var k = Int(slots[Self.slot(cell, in: slots, mask: mask)].head)
                    while k >= 0 {
                        let c = cases[k]
                        if c.at >= since && c.at <= until {
                            let d = ((c.x - x) * (c.x - x) + (c.y - y) * (c.y - y)).squareRoot()
                            if d <= reach && (d < bestD || (d == bestD && c.id < bestId)) { best = k; bestD = d; bestId = c.id }
                        }
                        k = Int(c.previous)
                    }
                } } }
            }
        }
        return best >= 0 ? best : nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(cell: Cell(category: 0, x: 0, y: 0, period: 0), head: -1), count: old.count * 2)
        mask = slots.count - 1
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { slots in
            for o in old where o.head >= 0 {
                let t = Self.slot(o.cell, in: UnsafeBufferPointer(slots), mask: mask)
                slots[t] = o
            }
        }
    }
}
