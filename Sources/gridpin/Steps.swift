import ArgumentParser
import Foundation
import GridLedger
import GridPin

/// The options every workflow step takes.
struct StepOptions: ParsableArguments {
    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The case number, e.g. 619901001-20220715-0001.")
    var number: String
    @Option(help: "Who takes the step.")
    var by: String
    @Option(help: "A note for the history.")
    var note: String?
    @Option(help: "Evidence: before/after photo references and the like, separated by ;.")
    var evidence: String?
    @Option(help: "When (default now).")
    var at: String?

    func run(_ step: WorkflowStep) throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        let time = try parseTime(at, office, option: "--at")
        let record = try ledger.open().apply(step, to: number, by: by, at: time, note: note, evidence: evidence)
        print("case \(number): \(step.rawValue) \(step.chinese) → \(record.status.rawValue) \(record.status.chinese)"
              + (record.status.isOpen ? ", due \(office.calendar.format(Date(timeIntervalSince1970: record.dueAt)))" : ""))
    }
}

/// One workflow step as a subcommand.
protocol StepCommand: ParsableCommand {
    static var step: WorkflowStep { get }
    var options: StepOptions { get }
}

extension StepCommand {
    static func describe(_ abstract: String) -> CommandConfiguration {
        CommandConfiguration(commandName: step.rawValue, abstract: abstract,
                             discussion: "Allowed from: \(step.from.map(\.rawValue).sorted().joined(separator: ", ")). Example: gridpin \(step.rawValue) 619901001-20220715-0001 --by 张三 --note …")
    }
    func run() throws { try options.run(Self.step) }
}

struct Register: StepCommand {
    static let step = WorkflowStep.register
    static let configuration = describe("Register a reported case. 立案。")
    @OptionGroup var options: StepOptions
}

struct Dispatch: StepCommand {
    static let step = WorkflowStep.dispatch
    static let configuration = describe("Dispatch a registered case to its units. 派遣。")
    @OptionGroup var options: StepOptions
}

struct Handle: StepCommand {
    static let step = WorkflowStep.handle
    static let configuration = describe("Report a dispatched case handled. 处置反馈。")
    @OptionGroup var options: StepOptions
}

struct Close: StepCommand {
    static let step = WorkflowStep.close
    static let configuration = describe("Check a handled case and close it: sign-off. 核查结案（销号）。")
    @OptionGroup var options: StepOptions
}

struct Rework: StepCommand {
    static let step = WorkflowStep.rework
    static let configuration = describe("Send a handled case back for rework. 返工。")
    @OptionGroup var options: StepOptions
}

struct VoidCase: StepCommand {
    static let step = WorkflowStep.void
    static let configuration = describe("Void a report that is not a real problem. 作废。")
    @OptionGroup var options: StepOptions
}

struct Park: StepCommand {
    static let step = WorkflowStep.park
    static let configuration = describe("Park a case that cannot be solved now; its clock stops. 挂账，期限暂停。")
    @OptionGroup var options: StepOptions
}

struct Resume: StepCommand {
    static let step = WorkflowStep.resume
    static let configuration = describe("Resume a parked case where it was; the due time moves by the time parked. 恢复挂账案卷，期限顺延。")
    @OptionGroup var options: StepOptions
}
