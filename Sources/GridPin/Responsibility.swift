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
    let unitBytes: [[UInt8]]
    let communityUnit: [Int32], branchUnit: [Int32], compoundGroup: [Int32], roadGroup: [Int32], venueOperator: [Int32]
    /// Per rule: its references as unit indices (≥ 0) or placeholders (−1…−4), and whether optional.
    let lead: [[(Int32, Bool)]], support: [[(Int32, Bool)]]
    let roadClasses: [RoadClass]
    let ruleBytes: [[UInt8]]
    let categoryBytes: [[UInt8]]
    let text: Text
    let words = Words()
    let calendar: WorkCalendar
    /// Per category (catalogue order): its time limit.
    let limits: [TimeLimit]
    /// Whether a rule's segment is fixed by what `segmentKey` holds: not when it names a venue's
    /// operator at a place other than the venue.
    let cacheable: [Bool]

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
        unitBytes = unitIds.map { Array($0.utf8) }
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
        ruleBytes = rules.map { var o: [UInt8] = []; CSVFormat.appendField($0.id, to: &o); return o }
        categoryBytes = categories.map { Array($0.code.utf8) }
        text = Text(office)
        calendar = office.calendar
        limits = categories.map(\.limit)
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
    /// `,lead,support,rule,reason` depends only on the category, the rule, the feature its place
    /// names, the community, the office group and the place's distance: it is made once per
    /// thread with a hole where the distance goes, kept in `cache`, and then copied around the
    /// distance.
    public func appendCSV(_ c: Int, _ i: Locator.Indices, reportedAt: Double?, category: Bool = true, to out: ByteBuffer,
                          cache: SegmentCache) {
        if category {
            out.reserve(1 + categoryBytes[c].count)
            out.put(UInt8(ascii: ","))
            categoryBytes[c].withUnsafeBufferPointer { out.put($0.baseAddress!, $0.count) }
        }
        guard let (r, lead, support) = decide(c, i) else {
            out.reserve(5); for _ in 0..<5 { out.put(UInt8(ascii: ",")) }
            return
        }
        let key = text.plain && cacheable[r] ? segmentKey(c, r, i) : nil
        if let key, let segment = cache.index[key] ?? cache.make(key, { appendSegment(c, r, i, lead, support, hole: true, to: &$0) }) {
            cache.copy(segment, distance: Int(placeDistance(r, i).rounded()), to: out)
        } else {
            var bytes: [UInt8] = []
            appendSegment(c, r, i, lead, support, hole: false, to: &bytes)
            out.append(bytes)
        }
        out.reserve(1 + WorkCalendar.isoLength)
        out.put(UInt8(ascii: ","))
        if let t = reportedAt {
            out.advance(calendar.writeISO(calendar.due(from: t, limit: limits[c]), into: out.end))
        }
    }

    /// `,lead,support,rule,reason`; with `hole`, the place's distance is left out of the reason
    /// and where it goes is marked by a zero byte.
    private func appendSegment(_ c: Int, _ r: Int, _ i: Locator.Indices, _ lead: UnitList, _ support: UnitList, hole: Bool,
                               to out: inout [UInt8]) {
        func units(_ list: UnitList) {
            out.append(UInt8(ascii: ","))
            for k in 0..<list.count {
                if k > 0 { out.append(UInt8(ascii: ";")) }
                out.append(contentsOf: unitBytes[Int(list[k])])
            }
        }
        units(lead); units(support)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: ruleBytes[r])
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
        func metres(_ d: Double) { TextFormat.appendInteger(Int(d.rounded()), to: &out); out.append(contentsOf: w.m) }
        func distance(_ d: Double) {
            if hole { out.append(0); out.append(contentsOf: w.m) } else { metres(d) }
        }
        let g: Int32 = i.compound >= 0 ? compoundGroup[Int(i.compound)] : i.road >= 0 ? roadGroup[Int(i.road)] : -1
        // Chinese.
        out.append(contentsOf: t.categoryZh[c])
        switch rules[r].place {
        case .compound: out += w.inCompoundZh; out += t.compounds[Int(i.compound)]; out += w.withinZh
        case .community: out += w.territorialZh; out += t.communities[Int(i.community)]; out += w.defaultZh
        case .market: out += w.atZh; out += t.markets[Int(i.market)]; out += w.withinZh
        case .marketSurroundings:
            out += w.fromZh; out += t.markets[Int(i.market)]; out += w.space; distance(i.marketDistanceM)
            out += w.surroundingsZh; metres(t.marketReach[Int(i.market)]); out += w.closeZh
        case .road:
            out += w.atZh; out += t.roads[Int(i.road)]; out += w.openZh; out += t.roadClassZh[Int(i.road)]; out += w.closeZh
            distance(i.roadDistanceM); out += w.withinZh
            if g >= 0 { out += w.groupZh; out += unitBytes[Int(g)] }
        case .site: out += w.inSiteZh; out += t.sites[Int(i.site)]; out += w.withinZh
        case .schoolZone: out += w.atZh; out += t.schools[Int(i.school)]; out += w.aroundZh; metres(t.schoolReach[Int(i.school)]); out += w.spaceWithinZh
        case .venue:
            out += w.atZh; out += t.venues[Int(i.venue)]; out += w.operatorZh
            if venueOperator[Int(i.venue)] >= 0 { out += unitBytes[Int(venueOperator[Int(i.venue)])] }
        }
        out += w.ruleZh; out += t.ruleIds[r]; out += w.slash
        // English.
        out += t.categoryEn[c]
        switch rules[r].place {
        case .compound: out += w.inCompoundEn; out += t.compounds[Int(i.compound)]
        case .community: out += w.inEn; out += t.communities[Int(i.community)]; out += w.defaultEn
        case .market: out += w.insideEn; out += t.markets[Int(i.market)]
        case .marketSurroundings:
            distance(i.marketDistanceM); out += w.fromEn; out += t.markets[Int(i.market)]
            out += w.surroundingsEn; metres(t.marketReach[Int(i.market)]); out += w.closeEn
        case .road:
            distance(i.roadDistanceM); out += w.fromEn; out += t.roads[Int(i.road)]; out += w.openEn
            out += t.roadClassEn[Int(i.road)]; out += w.roadEn
            if g >= 0 { out += w.groupEn; out += unitBytes[Int(g)] }
        case .site: out += w.inSiteEn; out += t.sites[Int(i.site)]
        case .schoolZone: out += w.withinEn; metres(t.schoolReach[Int(i.school)]); out += w.ofEn; out += t.schools[Int(i.school)]
        case .venue:
            out += w.atEn; out += t.venues[Int(i.venue)]; out += w.runByEn
            if venueOperator[Int(i.venue)] >= 0 { out += unitBytes[Int(venueOperator[Int(i.venue)])] }
        }
        out += w.ruleEn; out += t.ruleIds[r]
    }

    /// The fixed words of reasons, as bytes.
    struct Words: Sendable {
        let m = b(" m"), space = b(" "), slash = b(" / ")
        let inCompoundZh = b("位于小区"), withinZh = b("内"), territorialZh = b("属地"), defaultZh = b("兜底"), atZh = b("位于")
        let fromZh = b("距"), surroundingsZh = b("（周边 "), openZh = b("（"), closeZh = b("）"), groupZh = b("，包抓组办 ")
        let inSiteZh = b("位于工地"), aroundZh = b("周边 "), spaceWithinZh = b(" 内"), operatorZh = b("，运营单位 "), ruleZh = b(" → 规则 ")
        let inCompoundEn = b("inside compound "), inEn = b("in "), defaultEn = b("; territorial default"), insideEn = b("inside ")
        let fromEn = b(" from "), surroundingsEn = b(" (surroundings "), closeEn = b(")"), openEn = b(" ("), roadEn = b(" road)")
        let groupEn = b("; office group "), inSiteEn = b("inside construction site "), withinEn = b("within "), ofEn = b(" of ")
        let atEn = b("at "), runByEn = b("; run by "), ruleEn = b(" → rule ")
        static func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    }

    /// The words reasons are made of, as bytes, made once.
    struct Text: Sendable {
        let categoryZh: [[UInt8]], categoryEn: [[UInt8]], ruleIds: [[UInt8]]
        let compounds: [[UInt8]], communities: [[UInt8]], markets: [[UInt8]], roads: [[UInt8]]
        let roadClassZh: [[UInt8]], roadClassEn: [[UInt8]], sites: [[UInt8]], schools: [[UInt8]], venues: [[UInt8]]
        let marketReach: [Double], schoolReach: [Double]
        /// No name or id holds a comma, quote or line break, so no reason needs CSV quoting (nor a
        /// zero byte, which marks a segment's holes).
        let plain: Bool

        init(_ office: Office) {
            let s = office.street
            func bytes(_ v: [String]) -> [[UInt8]] { v.map { Array($0.utf8) } }
            categoryZh = bytes(office.catalogue.categories.map { $0.name + "：" })
            categoryEn = bytes(office.catalogue.categories.map { $0.nameEn.prefix(1).lowercased() + $0.nameEn.dropFirst() + " " })
            ruleIds = bytes(office.rules.rules.map(\.id))
            compounds = bytes(s.compounds.map(\.name)); communities = bytes(s.communities.map(\.name))
            markets = bytes(s.markets.map(\.name)); roads = bytes(s.roads.map(\.name))
            roadClassZh = bytes(s.roads.map(\.roadClass.chinese)); roadClassEn = bytes(s.roads.map(\.roadClass.rawValue))
            sites = bytes(s.sites.map(\.name)); schools = bytes(s.schools.map(\.name)); venues = bytes(s.venues.map(\.name))
            marketReach = s.markets.map(\.surroundingsM); schoolReach = s.schools.map(\.radiusM)
            let all = [categoryZh, categoryEn, ruleIds, compounds, communities, markets, roads, roadClassZh, roadClassEn, sites,
                       schools, venues, bytes(s.units.map(\.id))].joined().joined()
            plain = !all.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D || $0 == 0 }
        }
    }
}

/// Up to eight unit indices, kept inline (no allocation a row).
public struct UnitList: Sendable {
    private var storage: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
    public private(set) var count = 0

    public subscript(k: Int) -> Int32 {
        withUnsafeBytes(of: storage) { $0.load(fromByteOffset: k * 4, as: Int32.self) }
    }

    /// Adds a unit (rules name at most eight, checked when they load).
    mutating func append(_ u: Int32) {
        guard count < 8 else { return }
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: u, toByteOffset: count * 4, as: Int32.self) }
        count += 1
    }

    func contains(_ u: Int32) -> Bool {
        for k in 0..<count where self[k] == u { return true }
        return false
    }

    public var ids: [Int32] { (0..<count).map { self[$0] } }
}

/// Segments of `appendCSV` already made, for one thread: an arena of bytes and where each lies,
/// with up to two holes where the place's distance goes.
public final class SegmentCache {
    struct Segment { var from: Int32, to: Int32, holes: (Int32, Int32) }
    var index: [UInt64: Segment] = [:]
    let arena = ByteBuffer(capacity: 1 << 16)
    /// Bytes kept at most (then segments are made each time).
    static let limit = 64 << 20

    public init() {}

    /// Makes a segment with `write`, keeps it under `key` and returns it; `nil` when the arena
    /// is full or the segment has more than two holes.
    func make(_ key: UInt64, _ write: (inout [UInt8]) -> Void) -> Segment? {
        guard arena.count < Self.limit else { return nil }
        var bytes: [UInt8] = []
        write(&bytes)
        let from = arena.count
        var holes: [Int32] = []
        for (k, b) in bytes.enumerated() where b == 0 { holes.append(Int32(from + k - holes.count)) }
        guard holes.count <= 2 else { return nil }
        arena.reserve(bytes.count)
        for b in bytes where b != 0 { arena.put(b) }
        let segment = Segment(from: Int32(from), to: Int32(arena.count), holes: (holes.first ?? -1, holes.count == 2 ? holes[1] : -1))
        index[key] = segment
        return segment
    }

    /// Appends a segment with `distance` written into its holes.
    @inline(__always) func copy(_ s: Segment, distance: Int, to out: ByteBuffer) {
        out.reserve(Int(s.to - s.from) + 2 * TextFormat.numberCapacity)
        let base = arena.base
        var at = Int(s.from)
        @inline(__always) func fill(_ hole: Int32) {
            guard hole >= 0 else { return }
            out.put(base + at, Int(hole) - at)
            out.advance(TextFormat.formatInteger(distance, into: out.end))
            at = Int(hole)
        }
        fill(s.holes.0); fill(s.holes.1)
        out.put(base + at, Int(s.to) - at)
    }
}
