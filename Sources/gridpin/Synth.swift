import ArgumentParser
import Foundation
import GridLedger
import GridPin

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate data deterministically. 生成样例数据。",
        subcommands: [SynthStreet.self, SynthCity.self, SynthPoints.self, SynthIntake.self, SynthHistory.self]
    )
}

struct SynthStreet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "street",
        abstract: "Write the sample street (the bundled geodata/). 生成样例街道。",
        discussion: "Example: gridpin synth street -o geodata --seed 2022"
    )
    @Option(name: .shortAndLong, help: "The folder to write.") var output: String
    @Option(help: "The random seed.") var seed: UInt64 = 2022

    func run() throws {
        var generator = try SampleStreet(seed: seed)
        let street = try generator.generate()
        try StreetWriter.write(street, to: URL(fileURLWithPath: output))
        print("wrote \(output): \(street.communities.count) communities, \(street.grids.count) grids, \(street.roads.count) road sections, \(street.markets.count) markets, \(street.sites.count) sites, \(street.schools.count) schools, \(street.venues.count) venues, \(street.compounds.count) compounds")
    }
}

struct SynthPoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "Write random points over a street's bounding box as CSV (id,lon,lat[,category,reported_at]). 生成随机点。",
        discussion: "Example: gridpin synth points -n 1000000 -o points.csv"
    )
    @OptionGroup var street: StreetOptions
    @Option(name: [.customShort("n"), .long], help: "How many points.") var count: Int = 1_000_000
    @Option(name: .shortAndLong, help: "The CSV to write.") var output: String
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Flag(help: "Add category and reported_at columns (catalogue codes, times in July–September 2022).") var categories = false

    func run() throws {
        let s = try street.loadStreet()
        let codes = categories ? try street.loadOffice(s).catalogue.categories.map(\.code) : nil
        try RandomPoints.write(count: count, over: s, seed: seed, categories: codes, to: output)
    }
}

struct SynthIntake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Write a realistic July–September 2022 intake for a street: grid-reports.csv and a GB18030 12345-export.csv (GCJ-02). 生成样例问题受理数据。",
        discussion: "Example: gridpin synth intake -o out/intake && gridpin import out/intake/grid-reports.csv --source grid_manager"
    )
    @OptionGroup var street: StreetOptions
    @Option(name: .shortAndLong, help: "The folder to write.") var output: String
    @Option(name: [.customShort("n"), .long], help: "About how many problems.") var count: Int = 3000
    @Option(help: "The random seed.") var seed: UInt64 = 2022

    func run() throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        var intake = try SampleIntake(street: street, catalogue: office.catalogue, calendar: office.calendar, seed: seed)
        let rows = try intake.generate(count: count)
        try intake.write(rows, to: URL(fileURLWithPath: output))
        let hotline = rows.filter(\.hotline).count
        print("wrote \(output)/grid-reports.csv (\(rows.count - hotline) rows) and \(output)/12345-export.csv (\(hotline) rows, GB18030, GCJ-02)")
    }
}

struct SynthHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Play a realistic workflow history (dispatch, handling, rework, sign-off, overdue) over the reported cases of a ledger. 生成办理流转记录。",
        discussion: "Example: gridpin synth history --db out/demo.sqlite --until 2022-09-30T18:00"
    )
    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Steps after this time are left undone (default now).") var until: String?
    @Option(help: "The random seed.") var seed: UInt64 = 2022

    func run() throws {
        let office = try street.loadOffice(try street.loadStreet())
        let end = try parseTime(until, office, option: "--until")
        let n = try SampleHistory.play(on: try ledger.open(), until: end, seed: seed)
        print("played \(n) workflow steps 已生成 \(n) 条流转记录")
    }
}
