import ArgumentParser
import Foundation
import GridPin

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate data deterministically. 生成样例数据。",
        subcommands: [SynthStreet.self, SynthPoints.self]
    )
}

struct SynthStreet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "street",
        abstract: "Write the sample street (the bundled geodata/). Example: gridpin synth street -o geodata"
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
        abstract: "Write random points over a street's bounding box as CSV (id,lon,lat). Example: gridpin synth points -n 1000000 -o points.csv"
    )
    @OptionGroup var street: StreetOptions
    @Option(name: [.customShort("n"), .long], help: "How many points.") var count: Int = 1_000_000
    @Option(name: .shortAndLong, help: "The CSV to write.") var output: String
    @Option(help: "The random seed.") var seed: UInt64 = 1

    func run() throws {
        let s = try street.loadStreet()
        try RandomPoints.write(count: count, over: s, seed: seed, to: output)
    }
}
