import ArgumentParser
import Foundation
import GridGeo
import GridPin

struct SynthCity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city",
        abstract: "Write a synthetic city (streets, communities, grids, roads, places, units) and a year of issues. 生成虚构城市及问题数据。",
        discussion: """
        The folder is a street folder of several streets (streets.geojson beside the usual layers) that join, locate and check read;
        DIR/issues.csv holds id,lon,lat,category,reported_at, clustered at markets, schools, sites, compounds, venues and along roads.
        Example: gridpin synth city --grids 20000 --issues 5000000 --seed 1 -o city && gridpin join city/issues.csv --geodata city -o located.csv
        """
    )
    @Option(help: "At least this many grids (the city is a rectangle of them).") var grids: Int = 20_000
    @Option(help: "How many issues to write to DIR/issues.csv (0: none).") var issues: Int = 1_000_000
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Option(help: "The first day of the issues (YYYY-MM-DD, Beijing time).") var start: String = "2022-01-01"
    @Option(help: "How many days the issues span.") var days: Int = 365
    @Option(name: .long, help: "The folder of catalogue.csv (default: $GRIDPIN_RESOURCES, else the bundled Resources/).") var resources: String?
    @Option(name: .shortAndLong, help: "The folder to write.") var output: String

    func validate() throws {
        if grids < 1 { throw ValidationError("--grids must be at least 1") }
        if issues < 0 { throw ValidationError("--issues must not be negative") }
        if days < 1 { throw ValidationError("--days must be at least 1") }
        if CivilDay(start) == nil { throw ValidationError("--start \(start): not a date YYYY-MM-DD") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: output)
        let city = try SyntheticCity(options: .init(grids: grids), seed: seed)
        try StreetWriter.write(city.street, to: folder)
        let s = city.street
        var line = ""
        if issues > 0 {
            var problems: [String] = []
            let resources = StreetOptions.locate(self.resources, environment: "GRIDPIN_RESOURCES", bundled: "Resources", marker: "rules.csv")
            let catalogue = try Catalogue.load(path: resources.appendingPathComponent(Catalogue.file).path, problems: &problems)
            guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "\n")) }
            let writer = try CityIssues(city: city, catalogue: catalogue, start: CivilDay(start)!, days: days, seed: seed)
            let path = folder.appendingPathComponent("issues.csv").path
            let progress = Progress(label: "issues 问题")
            try writer.write(count: issues, to: path, progress: progress.update)
            progress.done()
            line = "; \(issues) issues → \(path)"
        }
        print("wrote \(output): \(s.streets.count) streets, \(s.communities.count) communities, \(s.grids.count) grids, \(s.roads.count) road sections, \(s.markets.count) markets, \(s.sites.count) sites, \(s.schools.count) schools, \(s.venues.count) venues, \(s.compounds.count) compounds, \(s.units.count) units\(line)")
    }
}
