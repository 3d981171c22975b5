import CPROJ
import Foundation

/// A failure reported by PROJ.
public struct ProjectionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// A PROJ transformation between two coordinate systems, in visualisation order
/// (longitude/easting first, whatever the EPSG axis order), owning its own PROJ context.
///
/// Not thread-safe: give each thread its own (`copy()`).
public final class Projection {
    public let source: String, target: String
    private let context: OpaquePointer
    private let pj: OpaquePointer
    /// When the pipeline only turns degrees into radians before one projection step: that step
    /// alone, for forward transforms of coordinates multiplied by the same factor (the same
    /// numbers, without the pipeline's per-step work).
    private var step: OpaquePointer?
    /// What PROJ's `unitconvert` multiplies degrees by to make radians.
    static let radiansPerDegree = Double.pi / 180
    /// The start of a pipeline that `step` short-cuts.
    static let degreesToRadians = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step "

    /// A transformation from `source` to `target`, each a PROJ CRS string such as "EPSG:4545".
    ///
    /// The first of a pair in a process asks PROJ's database for the operation
    /// (`proj_create_crs_to_crs`, the costly part); later ones are made from that operation's
    /// PROJ string, which needs no search.
    public convenience init(from source: String, to target: String) throws {
        try self.init(from: source, to: target, reusingOperation: true)
    }

    /// A transformation as `init(from:to:)` makes it; with `reusingOperation` false it always asks
    /// the database, and with `direct` false it runs the whole pipeline (for tests that compare).
    convenience init(from source: String, to target: String, reusingOperation: Bool, direct: Bool = true) throws {
        try self.init(source, target, reusingOperation: reusingOperation)
        if direct { findStep() }
    }

    /// Makes `step` when the pipeline is a conversion to radians and one step that takes them.
    private func findStep() {
        guard let text = projString, text.hasPrefix(Self.degreesToRadians) else { return }
        let rest = String(text.dropFirst(Self.degreesToRadians.count))
        guard !rest.contains("+step"), !rest.contains("+inv"), !rest.contains("+proj=pipeline") else { return }
        // returns NULL on failure
        guard let made = proj_create(context, rest) else { return }
        // true when the step takes angles, which PROJ takes in radians
        guard proj_angular_input(made, PJ_FWD) != 0 else { proj_destroy(made); return }
        step = made
    }

    /// Whether forward transforms take the short cut of `step`.
    var isDirect: Bool { step != nil }

    private init(_ source: String, _ target: String, reusingOperation: Bool) throws {
        self.source = source; self.target = target
        // returns NULL when memory is exhausted
        guard let ctx = proj_context_create() else { throw ProjectionError(message: "PROJ: cannot create a context") }
        proj_log_level(ctx, PJ_LOG_NONE)
        let key = source + "\u{0}" + target
        // returns NULL on failure
        if reusingOperation, let text = OperationCache.shared.string(for: key), let made = proj_create(ctx, text) {
            context = ctx; pj = made
            return
        }
        // returns NULL on failure; the reason is in the context's errno
        guard let raw = proj_create_crs_to_crs(ctx, source, target, nil) else {
            let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
            proj_context_destroy(ctx)
            throw ProjectionError(message: "PROJ cannot transform \(source) → \(target): \(reason)")
        }
        // returns NULL on failure
        guard let normal = proj_normalize_for_visualization(ctx, raw) else {
            proj_destroy(raw); proj_context_destroy(ctx)
            throw ProjectionError(message: "PROJ cannot normalise the axis order of \(source) → \(target)")
        }
        proj_destroy(raw)
        // returns NULL when the object has no PROJ string: a set of alternative operations chosen
        // point by point, which is then not cached and is looked up again each time
        if let text = proj_as_proj_string(ctx, normal, PJ_PROJ_5, nil) {
            OperationCache.shared.store(String(cString: text), for: key)
        }
        context = ctx; pj = normal
    }

    /// The PROJ string of this transformation (its pipeline), when it has one.
    public var projString: String? {
        proj_as_proj_string(context, pj, PJ_PROJ_5, nil).map { String(cString: $0) }
    }

    deinit {
        if let step { proj_destroy(step) }
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    /// A second transformation of the same kind, for another thread.
    public func copy() throws -> Projection { try Projection(from: source, to: target) }

    /// Transforms the coordinates in place; a coordinate PROJ cannot transform becomes infinity.
    public func transform(xs: inout [Double], ys: inout [Double], inverse: Bool = false) {
        precondition(xs.count == ys.count)
        let n = xs.count
        guard n > 0 else { return }
        let stride = MemoryLayout<Double>.stride
        var pj = self.pj
        if !inverse, let step {
            pj = step
            let f = Self.radiansPerDegree
            for i in 0..<n { xs[i] *= f; ys[i] *= f }
        }
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                // returns the number of coordinates transformed; failures are set to HUGE_VAL
                _ = proj_trans_generic(pj, inverse ? PJ_INV : PJ_FWD,
                                       x.baseAddress, stride, n,
                                       y.baseAddress, stride, n,
                                       nil, 0, 0, nil, 0, 0)
            }
        }
    }

    /// The geometry with every position transformed, in one call for all of them; throws when
    /// one cannot be.
    public func transform(_ g: Geometry, inverse: Bool = false) throws -> Geometry {
        let positions = g.positions
        var xs = positions.map(\.x), ys = positions.map(\.y)
        transform(xs: &xs, ys: &ys, inverse: inverse)
        var k = 0
        return try g.map { p in
            defer { k += 1 }
            guard xs[k].isFinite, ys[k].isFinite else {
                throw ProjectionError(message: "PROJ cannot transform (\(p.x), \(p.y)) from \(inverse ? target : source) to \(inverse ? source : target)")
            }
            return Position(xs[k], ys[k])
        }
    }

    /// Transforms one position.
    public func transform(_ p: Position, inverse: Bool = false) throws -> Position {
        var xs = [p.x], ys = [p.y]
        transform(xs: &xs, ys: &ys, inverse: inverse)
        guard xs[0].isFinite, ys[0].isFinite else {
            throw ProjectionError(message: "PROJ cannot transform (\(p.x), \(p.y)) from \(inverse ? target : source) to \(inverse ? source : target)")
        }
        return Position(xs[0], ys[0])
    }
}

/// The PROJ strings of the operations made so far in this process, by source and target.
private final class OperationCache: @unchecked Sendable {
    static let shared = OperationCache()
    private let lock = NSLock()
    private var strings: [String: String] = [:]

    func string(for key: String) -> String? { lock.withLock { strings[key] } }
    func store(_ text: String, for key: String) { lock.withLock { strings[key] = text } }
}

/// The CGCS2000 3-degree Gauss-Krüger zone (EPSG:4534–4554, no zone prefix) for a longitude.
public func gaussKrugerEPSG(forLongitude lon: Double) throws -> Int {
    let cm = Int((lon / 3).rounded()) * 3
    guard (75...135).contains(cm) else {
        throw ProjectionError(message: "longitude \(lon) is outside the CGCS2000 3° Gauss-Krüger zones (73.5°E–136.5°E)")
    }
    return 4534 + (cm - 75) / 3
}
