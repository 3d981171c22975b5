/// A static R-tree packed by Sort-Tile-Recursive over bounding boxes, answering with the
/// indices of the boxes it was built from.
///
/// Built once, then only queried: the first phase of a spatial join (candidates by box), before an
/// exact predicate decides. Example: `tree.forEach(containing: x, y) { i in … }`.
public struct STRtree: Sendable {
    /// Node boxes of every level, leaves' parents first; level 0 boxes are the items themselves.
    private var levels: [[Envelope]] = []
    /// For level k > 0, node j covers children `childStart[k][j]..<childStart[k][j+1]` of level k-1.
    private var childStart: [[Int32]] = []
    /// Item index of each level-0 slot (items are reordered when packed).
    private let items: [Int32]
    public let count: Int

    public init(_ boxes: [Envelope], nodeCapacity: Int = 8) {
        count = boxes.count
        let cap = max(2, nodeCapacity)
        // Pack the items: sort by x centre, cut into vertical slices, sort each slice by y centre.
        var order = Array(0..<boxes.count)
        order.sort { boxes[$0].minX + boxes[$0].maxX < boxes[$1].minX + boxes[$1].maxX }
        let leafCount = (boxes.count + cap - 1) / cap
        let slices = max(1, Int(Double(leafCount).squareRoot().rounded(.up)))
        let perSlice = slices * cap
        var packed: [Int] = []
        packed.reserveCapacity(boxes.count)
        var s = 0
        while s < order.count {
            var slice = Array(order[s..<min(order.count, s + perSlice)])
            slice.sort { boxes[$0].minY + boxes[$0].maxY < boxes[$1].minY + boxes[$1].maxY }
            packed += slice
            s += perSlice
        }
        items = packed.map { Int32($0) }
        var level = packed.map { boxes[$0] }
        levels.append(level)
        childStart.append([])
        while level.count > 1 {
            var parents: [Envelope] = []
            var starts: [Int32] = []
            var i = 0
            while i < level.count {
                var e = level[i]
                for j in i..<min(level.count, i + cap) { e.include(level[j]) }
                parents.append(e); starts.append(Int32(i))
                i += cap
            }
            starts.append(Int32(level.count))
            levels.append(parents); childStart.append(starts)
            level = parents
        }
    }

    /// Calls `body` with the index of every box that intersects `query`.
    @inline(__always)
    public func forEach(intersecting query: Envelope, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        visit(level: levels.count - 1, node: 0, query, body)
    }

    /// Calls `body` with the index of every box that contains the point.
    @inline(__always)
    public func forEach(containing x: Double, _ y: Double, _ body: (Int) -> Void) {
        forEach(intersecting: Envelope(minX: x, minY: y, maxX: x, maxY: y), body)
    }

    /// The indices of every box that intersects `query`, in ascending order.
    public func query(_ query: Envelope) -> [Int] {
        var out: [Int] = []
        forEach(intersecting: query) { out.append($0) }
        return out.sorted()
    }

    private func visit(level: Int, node: Int, _ q: Envelope, _ body: (Int) -> Void) {
        guard levels[level][node].intersects(q) else { return }
        if level == 0 { body(Int(items[node])); return }
        let starts = childStart[level]
        for child in Int(starts[node])..<Int(starts[node + 1]) {
            visit(level: level - 1, node: child, q, body)
        }
    }
}
