import ArgumentParser
import Foundation
import GridPin

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a street folder and the office data: tiling, codes, units, geometry, rules, calendar. 校验街道数据与规则。",
        discussion: "Prints one line per problem and exits 1 when there is any. Example: gridpin check geodata"
    )

    @Argument(help: "The street folder (default: $GRIDPIN_GEODATA, else the bundled sample street).")
    var folder: String?
    @Option(help: "The folder of catalogue.csv, rules.csv, units.csv, calendar.json (default: $GRIDPIN_RESOURCES, else the bundled Resources/); the street folder's own files win.")
    var resources: String?

    func run() throws {
        let arguments = (folder.map { ["--geodata", $0] } ?? []) + (resources.map { ["--resources", $0] } ?? [])
        let options = try StreetOptions.parse(arguments)
        let url = options.folder
        let (loaded, problems) = StreetCheck.check(url, resources: options.resourcesFolder)
        if problems.isEmpty, let street = loaded {
            print("OK \(url.path): \(street.area.name) \(street.area.nameEn), \(street.communities.count) communities 社区, \(street.grids.count) grids 网格, \(street.roads.count) road sections 路段, \(street.units.count) units 单位. 校验通过。")
            return
        }
        for p in problems { print(p) }
        printError("\(problems.count) problem(s) in \(url.path). 发现 \(problems.count) 个问题。")
        throw ExitCode(1)
    }
}
