/// Where a case is in the workflow (DOMAIN.md §5): reported → registered → dispatched → handled →
/// closed (销号); handled → dispatched again (返工 rework); reported → void; parked (挂账) and resumed.
public enum CaseStatus: String, Sendable, CaseIterable, Codable {
    case reported, registered, dispatched, handled, closed, void, parked

    public var chinese: String {
        switch self {
        case .reported: "已上报"
        case .registered: "已立案"
        case .dispatched: "已派遣"
        case .handled: "已处置"
        case .closed: "已结案销号"
        case .void: "已作废"
        case .parked: "挂账"
        }
    }

    /// Still needs work: not closed, not void.
    public var isOpen: Bool { self != .closed && self != .void }
}

/// A step of the workflow, as the CLI names it.
public enum WorkflowStep: String, Sendable, CaseIterable {
    case register, dispatch, handle, close, rework, void, park, resume

    public var chinese: String {
        switch self {
        case .register: "立案"
        case .dispatch: "派遣"
        case .handle: "处置反馈"
        case .close: "核查结案(销号)"
        case .rework: "返工"
        case .void: "作废"
        case .park: "挂账"
        case .resume: "恢复"
        }
    }

    /// The statuses this step may start from.
    public var from: Set<CaseStatus> {
        switch self {
        case .register: [.reported]
        case .dispatch: [.registered]
        case .handle: [.dispatched]
        case .close: [.handled]
        case .rework: [.handled]
        case .void: [.reported]
        case .park: [.registered, .dispatched, .handled]
        case .resume: [.parked]
        }
    }

    /// The status after the step; `resume` returns to the status the case was parked from.
    public func target(parkedFrom: CaseStatus?) -> CaseStatus? {
        switch self {
        case .register: .registered
        case .dispatch, .rework: .dispatched
        case .handle: .handled
        case .close: .closed
        case .void: .void
        case .park: .parked
        case .resume: parkedFrom
        }
    }
}

/// A step the workflow does not allow from the case's status.
public struct IllegalStep: Error, CustomStringConvertible, Sendable {
    public let caseNumber: String
    public let step: WorkflowStep
    public let status: CaseStatus

    public var description: String {
        let allowed = step.from.map { "\($0.rawValue) \($0.chinese)" }.sorted().joined(separator: ", ")
        return "case \(caseNumber) is \(status.rawValue) (\(status.chinese)): \(step.rawValue) (\(step.chinese)) is only allowed from \(allowed); nothing was changed. 操作不允许，未作修改。"
    }
}

/// The state machine: the status after `step`, or the reason it is refused.
public func advance(_ status: CaseStatus, by step: WorkflowStep, parkedFrom: CaseStatus?, caseNumber: String) throws -> CaseStatus {
    guard step.from.contains(status), let next = step.target(parkedFrom: parkedFrom) else {
        throw IllegalStep(caseNumber: caseNumber, step: step, status: status)
    }
    return next
}
