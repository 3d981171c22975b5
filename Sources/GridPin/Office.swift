import Foundation

/// Who must act, and by when: the lead and support units for a problem at a place, the rule
/// that decided it with a one-line reason, and the due time.
public struct Assignment: Sendable, Equatable {
    public let category: String
    public let lead: [String]
    public let support: [String]
    public let rule: String
    /// Chinese, then English: "摊位外溢：… → 规则 market-surroundings / stall spillover … → rule market-surroundings".
    public let reason: String
    public let dueAt: Date?

    /// The machine keys, in output order (JSON keys, CSV columns, GeoJSON properties).
    public static let keys = ["category", "lead", "support", "rule", "reason", "due_at"]
}

/// An unknown category code, with the nearest known ones.
public struct UnknownCategory: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let nearest: [String]
    public var description: String {
        "unknown category \"\(RowReason.shown(code))\" 未知问题类型; nearest 最接近: \(nearest.joined(separator: "; ")) (gridpin catalog lists them all)"
    }
}

/// A street office's working data: the problem catalogue, the responsibility rules and the
/// working-time calendar, checked against the street's layers and units.
///
/// Each file is looked for in the street folder first, then in the resources folder
/// (`Resources/`), so a street can carry its own rules while sharing the rest.
public struct Office: Sendable {
    public let street: Street
    public let catalogue: Catalogue
    public let rules: RuleBook
    public let calendar: WorkCalendar

    public init(street: Street, catalogue: Catalogue, rules: RuleBook, calendar: WorkCalendar) {
        self.street = street; self.catalogue = catalogue; self.rules = rules; self.calendar = calendar
    }

    /// The file `name`: the street folder's own, else the resources folder's.
    public static func path(_ name: String, street: Street, resources: URL) -> String {
        let own = street.folder.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: own) ? own : resources.appendingPathComponent(name).path
    }

    /// Loads and checks the catalogue, rules and calendar; every problem found is one line of
    /// the `RulesError` thrown.
    public static func load(street: Street, resources: URL) throws -> Office {
        var problems: [String] = []
        let catalogue = try Catalogue.load(path: path(Catalogue.file, street: street, resources: resources), problems: &problems)
        let rules = try RuleBook.load(path: path(RuleBook.file, street: street, resources: resources),
                                      catalogue: catalogue, street: street, problems: &problems)
        let calendar = try WorkCalendar.load(path: path(WorkCalendar.file, street: street, resources: resources), problems: &problems)
        guard problems.isEmpty, let calendar else { throw RulesError(lines: problems) }
        return Office(street: street, catalogue: catalogue, rules: rules, calendar: calendar)
    }

    /// The category with this code or name (`Catalogue.index(named:)`), or an error naming the
    /// nearest codes.
    public func category(_ code: String) throws -> Category {
        if let c = catalogue[code] ?? catalogue.named(code) { return c }
        throw UnknownCategory(code: code, nearest: catalogue.nearest(to: code).map { "\($0.code) \($0.name) \($0.nameEn)" })
    }
}
