import Foundation
import GRDB
import GridPin

/// A case of the ledger (台账): one problem, from report to sign-off (销号). Times are seconds
/// since 1970 (UTC); the point is WGS 84, with its metres in the street's Gauss-Krüger zone.
public struct CaseRecord: LedgerRecord, Equatable {
    public static let databaseTableName = "cases"

    public var id: Int64?
    /// Street code + local date + sequence: `619901001-20220715-0001`.
    public var number: String
    public var category: String
    public var lon: Double, lat: Double
    public var xM: Double, yM: Double
    public var source: ReportSource
    public var sourceRef: String?
    public var reporter: String?
    public var description: String?
    public var photos: String?
    /// The coordinates as given, and their system (`wgs84`, `gcj02`, `EPSG:4545` …).
    public var xOriginal: Double, yOriginal: Double
    public var crs: String
    public var grid: String?, community: String?, compound: String?, road: String?
    public var market: String?, site: String?, school: String?, venue: String?, officeGroup: String?
    /// Unit ids separated by `;`.
    public var lead: String, support: String
    public var rule: String, reason: String
    public var reportedAt: Double, dueAt: Double
    public var closedAt: Double?
    public var status: CaseStatus
    public var parkedFrom: CaseStatus?
    public var parkedAt: Double?
    /// How many reports make up the case: its own (主单) and the linked ones (副单).
    public var reports: Int
    /// How many times it was sent back for rework (返工).
    public var reworks: Int


    public var leadUnits: [String] { lead.split(separator: ";").map(String.init) }
    public var supportUnits: [String] { support.split(separator: ";").map(String.init) }

    /// Whether it is open and past its due time at `now` (a parked case is not counted as due).
    public func isOverdue(at now: Double) -> Bool { status.isOpen && status != .parked && dueAt < now }
}

extension CaseRecord {
    /// Reads the columns by name, as Codable would with `convertFromSnakeCase`, without its
    /// per-row key conversion and decoder containers (most of `cases` on a million rows).
    public init(row: Row) throws {
        id = row["id"]
        number = row["number"]; category = row["category"]
        lon = row["lon"]; lat = row["lat"]; xM = row["x_m"]; yM = row["y_m"]
        source = row["source"]; sourceRef = row["source_ref"]; reporter = row["reporter"]
        description = row["description"]; photos = row["photos"]
        xOriginal = row["x_original"]; yOriginal = row["y_original"]; crs = row["crs"]
        grid = row["grid"]; community = row["community"]; compound = row["compound"]; road = row["road"]
        market = row["market"]; site = row["site"]; school = row["school"]; venue = row["venue"]; officeGroup = row["office_group"]
        lead = row["lead"]; support = row["support"]; rule = row["rule"]; reason = row["reason"]
        reportedAt = row["reported_at"]; dueAt = row["due_at"]; closedAt = row["closed_at"]
        status = row["status"]; parkedFrom = row["parked_from"]; parkedAt = row["parked_at"]
        reports = row["reports"]; reworks = row["reworks"]
    }
}

/// A further report of a problem that a case already holds (副单): the case itself keeps the first
/// report (主单). The source's own reference (a 12345 ticket number) makes imports idempotent.
public struct ReportRecord: LedgerRecord, Equatable {
    public static let databaseTableName = "reports"

    public var id: Int64?
    public var caseId: Int64
    public var source: ReportSource
    public var sourceRef: String?
    public var reporter: String?
    public var reportedAt: Double
    public var lon: Double, lat: Double
    /// The coordinates as given, and their system (`wgs84`, `gcj02`, `EPSG:4545` …).
    public var xOriginal: Double, yOriginal: Double
    public var crs: String
    public var description: String?
    public var photos: String?

}

/// One workflow step of a case, append-only: who, when, from → to, note, evidence. (The report
/// itself is the case row: who, when, from which source.)
public struct HistoryRecord: LedgerRecord, Equatable {
    public static let databaseTableName = "history"

    public var id: Int64?
    public var caseId: Int64
    public var at: Double
    public var by: String
    public var step: String
    public var fromStatus: CaseStatus?
    public var toStatus: CaseStatus
    public var note: String?
    /// Photo references or other evidence, separated by `;`.
    public var evidence: String?

}

/// A row of a ledger table: a Codable struct whose camelCase properties are the table's
/// snake_case columns, with an id SQLite assigns on insert.
public protocol LedgerRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    var id: Int64? { get set }
}

extension LedgerRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
}

extension CaseStatus: DatabaseValueConvertible {}
extension ReportSource: DatabaseValueConvertible {}
