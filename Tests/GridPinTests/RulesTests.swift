import Foundation
import GridGeo
import XCTest
@testable import GridPin

/// Who must act, on the sample street. Each point's context (community, compound and its office
/// group, nearest road and its office group, market, site, school, venue and its operator) was
/// read off the layer files with Shapely, with distances kept well clear of every threshold; the
/// expected units come from the seed plan's text (quoted per case), not from rules.csv.
final class RulesTests: XCTestCase {
    static let resources = Bundled.resources
    var street: Street!

    override func setUpWithError() throws {
        street = try Bundled.street()
    }

    struct Scenario {
        let what: String
        let lon: Double, lat: Double
        let category: String
        let lead: [String], support: [String]
        let rule: String
    }

    // Communities of the sample street: 001 东关, 002 西街, 003 南苑, 004 北街, 005 槐里, 006 金城.
    static let c1 = "619901001001", c2 = "619901001002", c3 = "619901001003", c4 = "619901001004", c6 = "619901001006"

    static let scenarios: [Scenario] = [
        // 108.496209, 34.298367: community 004, compound XQ04 (og-4), no road within 70 m.
        // (五)2 居民小区乱停乱放 — 责任单位：各社区.
        Scenario(what: "non-motor parking in a compound", lon: 108.496209, lat: 34.298367, category: "0506",
                 lead: [c4], support: [], rule: "compound-parking"),
        // (二)1 小区内乱拉电瓶车充电线 — 牵头：城市管理办公室、应急管理站；配合：各社区.
        Scenario(what: "flying-line charging in a compound", lon: 108.496209, lat: 34.298367, category: "9201",
                 lead: ["cmo", "ems"], support: [c4], rule: "compound-environment"),
        // (一) 新时代文明实践 — 各党(总)支部、各社区、各组办: the branch leads; the compound's office group supports.
        Scenario(what: "practice station closed (party branch placeholder)", lon: 108.496209, lat: 34.298367, category: "9101",
                 lead: ["pb-" + c4], support: [c4, "og-4"], rule: "practice-station"),
        // 108.500063, 34.30192: community 002, compound XQ12 (og-2), road R05-1 (og-4) 30 m away.
        // Inside a compound the compound rule wins over the road: 各社区.
        Scenario(what: "motor parking in a compound beside a road", lon: 108.500063, lat: 34.30192, category: "0505",
                 lead: [c2], support: [], rule: "compound-parking"),
        // 108.50122, 34.294608: community 006, alley R12-1 (og-4) 9 m away, nothing else.
        // (五)1 公共区域 — 生态环境和市容卫生管理站、城市管理办公室; the road's office group supports (组办包抓路段).
        Scenario(what: "non-motor parking on a public road (office group placeholder)", lon: 108.50122, lat: 34.294608, category: "0506",
                 lead: ["ecs", "cmo"], support: ["og-4"], rule: "road-parking"),
        // (四)1 路面破损 — 牵头：城市管理办公室、生态环境和市容卫生管理站、应急管理站；配合：各社区、各组办.
        Scenario(what: "broken pavement on a road", lon: 108.50122, lat: 34.294608, category: "0110",
                 lead: ["cmo", "ecs", "ems"], support: [c6, "og-4"], rule: "city-appearance-road"),
        // (四)2 缘石坡破损 — 区住建局牵头，办事处和各社区配合.
        Scenario(what: "damaged curb ramp", lon: 108.50122, lat: 34.294608, category: "9403",
                 lead: ["hcb"], support: ["jdb", c6], rule: "accessibility"),
        // 108.50111, 34.302159: community 003, 78 m from market M01 (surroundings 100 m), road R05-1 (og-4) 15 m.
        // (三)4 农贸市场周边摊位外溢 — 牵头：城市管理办公室；配合：各社区、各组办、茂陵派出所.
        Scenario(what: "stall spillover around a market", lon: 108.50111, lat: 34.302159, category: "9301",
                 lead: ["cmo"], support: [c3, "og-4", "mlps"], rule: "market-surroundings"),
        // 108.501535, 34.301249: community 002, 28 m from M01, no road within 70 m: no office group to add.
        Scenario(what: "disorderly parking around a market, no office group", lon: 108.501535, lat: 34.301249, category: "0506",
                 lead: ["cmo"], support: [c2, "mlps"], rule: "market-surroundings"),
        // 108.502963, 34.302466: inside market M03, community 003, alley R47-1 (og-3) 36 m.
        // (三)2 商户出店占道经营 — 牵头：市场监督管理所、城市管理办公室、生态环境和市容卫生管理站；配合：各社区、各组办.
        Scenario(what: "trading outside the shop inside a market", lon: 108.502963, lat: 34.302466, category: "0504",
                 lead: ["mso", "cmo", "ecs"], support: [c3, "og-3"], rule: "market-inside"),
        // (三)3 市场内外乱搭乱拉 — 牵头：市场监督管理所；配合：各社区、各组办.
        Scenario(what: "tangled cables inside a market", lon: 108.502963, lat: 34.302466, category: "9302",
                 lead: ["mso"], support: [c3, "og-3"], rule: "market-cables-ads"),
        // 108.497086, 34.297039: inside construction site W02, community 004.
        // (四)3 建筑工地黄土裸露 — 牵头：城市管理办公室、应急管理站；配合：各社区.
        Scenario(what: "exposed soil at a site", lon: 108.497086, lat: 34.297039, category: "0302",
                 lead: ["cmo", "ems"], support: [c4], rule: "site"),
        // 108.50303, 34.305164: 70 m from school S01 (zone 100 m), community 003.
        // (七) 校园周边违规售卖烟酒 — 马泉教育组、市场监督管理所.
        Scenario(what: "tobacco near a school", lon: 108.50303, lat: 34.305164, category: "9701",
                 lead: ["mqeg", "mso"], support: [], rule: "school-tobacco"),
        // 108.500163, 34.300633: inside venue V05 金城公园, run by the Ecology Station, community 002.
        // (六) 公共场所禁烟 — the unit that runs the place.
        Scenario(what: "smoking in a park (venue operator placeholder)", lon: 108.500163, lat: 34.300633, category: "9601",
                 lead: ["ecs"], support: [c2], rule: "service-window"),
        // 108.496259, 34.302663: inside venue V02 槐荫文化广场, run by community 001 itself.
        Scenario(what: "lying on benches in a square run by its community", lon: 108.496259, lat: 34.302663, category: "9602",
                 lead: [c1], support: [], rule: "service-window"),
        // 108.503412, 34.295044: community 006, nothing else within reach.
        // 属地兜底: the community, with the City Management Office.
        Scenario(what: "smoking outside any venue: territorial default", lon: 108.503412, lat: 34.295044, category: "9601",
                 lead: [c6], support: ["cmo"], rule: "territorial-default"),
        // (五)1 公共区域乱停乱放 — 生态环境和市容卫生管理站、城市管理办公室.
        Scenario(what: "non-motor parking in a public area off the roads", lon: 108.503412, lat: 34.295044, category: "0506",
                 lead: ["ecs", "cmo"], support: [c6], rule: "public-parking"),
        // (八) 知晓率满意度 — 党建办; 各党(总)支部、各社区 (no office group here).
        Scenario(what: "awareness survey", lon: 108.503412, lat: 34.295044, category: "9801",
                 lead: ["pbo"], support: ["pb-" + c6, c6], rule: "awareness"),
    ]

    func testScenariosOnTheSampleStreet() throws {
        let office = try Office.load(street: street, resources: Self.resources)
        let responsibility = Responsibility(office: office)
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        for s in Self.scenarios {
            let m = try projection.transform(Position(s.lon, s.lat))
            let i = try XCTUnwrap(locator.locateIndices(lon: s.lon, lat: s.lat, x: m.x, y: m.y), s.what)
            let c = try XCTUnwrap(responsibility.category(s.category), s.what)
            let a = try XCTUnwrap(responsibility.assignment(c, i, reportedAt: nil), s.what)
            XCTAssertEqual(a.lead, s.lead, s.what)
            XCTAssertEqual(a.support, s.support, s.what)
            XCTAssertEqual(a.rule, s.rule, s.what)
            XCTAssertTrue(a.reason.contains("→ rule \(s.rule)") && a.reason.contains("→ 规则 \(s.rule)"), a.reason)
        }
    }

    /// The CSV bytes `join` writes say what the values say, for every category at random points,
    /// made afresh and read back from the segment cache.
    func testCSVColumnsAgreeWithTheValues() throws {
        let office = try Office.load(street: street, resources: Self.resources)
        let responsibility = Responsibility(office: office)
        let locator = try Locator(street: street)
        let projection = try locator.makeProjection()
        var random = SeededRandom(seed: 9)
        let env = try XCTUnwrap(street.area.geometry.envelope)
        let reported = try XCTUnwrap(office.calendar.parse("2022-09-30T16:00"))
        var checked = 0
        let cache = SegmentCache()
        while checked < 600 {
            let lon = random.uniform(env.minX, env.maxX), lat = random.uniform(env.minY, env.maxY)
            let m = try projection.transform(Position(lon, lat))
            guard let i = locator.locateIndices(lon: lon, lat: lat, x: m.x, y: m.y) else { continue }
            let c = Int(random.unit() * Double(office.catalogue.categories.count))
            let out = ByteBuffer()
            // Half the points again, to read the segments back from the cache.
            if checked == 300 { random = SeededRandom(seed: 9) }
            responsibility.appendCSV(c, i, reportedAt: reported.timeIntervalSince1970, to: out, cache: cache)
            let fields = CSVFormat.fields(Array(UnsafeBufferPointer(start: out.base, count: out.count)).dropFirst())
            let a = try XCTUnwrap(responsibility.assignment(c, i, reportedAt: reported))
            XCTAssertEqual(fields, [a.category, a.lead.joined(separator: ";"), a.support.joined(separator: ";"), a.rule, a.reason,
                                    office.calendar.format(try XCTUnwrap(a.dueAt))])
            checked += 1
        }
    }

    func testUnknownCategoryNamesTheNearest() throws {
        let office = try Office.load(street: street, resources: Self.resources)
        XCTAssertThrowsError(try office.category("0516")) { error in
            let e = error as? UnknownCategory
            XCTAssertEqual(e?.code, "0516")
            XCTAssertEqual(e?.nearest.first?.hasPrefix("0506"), true, "\(error)")
        }
    }

    /// A category is named by its code, its Chinese name or its English name in any case, with
    /// spaces around it (catalogue.csv: 9201 飞线充电 Flying-line e-bike charging); `locate`,
    /// `report` and the filters took codes alone.
    func testACategoryIsNamedByCodeOrName() throws {
        let office = try Office.load(street: street, resources: Self.resources)
        for text in ["9201", " 9201 ", "飞线充电", "\t飞线充电 ", "Flying-line e-bike charging", "FLYING-LINE E-BIKE CHARGING"] {
            XCTAssertEqual(try office.category(text).code, "9201", text)
        }
        XCTAssertNil(office.catalogue.named("飛線充電"))   // traditional characters are another name
        XCTAssertEqual(office.catalogue.index(named: "0506"), office.catalogue.categories.firstIndex { $0.code == "0506" })
    }

    // MARK: - Broken files

    /// A copy of the bundled resources with one file changed, loaded against the sample street.
    func problems(_ file: String, _ edit: (String) -> String) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["catalogue.csv", "rules.csv", "units.csv", "calendar.json"] {
            var text = try String(contentsOf: Self.resources.appendingPathComponent(name), encoding: .utf8)
            if name == file { text = edit(text) }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        do {
            _ = try Office.load(street: street, resources: folder)
            return []
        } catch let error as RulesError {
            return error.lines
        }
    }

    func testUnknownUnit() throws {
        let lines = try problems("rules.csv") { $0.replacingOccurrences(of: "school-tobacco,9701,school_zone,,mqeg mso", with: "school-tobacco,9701,school_zone,,mqeg msx") }
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.hasPrefix("rules.csv: line 13: rule \"school-tobacco\": lead: unknown unit \"msx\"") == true, "\(lines)")
    }

    func testUnreachableRule() throws {
        // A catch-all for action 5 in front of the compound and road parking rules shadows both.
        let lines = try problems("rules.csv") {
            $0.replacingOccurrences(of: "compound-parking,", with: "everywhere-parking,action:5,community,,cmo,,\ncompound-parking,")
        }
        XCTAssertEqual(lines, [
            "rules.csv: line 21: rule \"compound-parking\" can never fire: earlier rule everywhere-parking always wins",
            "rules.csv: line 23: rule \"road-parking\" can never fire: earlier rule everywhere-parking always wins",
            "rules.csv: line 27: rule \"public-parking\" can never fire: earlier rule everywhere-parking always wins",
        ])
    }

    func testBadTimeLimit() throws {
        let lines = try problems("catalogue.csv") { $0.replacingOccurrences(of: "9204,遛狗不牵绳,Unleashed dogs,2,1,working_hours,8,local", with: "9204,遛狗不牵绳,Unleashed dogs,2,1,working_weeks,8,local") }
        XCTAssertEqual(lines, ["catalogue.csv: line 13: 9204: limit_kind \"working_weeks\" must be one of urgent_hours, working_hours, working_days, natural_days"])
    }

    func testPlaceholderTheLayersCannotResolve() throws {
        let lines = try problems("rules.csv") { $0.replacingOccurrences(of: "site,0302 9405 9406 0101 0507 0102 9401 0201,site,,cmo ems,{community}", with: "site,0302 9405 9406 0101 0507 0102 9401 0201,site,,cmo ems,{office_group}") }
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.hasPrefix("rules.csv: line 16: rule \"site\": support: {office_group} cannot be resolved at every site point") == true, "\(lines)")
    }

    func testMissingLastResortRule() throws {
        let lines = try problems("rules.csv") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("territorial-default") }.joined(separator: "\n")
        }
        XCTAssertEqual(lines, ["rules.csv: categories 9601, 9602, 9603 have no rule with place community, so some points would get no unit: add a last-resort rule (* community {community} cmo)"])
    }
}
