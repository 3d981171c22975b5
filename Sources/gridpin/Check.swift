import ArgumentParser
import Foundation
import GridPin

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a street folder: tiling, codes, units, geometry. 校验街道数据。",
        discussion: "Prints one line per problem and exits 1 when there is any. Example: gridpin check geodata"
    )

    @Argument(help: "The street folder (default: the bundled sample street).")
    var folder: String?

    func run() throws {
        let url = folder.map { URL(fileURLWithPath: $0) } ?? StreetOptions.bundledStreet
        let problems = StreetCheck.problems(in: url)
        if problems.isEmpty {
            let street = try Street.load(from: url)
            print("OK \(url.path): \(street.area.name) \(street.area.nameEn), \(street.communities.count) communities 社区, \(street.grids.count) grids 网格, \(street.roads.count) road sections 路段, \(street.units.count) units 单位. 校验通过。")
            return
        }
        for p in problems { print(p) }
        printError("\(problems.count) problem(s) in \(url.path). 发现 \(problems.count) 个问题。")
        throw ExitCode(1)
    }
}
