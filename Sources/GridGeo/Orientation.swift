/// The exact side of point `c` relative to the directed line `a → b`: +1 left
/// (counter-clockwise), −1 right, 0 on the line.
///
/// A floating-point filter decides almost every case (Shewchuk's `orient2d` error bound); the rare
/// near-collinear case is decided exactly by expansion arithmetic, so that a point on an edge is
/// recognised as being on it whatever the magnitude of the coordinates.
@inline(__always)
public func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
                        _ cx: Double, _ cy: Double) -> Int {
    let detLeft = (ax - cx) * (by - cy)
    let detRight = (ay - cy) * (bx - cx)
    let det = detLeft - detRight
    let bound = 3.3306690738754716e-16 * (abs(detLeft) + abs(detRight))
    if det > bound { return 1 }
    if -det > bound { return -1 }
    return exactOrientation(ax, ay, bx, by, cx, cy)
}

/// `a + b` as an exact pair (sum, error).
@inline(__always) private func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bv = s - a
    let av = s - bv
    return (s, (a - av) + (b - bv))
}

/// `a × b` as an exact pair (product, error), through a fused multiply-add.
@inline(__always) private func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
    let p = a * b
    return (p, (-p).addingProduct(a, b))
}

/// Adds `b` to a non-overlapping expansion, keeping it exact (Shewchuk's Grow-Expansion).
private func grow(_ e: inout [Double], _ b: Double) {
    var q = b
    var out: [Double] = []
    out.reserveCapacity(e.count + 1)
    for x in e {
        let (s, err) = twoSum(q, x)
        if err != 0 { out.append(err) }
        q = s
    }
    if q != 0 { out.append(q) }
    e = out
}

private func exactOrientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
                              _ cx: Double, _ cy: Double) -> Int {
    // (ax-cx)(by-cy) - (ay-cy)(bx-cx), with each difference an exact pair.
    let acx = twoSum(ax, -cx), bcy = twoSum(by, -cy), acy = twoSum(ay, -cy), bcx = twoSum(bx, -cx)
    var e: [Double] = []
    for (u, v, sign) in [(acx.0, bcy.0, 1.0), (acx.0, bcy.1, 1.0), (acx.1, bcy.0, 1.0), (acx.1, bcy.1, 1.0),
                         (acy.0, bcx.0, -1.0), (acy.0, bcx.1, -1.0), (acy.1, bcx.0, -1.0), (acy.1, bcx.1, -1.0)] {
        let (p, err) = twoProduct(u, v)
        grow(&e, sign * p)
        grow(&e, sign * err)
    }
    // The largest component of a non-overlapping expansion carries its sign.
    guard let top = e.last(where: { $0 != 0 }) else { return 0 }
    return top > 0 ? 1 : -1
}
