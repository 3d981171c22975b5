/// A static R-tree packed by Sort-Tile-Recursive over bounding boxes, answering with the
/// indices of the boxes it was built from.
///
/// Built once, then only queried: the first phase of a spatial join (candidates by box), before an
/// exact predicate decides. Example: `tree.forEach(containing: x, y) { i in … }`.
public struct STRtree: Sendable {
    /// A node: its box, and either its children `first..<first+count` in `nodes` or, when
    /// `count` is 0, the item index `first`.
    struct Node: Sendable {
        var box: Envelope
        var first: Int32
        var count: Int32
    }
    /// Items first (packed order), then each level of parents; the root is last.
    private let nodes: [Node]
    public let count: Int

    public init(_ boxes: [Envelope], nodeCapacity: Int = 8) {
        count = boxes.count
        // At most 8 children a node: the depth-first stack of a query then holds at most 8 a
        // level, and its 128 entries (small enough to live on the stack) cover 16 levels, 8^16 items.
        let cap = min(8, max(2, nodeCapacity))
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
        var nodes = packed.map { Node(box: boxes[$0], first: Int32($0), count: 0) }
        var levelStart = 0, levelEnd = nodes.count
        while levelEnd - levelStart > 1 {
            var i = levelStart
            while i < levelEnd {
                let n = min(cap, levelEnd - i)
                var box = nodes[i].box
                for j in i..<(i + n) { box.include(nodes[j].box) }
                nodes.append(Node(box: box, first: Int32(i), count: Int32(n)))
                i += n
            }
            levelStart = levelEnd; levelEnd = nodes.count
        }
        self.nodes = nodes
    }

    /// Calls `body` with the index of every box that intersects `query`.
    @inline(__always)
    public func forEach(intersecting query: Envelope, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        nodes.withUnsafeBufferPointer { nodes in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
                var top = 0
                stack[0] = Int32(nodes.count - 1)
                top = 1
                while top > 0 {
                    top -= 1
                    let node = nodes[Int(stack[top])]
                    guard node.box.intersects(query) else { continue }
                    if node.count == 0 { body(Int(node.first)); continue }
                    for c in Int(node.first)..<Int(node.first + node.count) {
                        stack[top] = Int32(c); top += 1
                    }
                }
            }
        }
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
}
