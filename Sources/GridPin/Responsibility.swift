import Foundation
import GridGeo

/// The rule book compiled against one street, for answering from layer indices: which rule
/// decides a category at a point, the units it names, its reason and due time — as values for
/// `locate` and the ledger, or appended as CSV bytes for `join`, without building strings a row.
public final class Responsibility: Sendable {
    public let office: Office
    let rules: [Rule]
    /// Per category (catalogue order): the rules that may decide it, in file order.
    let candidates: [[Int]]
    let categoryIndex: [String: Int]
    /// Unit ids, and for placeholders the unit index per layer feature (−1: none).
    let unitIds: [String]
    let unitBytes: ByteTable
    let communityUnit: [Int32], branchUnit: [Int32], compoundGroup: [Int32], roadGroup: [Int32], venueOperator: [Int32]
    /// Per rule: its references as unit indices (≥ 0) or placeholders (−1…−4), and whether optional.
    let lead: [[(Int32, Bool)]], support: [[(Int32, Bool)]]
    let roadClasses: [RoadClass]
    let ruleBytes: ByteTable
    let categoryBytes: [[UInt8]]
    let text: Text
    let words = Words()
    let calendar: WorkCalendar
    /// The calendar's tables, reached through one reference once a row.
    let clock: WorkClock
    /// Per category (catalogue order): its time limit.
    let limits: [TimeLimit]
    /// Whether a rule's segment is fixed by what `segmentKey` holds: not when it names a venue's
    /// operator at a place other than the venue.
    let cacheable: [Bool]
    /// Per rule: its place.
    let places: [Place]

    static let community: Int32 = -1, partyBranch: Int32 = -2, officeGroup: Int32 = -3, venueOperator: Int32 = -4

    public init(office: Office) {
        self.office = office
        let street = office.street
        rules = office.rules.rules
        let categories = office.catalogue.categories
        categoryIndex = Dictionary(categories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        candidates = categories.map { c in office.rules.rules.indices.filter { office.rules.rules[$0].categories.contains(c.code) } }
        unitIds = street.units.map(\.id)
        let unitIndex = Dictionary(street.units.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        unitBytes = ByteTable(unitIds)
        func unit(_ id: String) -> Int32 { unitIndex[id] ?? -1 }
        communityUnit = street.communities.map { unit($0.code) }
        branchUnit = street.communities.map { unit($0.partyBranch) }
        compoundGroup = street.compounds.map { unit($0.officeGroup) }
        roadGroup = street.roads.map { unit($0.officeGroup) }
        venueOperator = street.venues.map { unit($0.operatorUnit) }
        func compile(_ refs: [(ref: UnitRef, optional: Bool)]) -> [(Int32, Bool)] {
            refs.map { r in
                switch r.ref {
                case .unit(let id): (unit(id), r.optional)
                case .community: (Self.community, r.optional)
                case .partyBranch: (Self.partyBranch, r.optional)
                case .officeGroup: (Self.officeGroup, r.optional)
                case .venueOperator: (Self.venueOperator, r.optional)
                }
            }
        }
        lead = rules.map { compile($0.lead) }
        support = rules.map { compile($0.support) }
        roadClasses = street.roads.map(\.roadClass)
        ruleBytes = ByteTable(rules.map { var o: [UInt8] = []; CSVFormat.appendField($0.id, to: &o); return o })
        categoryBytes = categories.map { Array($0.code.utf8) }
        text = Text(office)
        calendar = office.calendar
        clock = office.calendar.clock
        limits = categories.map(\.limit)
        places = rules.map(\.place)
        cacheable = rules.map { rule in rule.place == .venue || !(rule.lead + rule.support).contains { $0.ref == .venueOperator } }
    }

    /// The catalogue index of a category code.
    public func category(_ code: String) -> Int? { categoryIndex[code] }

    /// The rule that decides category `c` at `i`, with its lead and support unit indices.
    public func decide(_ c: Int, _ i: Locator.Indices) -> (rule: Int, lead: UnitList, support: UnitList)? {
        for r in candidates[c] where matches(rules[r], i) {
            guard let lead = resolve(lead[r], i, except: UnitList()), let support = resolve(support[r], i, except: lead) else { continue }
            return (r, lead, support)
        }
        return nil
    }

    @inline(__always) func matches(_ rule: Rule, _ i: Locator.Indices) -> Bool {
        switch rule.place {
        case .compound: i.compound >= 0
        case .community: i.community >= 0
        case .market: i.market >= 0 && i.marketInside
        case .marketSurroundings: i.market >= 0 && !i.marketInside
        case .road: i.road >= 0 && (rule.roadClasses.isEmpty || rule.roadClasses.contains(roadClasses[Int(i.road)]))
        case .site: i.site >= 0
        case .schoolZone: i.school >= 0
        case .venue: i.venue >= 0
        }
    }

    /// Unit indices, without repeats and without those in `except`; `nil` when a required
    /// reference cannot be resolved here.
    @inline(__always) func resolve(_ refs: [(Int32, Bool)], _ i: Locator.Indices, except: UnitList) -> UnitList? {
        var out = UnitList()
        for (ref, optional) in refs {
            let u: Int32
            switch ref {
            case Self.community: u = i.community >= 0 ? communityUnit[Int(i.community)] : -1
            case Self.partyBranch: u = i.community >= 0 ? branchUnit[Int(i.community)] : -1
            case Self.officeGroup: u = i.compound >= 0 ? compoundGroup[Int(i.compound)] : i.road >= 0 ? roadGroup[Int(i.road)] : -1
            case Self.venueOperator: u = i.venue >= 0 ? venueOperator[Int(i.venue)] : -1
            default: u = ref
            }
            if u >= 0 { if !out.contains(u) && !except.contains(u) { out.append(u) } } else if !optional { return nil }
        }
        return out
    }

    /// Who must act on category `c` at `i`, and by when; without `reason`, the reason is left
    /// empty (its text is most of the cost, and hot spots and sweeps never show it).
    public func assignment(_ c: Int, _ i: Locator.Indices, reportedAt: Date?, reason withReason: Bool = true) -> Assignment? {
        guard let (r, lead, support) = decide(c, i) else { return nil }
        let category = office.catalogue.categories[c]
        var reason: [UInt8] = []
        if withReason { appendReason(c, r, i, to: &reason) }
        return Assignment(category: category.code, lead: lead.ids.map { unitIds[Int($0)] }, support: support.ids.map { unitIds[Int($0)] },
                          rule: rules[r].id, reason: String(decoding: reason, as: UTF8.self),
                          dueAt: reportedAt.map { office.calendar.due(from: $0, limit: category.limit) })
    }

    /// Appends `,category,lead,support,rule,reason,due_at` (units joined by `;`; due_at empty
    /// without a report time; everything after category empty when no rule decides), or the same
    /// without `,category` when `category` is false.
    ///
    /// `,lead,support,rule,reason` depends only on the category and the layer indices, but for
    /// the place's distance: it is made once per thread with a hole where the distance goes, kept
    /// in `cache` under the category and indices (`placeKey`), and then copied around the
    /// distance. Places whose segments read alike (`segmentKey`) share one.
    public func appendCSV(_ c: Int, _ i: Locator.Indices, reportedAt: Double?, category: Bool = true, to out: ByteBuffer,
                          cache: SegmentCache) {
        if category {
            out.reserve(1 + categoryBytes[c].count)
            out.put(UInt8(ascii: ","))
            categoryBytes[c].withUnsafeBufferPointer { out.put($0.baseAddress!, $0.count) }
        }
        var entry = -1
        if text.plain, let key = placeKey(c, i) {
            entry = cache.places.value(key.0, key.1)
            if entry < 0 { entry = remember(c, i, key, in: cache) }
        }
        if entry >= 0 && entry != SegmentCache.noRule {
            let which = entry & 3
            let d = which == 1 ? i.marketDistanceM : which == 2 ? i.roadDistanceM : 0
            cache.copy(entry >> 2, distance: d.isFinite ? Int(d.rounded()) : 0, to: out)
        } else if entry < 0, let (r, lead, support) = decide(c, i) {
            cache.withScratch { bytes in
                appendSegment(c, r, i, lead, support, hole: false, to: &bytes)
                out.append(bytes)
            }
        } else {
            // No rule decides: empty lead, support, rule and reason.
            out.reserve(5); for _ in 0..<5 { out.put(UInt8(ascii: ",")) }
        }
        out.reserve(1 + WorkCalendar.isoLength)
        out.put(UInt8(ascii: ","))
        if let t = reportedAt {
            out.advance(clock.writeISO(clock.due(from: t, limit: limits[c]), into: out.end))
        }
    }

    /// Decides a place not seen before and keeps its entry in `cache`; −1 when its segment cannot
    /// be kept (the arena is full), so that it is written afresh.
    private func remember(_ c: Int, _ i: Locator.Indices, _ key: (UInt64, UInt64), in cache: SegmentCache) -> Int {
        guard let (r, lead, support) = decide(c, i) else {
            cache.places.set(key.0, key.1, SegmentCache.noRule)
            return SegmentCache.noRule
        }
        let distance = places[r] == .marketSurroundings ? 1 : places[r] == .road ? 2 : 0
        let shared = cacheable[r] ? segmentKey(c, r, i) : nil
        var segment = shared.map { cache.texts.value($0, 0) } ?? -1
        if segment < 0 {
            guard let made = cache.make({ appendSegment(c, r, i, lead, support, hole: true, to: &$0) }) else { return -1 }
            segment = made
            if let shared { cache.texts.set(shared, 0, made) }
        }
        let entry = SegmentCache.entry(segment: segment, distance: distance)
        cache.places.set(key.0, key.1, entry)
        return entry
    }

    /// Everything that decides a segment but the place's distance, in two words: the category
    /// and each layer index; `nil` when a number is too large for its bits.
    @inline(__always) func placeKey(_ c: Int, _ i: Locator.Indices) -> (UInt64, UInt64)? {
        @inline(__always) func fits(_ v: Int32, _ bits: Int32) -> Bool { v >= -1 && v < (1 << bits) - 1 }
        guard c >= 0, c < (1 << 12) - 1, fits(i.community, 12), fits(i.compound, 20), fits(i.market, 19), fits(i.road, 22),
              fits(i.site, 14), fits(i.school, 14), fits(i.venue, 14) else { return nil }
        @inline(__always) func w(_ v: Int32, _ at: UInt64) -> UInt64 { UInt64(v + 1) << at }
        let a = UInt64(c + 1) | w(i.community, 12) | w(i.compound, 24) | w(i.market, 44) | (i.marketInside ? 1 << 63 : 0)
        let b = w(i.road, 0) | w(i.site, 22) | w(i.school, 36) | w(i.venue, 50)
        return (a, b)
    }

    /// `,lead,support,rule,reason`; with `hole`, the place's distance is left out of the reason
    /// and where it goes is marked by a zero byte.
    private func appendSegment(_ c: Int, _ r: Int, _ i: Locator.Indices, _ lead: UnitList, _ support: UnitList, hole: Bool,
                               to out: inout [UInt8]) {
        func units(_ list: UnitList) {
            out.append(UInt8(ascii: ","))
            for k in 0..<list.count {
                if k > 0 { out.append(UInt8(ascii: ";")) }
                unitBytes.append(Int(list[k]), to: &out)
            }
        }
        units(lead); units(support)
        out.append(UInt8(ascii: ","))
        ruleBytes.append(r, to: &out)
        out.append(UInt8(ascii: ","))
        if text.plain {
            appendReason(c, r, i, text, words, hole: hole, to: &out)
        } else {
            var reason: [UInt8] = []
            appendReason(c, r, i, text, words, hole: false, to: &reason)
            CSVFormat.appendField(bytes: reason, to: &out)
        }
    }

    /// The distance in the reason: to the market or the road the rule's place names.
    @inline(__always) func placeDistance(_ r: Int, _ i: Locator.Indices) -> Double {
        switch rules[r].place {
        case .marketSurroundings: i.marketDistanceM.isFinite ? i.marketDistanceM : 0
        case .road: i.roadDistanceM.isFinite ? i.roadDistanceM : 0
        default: 0
        }
    }

    /// What a segment depends on besides the place's distance, in one word; `nil` when a number
    /// is too large for its bits (then nothing is cached).
    @inline(__always) func segmentKey(_ c: Int, _ r: Int, _ i: Locator.Indices) -> UInt64? {
        let feature: Int32
        switch rules[r].place {
        case .compound: feature = i.compound
        case .community: feature = i.community
        case .market, .marketSurroundings: feature = i.market
        case .road: feature = i.road
        case .site: feature = i.site
        case .schoolZone: feature = i.school
        case .venue: feature = i.venue
        }
        let group: Int32 = i.compound >= 0 ? compoundGroup[Int(i.compound)] : i.road >= 0 ? roadGroup[Int(i.road)] : -1
        // The units are fixed by the community, the office group and the place's feature.
        guard c < 1 << 10, r < 1 << 10, feature >= 0, feature < 1 << 20, i.community < 1 << 11, group < 1 << 11 else { return nil }
        return UInt64(c) | UInt64(r) << 10 | UInt64(feature) << 20 | UInt64(i.community + 1) << 40 | UInt64(group + 1) << 51
    }

    /// The one-line reason, Chinese then English, e.g. "摊位外溢：距东关农贸市场 62 m（周边 100 m）→ 规则
    /// market-surroundings / stall spillover 62 m from 东关农贸市场 (surroundings 100 m) → rule
    /// market-surroundings". Place names are written as the layers give them (Chinese).
    func appendReason(_ c: Int, _ r: Int, _ i: Locator.Indices, to out: inout [UInt8]) {
        appendReason(c, r, i, text, words, hole: false, to: &out)
    }

    /// `appendReason`, with the word tables passed by reference; with `hole`, the distance to the
    /// place (`distance`) is left out and a zero byte marks where it goes.
    private func appendReason(_ c: Int, _ r: Int, _ i: Locator.Indices, _ t: borrowing Text, _ w: borrowing Words, hole: Bool,
                              to out: inout [UInt8]) {
        @inline(__always) func put(_ s: StaticString) { out.append(static: s) }
        @inline(__always) func put(_ table: ByteTable, _ k: some BinaryInteger) { table.append(Int(k), to: &out) }
        func metres(_ d: Double) { TextFormat.appendInteger(Int(d.rounded()), to: &out); put(w.m) }
        func distance(_ d: Double) {
            if hole { out.append(0); put(w.m) } else { metres(d) }
        }
        let g: Int32 = i.compound >= 0 ? compoundGroup[Int(i.compound)] : i.road >= 0 ? roadGroup[Int(i.road)] : -1
        // Chinese.
        put(t.categoryZh, c)
        switch rules[r].place {
        case .compound: put(w.inCompoundZh); put(t.compounds, i.compound); put(w.withinZh)
        case .community: put(w.territorialZh); put(t.communities, i.community); put(w.defaultZh)
        case .market: put(w.atZh); put(t.markets, i.market); put(w.withinZh)
        case .marketSurroundings:
            put(w.fromZh); put(t.markets, i.market); put(w.space); distance(i.marketDistanceM)
            put(w.surroundingsZh); metres(t.marketReach[Int(i.market)]); put(w.closeZh)
        case .road:
            put(w.atZh); put(t.roads, i.road); put(w.openZh); put(t.roadClassZh, i.road); put(w.closeZh)
            distance(i.roadDistanceM); put(w.withinZh)
            if g >= 0 { put(w.groupZh); put(unitBytes, g) }
        case .site: put(w.inSiteZh); put(t.sites, i.site); put(w.withinZh)
        case .schoolZone: put(w.atZh); put(t.schools, i.school); put(w.aroundZh); metres(t.schoolReach[Int(i.school)]); put(w.spaceWithinZh)
        case .venue:
            put(w.atZh); put(t.venues, i.venue); put(w.operatorZh)
            if venueOperator[Int(i.venue)] >= 0 { put(unitBytes, venueOperator[Int(i.venue)]) }
        }
        put(w.ruleZh); put(t.ruleIds, r); put(w.slash)
        // English.
        put(t.categoryEn, c)
        switch rules[r].place {
        case .compound: put(w.inCompoundEn); put(t.compounds, i.compound)
        case .community: put(w.inEn); put(t.communities, i.community); put(w.defaultEn)
        case .market: put(w.insideEn); put(t.markets, i.market)
        case .marketSurroundings:
            distance(i.marketDistanceM); put(w.fromEn); put(t.markets, i.market)
            put(w.surroundingsEn); metres(t.marketReach[Int(i.market)]); put(w.closeEn)
        case .road:
            distance(i.roadDistanceM); put(w.fromEn); put(t.roads, i.road); put(w.openEn)
            put(t.roadClassEn, i.road); put(w.roadEn)
            if g >= 0 { put(w.groupEn); put(unitBytes, g) }
        case .site: put(w.inSiteEn); put(t.sites, i.site)
        case .schoolZone: put(w.withinEn); metres(t.schoolReach[Int(i.school)]); put(w.ofEn); put(t.schools, i.school)
        case .venue:
            put(w.atEn); put(t.venues, i.venue); put(w.runByEn)
            if venueOperator[Int(i.venue)] >= 0 { put(unitBytes, venueOperator[Int(i.venue)]) }
        }
        put(w.ruleEn); put(t.ruleIds, r)
    }

    /// The fixed words of reasons, fixed in the program.
    struct Words: Sendable {
        let m: StaticString = " m", space: StaticString = " ", slash: StaticString = " / "
        let inCompoundZh: StaticString = "位于小区", withinZh: StaticString = "内", territorialZh: StaticString = "属地"
        let defaultZh: StaticString = "兜底", atZh: StaticString = "位于", fromZh: StaticString = "距"
        let surroundingsZh: StaticString = "（周边 ", openZh: StaticString = "（", closeZh: StaticString = "）"
        let groupZh: StaticString = "，包抓组办 ", inSiteZh: StaticString = "位于工地", aroundZh: StaticString = "周边 "
        let spaceWithinZh: StaticString = " 内", operatorZh: StaticString = "，运营单位 ", ruleZh: StaticString = " → 规则 "
        let inCompoundEn: StaticString = "inside compound ", inEn: StaticString = "in ", defaultEn: StaticString = "; territorial default"
        let insideEn: StaticString = "inside ", fromEn: StaticString = " from ", surroundingsEn: StaticString = " (surroundings "
        let closeEn: StaticString = ")", openEn: StaticString = " (", roadEn: StaticString = " road)"
        let groupEn: StaticString = "; office group ", inSiteEn: StaticString = "inside construction site "
        let withinEn: StaticString = "within ", ofEn: StaticString = " of ", atEn: StaticString = "at "
        let runByEn: StaticString = "; run by ", ruleEn: StaticString = " → rule "
    }

    /// The words reasons are made of, as bytes, made once.
    struct Text: Sendable {
        let categoryZh: ByteTable, categoryEn: ByteTable, ruleIds: ByteTable
        let compounds: ByteTable, communities: ByteTable, markets: ByteTable, roads: ByteTable
        let roadClassZh: ByteTable, roadClassEn: ByteTable, sites: ByteTable, schools: ByteTable, venues: ByteTable
        let marketReach: [Double], schoolReach: [Double]
        /// No name or id holds a comma, quote or line break, so no reason needs CSV quoting (nor a
        /// zero byte, which marks a segment's holes).
        let plain: Bool

        init(_ office: Office) {
            let s = office.street
            let texts: [[String]] = [
                office.catalogue.categories.map { $0.name + "：" },
                office.catalogue.categories.map { $0.nameEn.prefix(1).lowercased() + $0.nameEn.dropFirst() + " " },
                office.rules.rules.map(\.id), s.compounds.map(\.name), s.communities.map(\.name), s.markets.map(\.name),
                s.roads.map(\.name), s.roads.map(\.roadClass.chinese), s.roads.map(\.roadClass.rawValue), s.sites.map(\.name),
                s.schools.map(\.name), s.venues.map(\.name),
            ]
            categoryZh = ByteTable(texts[0]); categoryEn = ByteTable(texts[1]); ruleIds = ByteTable(texts[2])
            compounds = ByteTable(texts[3]); communities = ByteTable(texts[4]); markets = ByteTable(texts[5]); roads = ByteTable(texts[6])
            roadClassZh = ByteTable(texts[7]); roadClassEn = ByteTable(texts[8])
            sites = ByteTable(texts[9]); schools = ByteTable(texts[10]); venues = ByteTable(texts[11])
            marketReach = s.markets.map(\.surroundingsM); schoolReach = s.schools.map(\.radiusM)
            let all = (texts + [s.units.map(\.id)]).joined().flatMap(\.utf8)
            plain = !all.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D || $0 == 0 }
        }
    }
}

/// Up to eight unit indices, kept inline (no allocation a row).
public struct UnitList: Sendable {
    private var storage: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
    public private(set) var count = 0

    @inline(__always) public subscript(k: Int) -> Int32 {
        withUnsafeBytes(of: storage) { $0.load(fromByteOffset: k * 4, as: Int32.self) }
    }

    /// Adds a unit (rules name at most eight, checked when they load).
    @inline(__always) mutating func append(_ u: Int32) {
        guard count < 8 else { return }
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: u, toByteOffset: count * 4, as: Int32.self) }
        count += 1
    }

    @inline(__always) func contains(_ u: Int32) -> Bool {
        for k in 0..<count where self[k] == u { return true }
        return false
    }

    public var ids: [Int32] { (0..<count).map { self[$0] } }
}
