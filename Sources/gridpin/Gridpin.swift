import ArgumentParser

@main
struct Gridpin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridpin",
        abstract: "Pin urban-management problems to grids, communities, roads and places. 网格化管理问题定位。",
        subcommands: [Locate.self, JoinCommand.self, Catalog.self, Convert.self, Check.self, Synth.self]
    )
}
