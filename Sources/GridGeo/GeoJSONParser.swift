import Foundation

/// A GeoJSON object's members as `GeoJSONReader` needs them, read in one pass: coordinates go
/// straight into positions (one array per line or ring), where a `JSONValue` tree would hold an
/// array and an enum value per number. Members it does not need are read (so that their syntax
/// is checked) and dropped; of repeated member names the first is kept, as in `JSONValue`.
struct GeoJSONObject {
    var type: JSONValue?
    var id: JSONValue?
    var properties: JSONValue?
    var geometry: GeoJSONMember?
    /// `nil` when the coordinates are not arrays of positions; `coordinatesText` is where their
    /// text lies, for the general reader to say what is wrong with them.
    var coordinates: Coordinates?
    var coordinatesText: Range<Int>?
    var features: [GeoJSONMember]?
}

/// A member that may hold a GeoJSON object: read as one when it is an object, else as a value.
indirect enum GeoJSONMember {
    case object(GeoJSONObject)
    case other(JSONValue)
}

/// GeoJSON `coordinates` read as positions: a position, an array of positions, or an array of
/// those.
enum Coordinates {
    case position(Position)
    case positions([Position])
    case lists([Coordinates])
}

extension JSONParser {
    /// The one GeoJSON object of the text, with nothing but whitespace after it; the same
    /// syntax errors as `document()`.
    mutating func geoJSONDocument() throws -> GeoJSONMember { try document { try $0.member() } }

    /// An object as a `GeoJSONObject`, anything else as a value.
    private mutating func member() throws -> GeoJSONMember {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return .other(try value()) }
        var object = GeoJSONObject()
        try forEachMember { name, parser in
            switch name {
            case "type" where object.type == nil: object.type = try parser.value()
            case "id" where object.id == nil: object.id = try parser.value()
            case "properties" where object.properties == nil: object.properties = try parser.value()
            case "geometry" where object.geometry == nil: object.geometry = try parser.member()
            case "coordinates" where object.coordinatesText == nil:
                parser.skipWhitespace()
                let start = parser.i
                object.coordinates = try parser.coordinates()
                object.coordinatesText = start..<parser.i
            case "features" where object.features == nil: object.features = try parser.members()
            default: _ = try parser.value()
            }
        }
        return .object(object)
    }

    /// An array's elements as members; `nil` for anything but an array (read and dropped: the
    /// reader then finds no features).
    private mutating func members() throws -> [GeoJSONMember]? {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { _ = try value(); return nil }
        var items: [GeoJSONMember] = []
        try forEachElement { parser in items.append(try parser.member()) }
        return items
    }

    /// `coordinates` as positions while the arrays have their shape; `nil` (the whole value read
    /// as a plain value) at the first element that does not fit.
    private mutating func coordinates() throws -> Coordinates? {
        skipWhitespace()
        let start = i, startDepth = depth
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { _ = try value(); return nil }
        if let p = position() { return .position(p) }
        var positions: [Position] = [], lists: [Coordinates] = []
        var fits = true
        do {
            try forEachElement { parser in
                guard fits else { _ = try parser.value(); return }
                if lists.isEmpty, let p = parser.position() {
                    positions.append(p)
                } else if positions.isEmpty, let c = try parser.coordinates() {
                    lists.append(c)
                } else {
                    fits = false
                    if !positions.isEmpty { _ = try parser.value() }
                }
            }
        } catch {
            // A syntax error: the plain reading below meets it again and throws it.
            fits = false
        }
        if fits { return positions.isEmpty ? .lists(lists) : .positions(positions) }
        i = start; depth = startDepth
        _ = try value()
        return nil
    }

    /// `[x, y, …]` of at least two numbers at the reading position (numbers after the second,
    /// such as a height, are read and dropped); `nil`, with the reading position unchanged, for
    /// anything else.
    private mutating func position() -> Position? {
        let start = i
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var x = 0.0, y = 0.0, count = 0
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "-") || isDigit(bytes[i]) else { break }
            let v: JSONValue
            // A malformed number: not a position; the general reader reads it again and says why.
            do { v = try number() } catch { break }
            switch v {
            case .integer(let n): if count == 0 { x = Double(n) } else if count == 1 { y = Double(n) }
            case .number(let d): if count == 0 { x = d } else if count == 1 { y = d }
            default: break
            }
            count += 1
            skipWhitespace()
            guard i < bytes.count else { break }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") && count >= 2 { i += 1; return Position(x, y) }
            break
        }
        i = start
        return nil
    }
}
