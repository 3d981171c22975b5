import Foundation
import GridGeo

/// A rectangle in metres turned by `angle` about its centre: the shape of a generated place,
/// and (thin and long) of a road segment that issues are strewn along.
struct PlaceShape: Sendable {
    let centre: Position
    let halfWidth: Double, halfHeight: Double
    let angle: Double

    /// The point at (u, v) in the rectangle's own axes, each from −1 to 1 across it.
    func point(_ u: Double, _ v: Double) -> Position {
        let (s, c) = (sin(angle), cos(angle))
        let dx = u * halfWidth, dy = v * halfHeight
        return Position(centre.x + dx * c - dy * s, centre.y + dx * s + dy * c)
    }

    /// The closed, counter-clockwise ring of its corners.
    var ring: [Position] { [point(-1, -1), point(1, -1), point(1, 1), point(-1, 1), point(-1, -1)] }

    /// Half the width and height of the axis-aligned box around it.
    var extents: (x: Double, y: Double) {
        let (s, c) = (abs(sin(angle)), abs(cos(angle)))
        return (halfWidth * c + halfHeight * s, halfWidth * s + halfHeight * c)
    }

    /// A segment from `a` to `b`, `width` wide.
    init(segment a: Position, _ b: Position, width: Double) {
        centre = Position((a.x + b.x) / 2, (a.y + b.y) / 2)
        halfWidth = hypot(b.x - a.x, b.y - a.y) / 2
        halfHeight = width / 2
        angle = atan2(b.y - a.y, b.x - a.x)
    }

    init(centre: Position, halfWidth: Double, halfHeight: Double, angle: Double) {
        self.centre = centre; self.halfWidth = halfWidth; self.halfHeight = halfHeight; self.angle = angle
    }
}
