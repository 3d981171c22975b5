import Foundation

/// Assignments already made on one thread, without their due time: who must act and why depend
/// only on the category, the rule, the feature its place names, the community, the office group
/// (what `Responsibility.segmentKey` packs into one word) and the place's distance in whole
/// metres — the same facts `join`'s segment cache rests on. A bulk import meets the same few
/// thousand of them again and again; building each reason's text anew was most of its triage.
final class AssignmentCache {
    struct Key: Hashable { let segment: UInt64, metres: Int }
    private var made: [Key: Assignment] = [:]
    /// Assignments kept at most (then they are made each time).
    static let limit = 1 << 16

    /// Who must act on category `c` at `i` and by when: `responsibility.assignment`, with its
    /// reason, made once per key.
    func assignment(_ r: Responsibility, _ c: Int, _ i: Locator.Indices, reportedAt: Double) -> Assignment? {
        guard let (rule, _, _) = r.decide(c, i) else { return nil }
        let reported = Date(timeIntervalSince1970: reportedAt)
        guard r.cacheable[rule], let segment = r.segmentKey(c, rule, i) else {
            return r.assignment(c, i, reportedAt: reported)
        }
        let key = Key(segment: segment, metres: Int(r.placeDistance(rule, i).rounded()))
        let a: Assignment
        if let known = made[key] { a = known } else {
            guard let new = r.assignment(c, i, reportedAt: nil) else { return nil }
            if made.count < Self.limit { made[key] = new }
            a = new
        }
        return Assignment(category: a.category, lead: a.lead, support: a.support, rule: a.rule, reason: a.reason,
                          dueAt: r.calendar.due(from: reported, limit: r.limits[c]))
    }
}
