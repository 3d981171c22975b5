import Foundation

/// Where a point is, as far as a responsibility rule cares (the spatial contexts of locate).
public enum Place: String, Sendable, CaseIterable {
    /// Inside a residential compound (小区).
    case compound
    /// Anywhere in a community (every point of the street): the territorial default (属地).
    case community
    /// Inside a farmers' market.
    case market
    /// Outside a market but within its surroundings distance (市场周边).
    case marketSurroundings = "market_surroundings"
    /// Within the road search distance of a road section (optionally of given classes).
    case road
    /// Inside a construction site.
    case site
    /// Inside a school's protection zone (校园周边).
    case schoolZone = "school_zone"
    /// Inside a public venue.
    case venue
}

/// A unit named by a rule: a unit id, or a placeholder resolved from the point (DOMAIN.md §2).
public enum UnitRef: Sendable, Equatable, CustomStringConvertible {
    case unit(String)
    /// 各社区: the community that contains the point.
    case community
    /// 各党(总)支部: that community's party branch.
    case partyBranch
    /// 各组办: the office group assigned the compound or road section (包抓).
    case officeGroup
    /// The unit that runs the venue (窗口单位).
    case venueOperator

    public static let placeholders: [String: UnitRef] = [
        "{community}": .community, "{party_branch}": .partyBranch,
        "{office_group}": .officeGroup, "{venue_operator}": .venueOperator,
    ]

    public var description: String {
        switch self {
        case .unit(let id): id
        case .community: "{community}"
        case .partyBranch: "{party_branch}"
        case .officeGroup: "{office_group}"
        case .venueOperator: "{venue_operator}"
        }
    }

    /// Whether every point a rule of `place` matches can resolve this reference.
    func isGuaranteed(by place: Place) -> Bool {
        switch self {
        case .unit, .community, .partyBranch: true
        case .officeGroup: place == .compound || place == .road
        case .venueOperator: place == .venue
        }
    }
}

/// One responsibility rule (`rules.csv`): which categories at which kind of place go to which
/// lead (牵头) and support (配合) units. Rules are tried in file order; the first that matches wins.
public struct Rule: Sendable {
    public let id: String
    public let line: Int
    /// The category codes it matches, after expanding `*` and `action:N`.
    public let categories: Set<String>
    public let categoryText: String
    public let place: Place
    /// With `place == .road`: the road classes it is limited to (empty: any class).
    public let roadClasses: Set<RoadClass>
    /// Units; an optional one (written with a trailing `?`) is left out where the point lacks it.
    public let lead: [(ref: UnitRef, optional: Bool)]
    public let support: [(ref: UnitRef, optional: Bool)]
    public let note: String

    /// Whether this rule matches whenever `other` does, as far as places go.
    func placeCovers(_ other: Rule) -> Bool {
        if place == .community { return true }
        guard place == other.place else { return false }
        if place == .road { return roadClasses.isEmpty || (!other.roadClasses.isEmpty && other.roadClasses.isSubset(of: roadClasses)) }
        return true
    }
}

/// A problem that a rules file or the data behind it has; `lines` holds one readable line each.
public struct RulesError: Error, CustomStringConvertible, Sendable {
    public let lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}

/// The ordered responsibility rules, checked against the catalogue, the units and the street.
public struct RuleBook: Sendable {
    public let rules: [Rule]
    public static let file = "rules.csv"
    public static let columns = ["id", "categories", "place", "road_classes", "lead", "support"]

    /// Reads `rules.csv`. Refuses (one line per problem, in `problems`): unknown units, unknown
    /// categories or places, placeholders the layers cannot resolve, rules that can never fire
    /// because earlier rules always win, and categories that no rule covers everywhere.
    public static func load(path: String, catalogue: Catalogue, street: Street, problems: inout [String]) throws -> RuleBook {
        let table = try CSVTable(path: path, required: columns, optional: ["note"])
        let units = Set(street.units.map(\.id))
        var rules: [Rule] = []
        var ids = Set<String>()
        for row in table.rows {
            let label = "\(table.file): line \(row.line): rule \"\(row["id"])\""
            var ok = true
            func bad(_ message: String) { problems.append("\(label): \(message)"); ok = false }
            if row["id"].isEmpty { bad("the id is empty") }
            if !ids.insert(row["id"]).inserted { bad("the id is used by an earlier rule") }

            var categories = Set<String>()
            for word in row["categories"].split(separator: " ").map(String.init) {
                if word == "*" {
                    categories.formUnion(catalogue.categories.map(\.code))
                } else if word.hasPrefix("action:") {
                    guard let n = Int(word.dropFirst(7)), (1...8).contains(n) else { bad("\"\(word)\" is not an action (action:1 … action:8)"); continue }
                    categories.formUnion(catalogue.categories.filter { $0.action == n }.map(\.code))
                } else if catalogue[word] != nil {
                    categories.insert(word)
                } else {
                    let near = catalogue.nearest(to: word).map { "\($0.code) \($0.name)" }.joined(separator: ", ")
                    bad("unknown category \"\(word)\" (nearest: \(near))")
                }
            }
            if categories.isEmpty && ok { bad("matches no category (write codes, action:N or *)") }

            guard let place = Place(rawValue: row["place"]) else {
                bad("unknown place \"\(row["place"])\" (one of \(Place.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
            }
            var classes = Set<RoadClass>()
            for word in row["road_classes"].split(separator: " ") {
                guard let c = RoadClass(rawValue: String(word)) else {
                    bad("unknown road class \"\(word)\" (one of \(RoadClass.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
                }
                classes.insert(c)
            }
            if !classes.isEmpty && place != .road { bad("road_classes needs place road, not \(place.rawValue)") }

            func refs(_ column: String) -> [(ref: UnitRef, optional: Bool)] {
                var out: [(ref: UnitRef, optional: Bool)] = []
                for var word in row[column].split(separator: " ").map(String.init) {
                    let optional = word.hasSuffix("?")
                    if optional { word.removeLast() }
                    if word.hasPrefix("{") {
                        guard let ref = UnitRef.placeholders[word] else {
                            bad("\(column): unknown placeholder \(word) (one of \(UnitRef.placeholders.keys.sorted().joined(separator: ", ")))"); continue
                        }
                        if !optional && !ref.isGuaranteed(by: place) {
                            bad("\(column): \(word) cannot be resolved at every \(place.rawValue) point (it needs place \(ref == .venueOperator ? "venue" : "compound or road"), or write \(word)? to leave it out where the point has none)")
                        }
                        out.append((ref, optional))
                    } else {
                        if !units.contains(word) { bad("\(column): unknown unit \"\(word)\" (not in units.csv)") }
                        if optional { bad("\(column): \(word)? — only placeholders can be optional") }
                        out.append((.unit(word), false))
                    }
                }
                return out
            }
            let lead = refs("lead"), support = refs("support")
            if lead.isEmpty || lead.allSatisfy(\.optional) { bad("lead: a rule needs at least one lead unit that always resolves") }
            if lead.count > 8 || support.count > 8 { bad("a rule names at most 8 lead and 8 support units") }
            guard ok else { continue }
            rules.append(Rule(id: row["id"], line: row.line, categories: categories, categoryText: row["categories"], place: place,
                              roadClasses: classes, lead: lead, support: support, note: row["note"]))
        }

        // Rules that can never fire: every category they match is taken, at every point they
        // match, by earlier rules.
        for (k, rule) in rules.enumerated() {
            let earlier = rules[..<k].filter { $0.placeCovers(rule) }
            let taken = earlier.reduce(into: Set<String>()) { $0.formUnion($1.categories) }
            if rule.categories.isSubset(of: taken) {
                let by = earlier.filter { !$0.categories.isDisjoint(with: rule.categories) }.map(\.id)
                problems.append("\(table.file): line \(rule.line): rule \"\(rule.id)\" can never fire: earlier rule\(by.count == 1 ? "" : "s") \(by.joined(separator: ", ")) always win\(by.count == 1 ? "s" : "")")
            }
        }
        // Every category needs a rule that applies everywhere (属地兜底).
        let everywhere = rules.filter { $0.place == .community }.reduce(into: Set<String>()) { $0.formUnion($1.categories) }
        let uncovered = catalogue.categories.map(\.code).filter { !everywhere.contains($0) }
        if !uncovered.isEmpty {
            problems.append("\(table.file): categories \(uncovered.joined(separator: ", ")) have no rule with place community, so some points would get no unit: add a last-resort rule (* community {community} cmo)")
        }

        // Placeholders must resolve to known units wherever the layers lead them.
        let used = Set(rules.flatMap { ($0.lead + $0.support).map(\.ref.description) })
        func needUnit(_ id: String, _ what: String) {
            if !units.contains(id) { problems.append("\(what) is \"\(id)\", which is not in units.csv, so a rule's placeholder cannot resolve to it") }
        }
        if used.contains("{community}") { for c in street.communities { needUnit(c.code, "communities.geojson: community \(c.code): its unit") } }
        if used.contains("{party_branch}") { for c in street.communities { needUnit(c.partyBranch, "communities.geojson: community \(c.code): party_branch") } }
        if used.contains("{office_group}") {
            for c in street.compounds { needUnit(c.officeGroup, "compounds.geojson: compound \(c.code): office_group") }
            for r in street.roads { needUnit(r.officeGroup, "roads.geojson: road \(r.code): office_group") }
        }
        if used.contains("{venue_operator}") { for v in street.venues { needUnit(v.operatorUnit, "venues.geojson: venue \(v.code): operator") } }
        return RuleBook(rules: rules)
    }

    public init(rules: [Rule]) { self.rules = rules }
}
