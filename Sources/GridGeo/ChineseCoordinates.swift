import Foundation

/// The published GCJ-02 ("Mars") and BD-09 (Baidu) obfuscations, and their inverses.
///
/// GCJ-02 uses the Krasovsky 1940 ellipsoid constants a = 6378245.0, e² = 0.00669342162296594323;
/// BD-09 rotates and shifts GCJ-02 further. Inverses are iterated until the round trip is within
/// 1e-9° (about 0.1 mm), so GCJ-02 → WGS 84 is accurate far below the 0.1 m the field asks for.
///
/// Outside China the obfuscation is not applied. "Outside" is the rectangle most published code
/// uses: longitude not in (72.004, 137.8347) or latitude not in (0.8293, 55.8271).
public enum ChineseCoordinates {
    static let a = 6378245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0

    /// Whether the published rectangle puts (lon, lat) outside China.
    public static func isOutsideChina(lon: Double, lat: Double) -> Bool {
        !(lon > 72.004 && lon < 137.8347 && lat > 0.8293 && lat < 55.8271)
    }

    private static func latitudeShift(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func longitudeShift(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }

    /// WGS 84 → GCJ-02 (the published forward formula).
    public static func wgs84ToGCJ02(_ p: Position) -> Position {
        if isOutsideChina(lon: p.x, lat: p.y) { return p }
        var dLat = latitudeShift(p.x - 105.0, p.y - 35.0)
        var dLon = longitudeShift(p.x - 105.0, p.y - 35.0)
        let radLat = p.y / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return Position(p.x + dLon, p.y + dLat)
    }

    /// GCJ-02 → BD-09 (the published forward formula).
    public static func gcj02ToBD09(_ p: Position) -> Position {
        let z = (p.x * p.x + p.y * p.y).squareRoot() + 0.00002 * sin(p.y * xPi)
        let theta = atan2(p.y, p.x) + 0.000003 * cos(p.x * xPi)
        return Position(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    /// BD-09 → GCJ-02 by the published closed form (accurate to about 1e-6°).
    static func bd09ToGCJ02Approximate(_ p: Position) -> Position {
        let x = p.x - 0.0065, y = p.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return Position(z * cos(theta), z * sin(theta))
    }

    /// Inverts `forward` at `target` by fixed-point iteration from `start`.
    private static func invert(_ target: Position, from start: Position, _ forward: (Position) -> Position) -> Position {
        var g = start
        for _ in 0..<40 {
            let f = forward(g)
            let dx = target.x - f.x, dy = target.y - f.y
            g = Position(g.x + dx, g.y + dy)
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return g
    }

    /// GCJ-02 → WGS 84, iterated so that `wgs84ToGCJ02` of the answer returns the input.
    public static func gcj02ToWGS84(_ p: Position) -> Position {
        if isOutsideChina(lon: p.x, lat: p.y) { return p }
        return invert(p, from: p, wgs84ToGCJ02)
    }

    /// BD-09 → GCJ-02, iterated so that `gcj02ToBD09` of the answer returns the input.
    public static func bd09ToGCJ02(_ p: Position) -> Position {
        invert(p, from: bd09ToGCJ02Approximate(p), gcj02ToBD09)
    }

    public static func bd09ToWGS84(_ p: Position) -> Position { gcj02ToWGS84(bd09ToGCJ02(p)) }
    public static func wgs84ToBD09(_ p: Position) -> Position { gcj02ToBD09(wgs84ToGCJ02(p)) }
}
