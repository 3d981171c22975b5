import Foundation
import GridGeo
import GridPin

/// Plays a realistic, deterministic workflow history over the reported cases of a ledger:
/// registration and dispatch within hours, handling mostly within the time limit and sometimes
/// late (more often for one lagging unit), rework now and then, a few void reports and parked
/// cases, and every step after `until` left undone, so that cases are open and some overdue.
public enum SampleHistory {
    public static func play(on ledger: Ledger, until: Double, seed: UInt64, laggingUnit: String = "ecs") throws -> Int {
        var random = SeededRandom(seed: seed)
        let cases = try ledger.allCases().filter { $0.status == .reported }
        var steps: [Ledger.Step] = []
        let h = 3600.0
        for c in cases {
            var t = c.reportedAt
            func add(_ step: WorkflowStep, after hours: Double, by: String, note: String? = nil) -> Bool {
                t += hours * h
                guard t <= until else { return false }
                steps.append(Ledger.Step(number: c.number, step: step, by: by, at: t, note: note))
                return true
            }
            if random.unit() < 0.03 {
                _ = add(.void, after: random.uniform(0.2, 2), by: "受理员", note: "重复或不实反映")
                continue
            }
            guard add(.register, after: random.uniform(0.1, 3), by: "受理员"),
                  add(.dispatch, after: random.uniform(0.1, 1.5), by: "指挥中心") else { continue }
            if random.unit() < 0.01 {
                _ = add(.park, after: random.uniform(1, 24), by: "指挥中心", note: "需区级部门协调")
                continue
            }
            let limitHours = (c.dueAt - c.reportedAt) / h
            let lateShare = c.leadUnits.contains(laggingUnit) ? 0.45 : 0.15
            let spent = t - c.reportedAt
            let late = random.unit() < lateShare
            let handleAt = late ? limitHours * random.uniform(1.05, 2.5) : limitHours * random.uniform(0.25, 0.85)
            guard add(.handle, after: max(0.2, handleAt - spent / h), by: c.leadUnits.first ?? "unit", note: "已处置，附前后对比照片") else { continue }
            if random.unit() < 0.08 {
                guard add(.rework, after: random.uniform(0.5, 4), by: "核查员", note: "复查未整改到位"),
                      add(.handle, after: max(0.2, limitHours * random.uniform(0.1, 0.4)), by: c.leadUnits.first ?? "unit") else { continue }
            }
            _ = add(.close, after: random.uniform(0.5, 8), by: "核查员", note: "复查合格，销号")
        }
        _ = try ledger.apply(steps)
        return steps.count
    }
}
