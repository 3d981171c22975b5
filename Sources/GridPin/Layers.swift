import GridGeo

/// What every feature of a street layer has: a code, Chinese and English names, a geometry.
public protocol LayerFeature: Sendable {
    var code: String { get }
    var name: String { get }
    var nameEn: String { get }
    var geometry: Geometry { get }
}

/// The street itself (街道): its boundary and 9-digit code (6 county + 3 street); or, for a folder
/// that covers several streets, the county or city they tile, with its 6-digit county code.
public struct StreetArea: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let geometry: Geometry
}

/// A community (社区), 12-digit code, with the party branch that serves it.
public struct Community: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let partyBranch: String
    public let geometry: Geometry
}

/// A management grid (网格), 15-digit code: 6 county + 3 street + 3 community + 3 grid.
public struct Grid: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let community: String
    public let geometry: Geometry
}

/// A residential compound (小区), assigned to an office group (包抓).
public struct Compound: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let officeGroup: String
    public let geometry: Geometry
}

/// A road class, from the widest to the narrowest.
public enum RoadClass: String, Sendable, CaseIterable {
    case main, secondary, branch, alley
    public var chinese: String {
        switch self {
        case .main: "主干道"
        case .secondary: "次干道"
        case .branch: "支路"
        case .alley: "背街小巷"
        }
    }
}

/// A road section: a centreline with a name, class, width, and the office group assigned to it (包抓).
public struct RoadSection: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let roadClass: RoadClass
    public let widthM: Double
    public let officeGroup: String
    public let geometry: Geometry
}

/// A farmers' market (农贸市场) with the distance its surroundings (周边) reach.
public struct Market: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let surroundingsM: Double
    public let geometry: Geometry
}

/// A construction site (建筑工地).
public struct Site: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let geometry: Geometry
}

/// A school campus with the radius of its protection zone (校园周边).
public struct School: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let radiusM: Double
    public let geometry: Geometry
}

/// A public venue (公共场所) and the unit that runs it.
public struct Venue: LayerFeature {
    public let code: String, name: String, nameEn: String
    public let kind: String
    public let operatorUnit: String
    public let geometry: Geometry
}

/// A unit that can be made responsible: an office, station, community, office group, branch…
public struct Unit: Sendable, Hashable {
    public let id: String, name: String, nameEn: String, kind: String
    public init(id: String, name: String, nameEn: String, kind: String) {
        self.id = id; self.name = name; self.nameEn = nameEn; self.kind = kind
    }
}
