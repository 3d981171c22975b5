import Foundation
import GridGeo

/// Whether a point is inside a market or in its surroundings (周边).
public enum MarketZone: String, Sendable {
    case inside, around
}

/// The context of one point: the answer of `gridpin locate`, and one row of `gridpin join`.
///
/// Codes refer to the street's layers; `nil` means the point is in no such feature.
public struct Location: Sendable, Equatable {
    public var grid: String?
    public var community: String?
    public var compound: String?
    public var road: String?
    public var roadName: String?
    public var roadDistanceM: Double?
    public var market: String?
    public var marketZone: MarketZone?
    public var site: String?
    public var school: String?
    public var venue: String?
    public var officeGroup: String?
    public var nearBoundary: Bool = false

    public init() {}

    /// The machine keys, in output order (JSON keys, CSV columns, GeoJSON properties).
    public static let keys = ["grid", "community", "compound", "road", "road_name", "road_distance_m",
                              "market", "market_zone", "site", "school", "venue", "office_group", "near_boundary"]

    /// The property columns of written layers, typed.
    public static let columns: [PropertyColumn] = keys.map { key in
        switch key {
        case "road_distance_m": PropertyColumn(key, .number(decimals: 2))
        case "near_boundary": PropertyColumn(key, .bool)
        default: PropertyColumn(key, .string)
        }
    }

    /// The values in `keys` order.
    public var values: [JSONValue] {
        func s(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        return [s(grid), s(community), s(compound), s(road), s(roadName),
                roadDistanceM.map { .number(($0 * 100).rounded() / 100) } ?? .null,
                s(market), s(marketZone?.rawValue), s(site), s(school), s(venue), s(officeGroup), .bool(nearBoundary)]
    }
}

/// Which location columns a join writes (`join --columns`): any of `Location.keys`, always in
/// that order. A join that writes none of the columns measured in metres (roads, market
/// surroundings, school zones, office groups, near boundary) skips those distances.
public struct LocationColumns: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let all = LocationColumns(rawValue: (1 << UInt16(Location.keys.count)) - 1)
    /// The columns whose answers need a distance in metres, not containment alone: `market`
    /// too, as a point may be in a market's surroundings rather than inside it.
    static let measured = LocationColumns(keys: ["road", "road_name", "road_distance_m", "market", "market_zone",
                                                 "school", "office_group", "near_boundary"])

    /// The column of `Location.keys[index]`.
    init(index: Int) { rawValue = 1 << UInt16(index) }

    init(keys: [String]) {
        rawValue = keys.reduce(0) { $0 | 1 << UInt16(Location.keys.firstIndex(of: $1)!) }
    }

    /// Columns named in a comma-separated list; an unknown or repeated name is an error that
    /// lists the names there are.
    public init(list: String) throws {
        var chosen = LocationColumns()
        for raw in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let index = Location.keys.firstIndex(of: name) else {
                let what = name.isEmpty ? "an empty column name" : "unknown column \"\(name)\""
                throw InputError(source: "--columns", message: "\(what): choose from \(Location.keys.joined(separator: ", ")) 列名未知")
            }
            let column = LocationColumns(index: index)
            if chosen.contains(column) {
                throw InputError(source: "--columns", message: "\"\(name)\" is named twice 列名重复")
            }
            chosen.insert(column)
        }
        self = chosen
    }

    /// Whether it holds `Location.keys[index]`.
    @inline(__always) func has(_ index: Int) -> Bool { rawValue & 1 << UInt16(index) != 0 }

    /// The names of its columns, in `Location.keys` order.
    public var keys: [String] { Location.keys.indices.filter(has).map { Location.keys[$0] } }
    /// Its columns, typed, in `Location.keys` order.
    public var columns: [PropertyColumn] { Location.columns.indices.filter(has).map { Location.columns[$0] } }
    /// Its values of a location, in `Location.keys` order.
    public func values(_ location: Location) -> [JSONValue] {
        zip(location.values.indices, location.values).filter { has($0.0) }.map(\.1)
    }
    /// The containment layers its answers need, besides the street and its grids.
    public var layers: Locator.Layers {
        var layers: Locator.Layers = []
        if has(1) { layers.insert(.community) }
        if has(2) || has(11) { layers.insert(.compound) }
        if has(6) || has(7) { layers.insert(.market) }
        if has(8) { layers.insert(.site) }
        if has(10) { layers.insert(.venue) }
        return layers
    }
    /// Whether any of its answers needs distances in metres.
    public var needsDistances: Bool { !isDisjoint(with: Self.measured) }
}
