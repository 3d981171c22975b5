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
        "unknown category \"\(code)\" 未知问题类型; nearest 最接近: \(nearest.joined(separator: "; ")) (gridpin catalog lists them all)"
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
    private let communities: [String: Community], compounds: [String: Compound], roads: [String: RoadSection]
    private let markets: [String: Market], sites: [String: Site], schools: [String: School], venues: [String: Venue]

    public init(street: Street, catalogue: Catalogue, rules: RuleBook, calendar: WorkCalendar) {
        self.street = street; self.catalogue = catalogue; self.rules = rules; self.calendar = calendar
        func index<T: LayerFeature>(_ items: [T]) -> [String: T] {
            Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        }
        communities = index(street.communities); compounds = index(street.compounds); roads = index(street.roads)
        markets = index(street.markets); sites = index(street.sites); schools = index(street.schools); venues = index(street.venues)
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

    /// The category with this code, or an error naming the nearest codes.
    public func category(_ code: String) throws -> Category {
        if let c = catalogue[code] { return c }
        throw UnknownCategory(code: code, nearest: catalogue.nearest(to: code).map { "\($0.code) \($0.name) \($0.nameEn)" })
    }

    /// Who must act on a problem of `category` at `location`, and by when (when `reportedAt` is given).
    public func assign(_ category: Category, at location: Location, reportedAt: Date? = nil) -> Assignment? {
        for rule in rules.rules where rule.categories.contains(category.code) && matches(rule, location) {
            guard let lead = resolve(rule.lead, location), let support = resolve(rule.support, location) else { continue }
            var seen = Set(lead)
            let helpers = support.filter { seen.insert($0).inserted }
            return Assignment(category: category.code, lead: lead, support: helpers, rule: rule.id,
                              reason: reason(category, rule, location),
                              dueAt: reportedAt.map { calendar.due(from: $0, limit: category.limit) })
        }
        return nil
    }

    func matches(_ rule: Rule, _ l: Location) -> Bool {
        switch rule.place {
        case .compound: l.compound != nil
        case .community: l.community != nil
        case .market: l.marketZone == .inside
        case .marketSurroundings: l.marketZone == .around
        case .road:
            if let code = l.road, let road = roads[code] { rule.roadClasses.isEmpty || rule.roadClasses.contains(road.roadClass) } else { false }
        case .site: l.site != nil
        case .schoolZone: l.school != nil
        case .venue: l.venue != nil
        }
    }

    /// Unit ids for references; `nil` when a required one cannot be resolved at this point.
    func resolve(_ refs: [(ref: UnitRef, optional: Bool)], _ l: Location) -> [String]? {
        var out: [String] = []
        for (ref, optional) in refs {
            let id: String?
            switch ref {
            case .unit(let u): id = u
            case .community: id = l.community
            case .partyBranch: id = l.community.flatMap { communities[$0]?.partyBranch }
            case .officeGroup: id = l.officeGroup
            case .venueOperator: id = l.venue.flatMap { venues[$0]?.operatorUnit }
            }
            if let id { if !out.contains(id) { out.append(id) } } else if !optional { return nil }
        }
        return out
    }

    /// One line in Chinese and one in English, joined by " / ".
    func reason(_ c: Category, _ rule: Rule, _ l: Location) -> String {
        let en = c.nameEn.prefix(1).lowercased() + c.nameEn.dropFirst()
        var zh = "\(c.name)：", english = "\(en) "
        func metres(_ d: Double?) -> String { d.map { "\(Int($0.rounded())) m" } ?? "?" }
        switch rule.place {
        case .compound:
            let name = l.compound.flatMap { compounds[$0]?.name } ?? "?"
            zh += "位于小区\(name)内"; english += "inside compound \(name)"
        case .community:
            let name = l.community.flatMap { communities[$0]?.name } ?? "?"
            zh += "属地\(name)兜底"; english += "in \(name), territorial default"
        case .market:
            let name = l.market.flatMap { markets[$0]?.name } ?? "?"
            zh += "位于\(name)内"; english += "inside \(name)"
        case .marketSurroundings:
            let m = l.market.flatMap { markets[$0] }
            let name = m?.name ?? "?", reach = metres(m?.surroundingsM)
            zh += "距\(name) \(metres(l.marketDistanceM))（周边 \(reach)）"; english += "\(metres(l.marketDistanceM)) from \(name) (surroundings \(reach))"
        case .road:
            let r = l.road.flatMap { roads[$0] }
            let name = r?.name ?? "?", group = l.officeGroup.map { "，包抓组办 \($0)" } ?? ""
            zh += "位于\(name)（\(r?.roadClass.chinese ?? "?")）\(metres(l.roadDistanceM))内\(group)"
            english += "\(metres(l.roadDistanceM)) from \(name) (\(r?.roadClass.rawValue ?? "?") road)" + (l.officeGroup.map { ", office group \($0)" } ?? "")
        case .site:
            let name = l.site.flatMap { sites[$0]?.name } ?? "?"
            zh += "位于工地\(name)内"; english += "inside construction site \(name)"
        case .schoolZone:
            let s = l.school.flatMap { schools[$0] }
            let name = s?.name ?? "?", reach = metres(s?.radiusM)
            zh += "位于\(name)周边 \(reach) 内"; english += "within \(reach) of \(name)"
        case .venue:
            let v = l.venue.flatMap { venues[$0] }
            zh += "位于\(v?.name ?? "?")，运营单位 \(v?.operatorUnit ?? "?")"; english += "at \(v?.name ?? "?"), run by \(v?.operatorUnit ?? "?")"
        }
        return "\(zh) → 规则 \(rule.id) / \(english) → rule \(rule.id)"
    }
}
