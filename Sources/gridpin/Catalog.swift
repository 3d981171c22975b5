import ArgumentParser
import Foundation
import GridGeo
import GridPin

struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the problem catalogue: codes, names, special action, severity, time limit. 问题类型目录。",
        discussion: "Example: gridpin catalog --action 2    gridpin catalog --format json"
    )

    @OptionGroup var street: StreetOptions
    @Option(help: "table or json.")
    var format: TableFormat = .table
    @Option(help: "Only the categories of this special action (1–8).")
    var action: Int?

    enum TableFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if let action, !(1...8).contains(action) { throw ValidationError("--action \(action): the special actions are 1–8") }
    }

    func run() throws {
        let office = try street.loadOffice(try street.loadStreet())
        let categories = office.catalogue.categories.filter { action == nil || $0.action == action }
        switch format {
        case .json:
            var out: [UInt8] = Array("[\n".utf8)
            for (i, c) in categories.enumerated() {
                out += Array("  ".utf8)
                JSONText.object([("code", .string(c.code)), ("name", .string(c.name)), ("name_en", .string(c.nameEn)),
                                 ("action", .integer(c.action)), ("severity", .integer(c.severity)),
                                 ("limit_kind", .string(c.limit.kind.rawValue)), ("limit_amount", .integer(c.limit.amount)),
                                 ("source", .string(c.source))], multiline: false, to: &out)
                out += Array((i + 1 < categories.count ? ",\n" : "\n").utf8)
            }
            out += Array("]".utf8)
            print(String(decoding: out, as: UTF8.self))
        case .table:
            var rows = [["代码 code", "类型", "category", "专项 action", "等级 severity", "时限", "time limit"]]
            for c in categories {
                rows.append([c.code, c.name, c.nameEn, "\(c.action) \(SpecialAction.names[c.action]?.0 ?? "")",
                             String(c.severity), c.limit.chinese, c.limit.description])
            }
            print(TextTable.render(rows))
            print("\(categories.count) categories 类. Severity 等级 1 low 低 … 3 high 高; working time follows calendar.json 工作时间按日历。")
        }
    }
}
