import ArgumentParser

@main
struct Gridpin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridpin",
        abstract: "Pin urban-management problems to grids, communities, roads and places. 网格化管理问题定位。",
        subcommands: [Locate.self, JoinCommand.self, Catalog.self, Report.self, Register.self, Dispatch.self, Handle.self, Close.self,
                      Rework.self, VoidCase.self, Park.self, Resume.self, ImportCommand.self, Cases.self, Stats.self, HotspotsCommand.self, SweepsCommand.self, MapCommand.self, Convert.self, Check.self, Synth.self]
    )
}
