import Foundation
import GridGeo

/// Where a report came from (DOMAIN.md §2).
public enum ReportSource: String, Sendable, CaseIterable, Codable {
    case gridManager = "grid_manager", hotline = "hotline_12345", inspection, supervisor

    public var chinese: String {
        switch self {
        case .gridManager: "网格员上报"
        case .hotline: "12345热线"
        case .inspection: "巡查"
        case .supervisor: "督查"
        }
    }
}

/// A problem as reported, before it is in the ledger.
public struct Problem: Sendable {
    public var category: String
    /// The coordinates as given, in `crs`.
    public var x: Double, y: Double
    public var crs: CoordinateSystem
    public var source: ReportSource
    public var sourceRef: String?
    public var reporter: String?
    public var description: String?
    public var photos: String?
    /// Seconds since 1970 (UTC).
    public var reportedAt: Double

    public init(category: String, x: Double, y: Double, crs: CoordinateSystem = .wgs84, source: ReportSource,
                sourceRef: String? = nil, reporter: String? = nil, description: String? = nil, photos: String? = nil,
                reportedAt: Double) {
        self.category = category; self.x = x; self.y = y; self.crs = crs; self.source = source; self.sourceRef = sourceRef
        self.reporter = reporter; self.description = description; self.photos = photos; self.reportedAt = reportedAt
    }
}

/// A problem located and assigned: where it is, who must act, by when.
public struct Triaged: Sendable {
    public let problem: Problem
    public let lon: Double, lat: Double
    public let xM: Double, yM: Double
    public let location: Location
    public let assignment: Assignment
    public let category: Category
}

/// Why a problem cannot enter the ledger.
public enum TriageError: Error, CustomStringConvertible, Sendable {
    case unknownCategory(UnknownCategory)
    case unconvertible(String)
    case outside(lon: Double, lat: Double)
    case unassigned(String)

    public var description: String {
        switch self {
        case .unknownCategory(let e): e.description
        case .unconvertible(let m): m
        case .outside(let lon, let lat): String(format: "(%.7f, %.7f) is outside the street 不在本街道范围内", lon, lat)
        case .unassigned(let c): "no rule assigns category \(c) here 无规则适用"
        }
    }
}

/// Locates and assigns problems: coordinates to WGS 84 and metres, the locator, the rules and the
/// deadline clock. One per thread (it owns PROJ objects).
public final class Triage: @unchecked Sendable {
    public let responsibility: Responsibility
    public let locator: Locator
    public var office: Office { responsibility.office }
    let projection: Projection
    var converters: [CoordinateSystem: CoordinateConverter] = [:]
    /// Whether assignments carry their reason (the ledger keeps it; hot spots do not need it).
    public var reasons = true

    let catalogue: Catalogue
    /// Assignments with their reasons, made once per place and rule (when `reasons` is set).
    let assignments = AssignmentCache()

    public init(responsibility: Responsibility, locator: Locator) throws {
        self.responsibility = responsibility; self.locator = locator
        catalogue = responsibility.office.catalogue
        projection = try locator.makeProjection()
    }

    public convenience init(office: Office, locator: Locator) throws {
        try self.init(responsibility: Responsibility(office: office), locator: locator)
    }

    public func triage(_ p: Problem) throws -> Triaged {
        // The catalogue is read in place: `office` is a copy of a large value, made only for the error.
        let category: Category
        if let known = catalogue[p.category] { category = known } else {
            do { category = try office.category(p.category) } catch let e as UnknownCategory { throw TriageError.unknownCategory(e) }
        }
        let converter: CoordinateConverter
        if let c = converters[p.crs] { converter = c } else { converter = try CoordinateConverter(from: p.crs); converters[p.crs] = converter }
        let wgs: Position, m: Position
        do {
            wgs = try converter.convert(Position(p.x, p.y))
            m = try projection.transform(wgs)
        } catch {
            throw TriageError.unconvertible("(\(p.x), \(p.y)) cannot be converted from \(p.crs) to WGS 84: \(error)")
        }
        guard let indices = locator.locateIndices(lon: wgs.x, lat: wgs.y, x: m.x, y: m.y) else {
            throw TriageError.outside(lon: wgs.x, lat: wgs.y)
        }
        let location = locator.location(indices)
        guard let c = responsibility.category(category.code),
              let assignment = reasons ? assignments.assignment(responsibility, c, indices, reportedAt: p.reportedAt)
                  : responsibility.assignment(c, indices, reportedAt: Date(timeIntervalSince1970: p.reportedAt), reason: false) else {
            throw TriageError.unassigned(category.code)
        }
        return Triaged(problem: p, lon: wgs.x, lat: wgs.y, xM: m.x, yM: m.y, location: location, assignment: assignment, category: category)
    }
}
