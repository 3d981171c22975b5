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
