/// The type of one property column: every feature a writer writes gives it this type or null,
/// so that readers such as GDAL build one schema from the whole file (DOMAIN.md §8).
public enum PropertyType: Sendable, Equatable {
    case string, integer, bool
    /// A real number written with at most this many decimals.
    case number(decimals: Int)
}

/// One property column of a written layer.
public struct PropertyColumn: Sendable, Equatable {
    public let name: String
    public let type: PropertyType
    public init(_ name: String, _ type: PropertyType) { self.name = name; self.type = type }
}

/// Encodes one feature as RFC 7946 GeoJSON text, without any framing; stateless, so threads can
/// encode their share of a batch each into its own buffer.
///
/// Positions are longitude, latitude with 7 decimals (about 1 cm); polygon exterior rings are
/// written counter-clockwise and holes clockwise (RFC 7946 §3.1.6); rings are closed; every
/// feature has an `id`; properties follow the column list, in its order and types; NaN and
/// infinities become null.
public struct FeatureEncoder: Sendable {
    public let columns: [PropertyColumn]
    public static let decimals = 7

    public init(columns: [PropertyColumn]) { self.columns = columns }

    /// Appends one feature object; `values` follow `columns` (missing trailing values are null).
    public func append(id: FeatureID, geometry: Geometry?, values: [JSONValue], to out: inout [UInt8]) throws {
        out.append(contentsOf: Array("{\"type\":\"Feature\",\"id\":".utf8))
        switch id {
        case .string(let s): TextFormat.appendJSONString(s, to: &out)
        case .number(let n): TextFormat.appendInteger(n, to: &out)
        }
        out.append(contentsOf: Array(",\"geometry\":".utf8))
        if let geometry { GeoJSONWriter.appendGeometry(geometry, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
        out.append(contentsOf: Array(",\"properties\":{".utf8))
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            TextFormat.appendJSONString(column.name, to: &out)
            out.append(UInt8(ascii: ":"))
            try Self.append(i < values.count ? values[i] : .null, as: column, to: &out)
        }
        out.append(contentsOf: Array("}}".utf8))
    }

    private static func append(_ v: JSONValue, as column: PropertyColumn, to out: inout [UInt8]) throws {
        switch (column.type, v) {
        case (_, .null): out.append(contentsOf: Array("null".utf8))
        case (.string, .string(let s)): TextFormat.appendJSONString(s, to: &out)
        case (.integer, .integer(let n)): TextFormat.appendInteger(n, to: &out)
        case (.bool, .bool(let b)): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case (.number(let d), .number(let x)): TextFormat.appendNumber(x, decimals: d, to: &out)
        case (.number(let d), .integer(let n)): TextFormat.appendNumber(Double(n), decimals: d, to: &out)
        default:
            throw GeoJSONError(source: "GeoJSON output", message: "property \"\(column.name)\" must be \(column.type), got \(v)")
        }
    }
}

/// Streams features as a GeoJSON FeatureCollection, or one feature per line (newline-delimited
/// GeoJSON, `.geojsonl`, which GDAL reads as GeoJSONSeq).
public final class GeoJSONWriter {
    public enum Layout: Sendable { case collection, lines }

    public let layout: Layout
    public let encoder: FeatureEncoder
    private let output: TextOutput
    private var scratch: [UInt8] = []
    public private(set) var count = 0
    public static let decimals = FeatureEncoder.decimals

    /// The layout a file name asks for: `.geojsonl`, `.geojsons`, `.jsonl`, `.ndjson` → lines.
    public static func layout(forPath path: String) -> Layout {
        let lower = path.lowercased()
        return [".geojsonl", ".geojsons", ".jsonl", ".ndjson"].contains(where: lower.hasSuffix) ? .lines : .collection
    }

    public init(output: TextOutput, columns: [PropertyColumn], layout: Layout) {
        self.output = output; self.encoder = FeatureEncoder(columns: columns); self.layout = layout
        if layout == .collection { output.write("{\"type\":\"FeatureCollection\",\"features\":[\n") }
    }

    /// The separator that goes between two features of this layout.
    public var separator: [UInt8] { layout == .collection ? Array(",\n".utf8) : Array("\n".utf8) }

    /// Writes one feature.
    public func write(id: FeatureID, geometry: Geometry?, values: [JSONValue]) throws {
        scratch.removeAll(keepingCapacity: true)
        try encoder.append(id: id, geometry: geometry, values: values, to: &scratch)
        write(encoded: scratch, features: 1)
    }

    /// Writes features already encoded with `encoder`, joined by `separator`, with no separator
    /// before the first or after the last.
    public func write(encoded bytes: [UInt8], features: Int) {
        guard features > 0 else { return }
        if count > 0 && layout == .collection { output.write(bytes: Array(",\n".utf8)) }
        output.write(bytes: bytes)
        if layout == .lines { output.write(bytes: [0x0A]) }
        count += features
    }

    /// Ends the collection and flushes; returns how many features were written.
    @discardableResult
    public func finish() throws -> Int {
        if layout == .collection { output.write("\n]}\n") }
        try output.flush()
        return count
    }

    /// Appends a geometry object with RFC 7946 winding and 7-decimal positions.
    public static func appendGeometry(_ g: Geometry, to out: inout [UInt8]) {
        let decimals = FeatureEncoder.decimals
        func pos(_ p: Position) {
            out.append(UInt8(ascii: "["))
            TextFormat.appendNumber(p.x, decimals: decimals, to: &out)
            out.append(UInt8(ascii: ","))
            TextFormat.appendNumber(p.y, decimals: decimals, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        func line(_ ps: [Position]) {
            out.append(UInt8(ascii: "["))
            for (i, p) in ps.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; pos(p) }
            out.append(UInt8(ascii: "]"))
        }
        func polygon(_ rings: [[Position]]) {
            out.append(UInt8(ascii: "["))
            for (i, ring) in rings.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                line(oriented(ring, counterClockwise: i == 0))
            }
            out.append(UInt8(ascii: "]"))
        }
        func list<T>(_ items: [T], _ f: (T) -> Void) {
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; f(item) }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: Array("{\"type\":\"\(g.type.rawValue)\",\"coordinates\":".utf8))
        switch g {
        case .point(let p): pos(p)
        case .multiPoint(let ps), .lineString(let ps): line(ps)
        case .multiLineString(let ls): list(ls, line)
        case .polygon(let rings): polygon(rings)
        case .multiPolygon(let polys): list(polys, polygon)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// The ring closed and turned to the asked winding (RFC 7946 §3.1.6).
public func oriented(_ ring: [Position], counterClockwise: Bool) -> [Position] {
    var r = ring
    if let f = r.first, f != r.last { r.append(f) }
    return (signedArea(ofRing: r) > 0) == counterClockwise ? r : r.reversed()
}
