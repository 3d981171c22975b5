/// The emerging hot-spot categories of a location's Gi* series over time steps, as ArcGIS's
/// Emerging Hot Spot Analysis defines them (hot; the cold ones mirror them). A step is a
/// significant hot (cold) spot when z > 0 (z < 0) with p ≤ `alpha` (90 % confidence by default);
/// the trend is a Mann-Kendall test on the z-series, significant at `alpha` too.
public enum EmergingCategory: String, Sendable, CaseIterable {
    case noPattern = "no_pattern"
    case newHot = "new_hot", consecutiveHot = "consecutive_hot", intensifyingHot = "intensifying_hot"
    case persistentHot = "persistent_hot", diminishingHot = "diminishing_hot", sporadicHot = "sporadic_hot"
    case oscillatingHot = "oscillating_hot", historicalHot = "historical_hot"
    case newCold = "new_cold", consecutiveCold = "consecutive_cold", intensifyingCold = "intensifying_cold"
    case persistentCold = "persistent_cold", diminishingCold = "diminishing_cold", sporadicCold = "sporadic_cold"
    case oscillatingCold = "oscillating_cold", historicalCold = "historical_cold"

    public var chinese: String {
        let kind = rawValue.hasSuffix("cold") ? "冷点" : "热点"
        switch self {
        case .noPattern: return "无明显模式"
        case .newHot, .newCold: return "新增" + kind
        case .consecutiveHot, .consecutiveCold: return "连续" + kind
        case .intensifyingHot, .intensifyingCold: return "加剧" + kind
        case .persistentHot, .persistentCold: return "持续" + kind
        case .diminishingHot, .diminishingCold: return "减弱" + kind
        case .sporadicHot, .sporadicCold: return "零星" + kind
        case .oscillatingHot, .oscillatingCold: return "振荡" + kind
        case .historicalHot, .historicalCold: return "历史" + kind
        }
    }

    /// The category of a series of z-scores (oldest first) with their p-values.
    ///
    /// For a location significant at the last step (hot, say):
    /// - hot in at least 90 % of the steps: intensifying if the z-series trends up, diminishing
    ///   if down, else persistent;
    /// - hot at the last step only: new;
    /// - hot in one unbroken run of at least two steps that ends at the last, never before: consecutive;
    /// - otherwise, if ever a significant cold spot before: oscillating; else sporadic.
    /// Not significant at the last step but hot in at least 90 % of the steps: historical.
    /// Otherwise no pattern. Cold spots mirror all of it.
    public static func classify(z: [Double], p: [Double], alpha: Double = 0.10) -> EmergingCategory {
        let n = z.count
        guard n > 0 else { return .noPattern }
        let hot = (0..<n).map { z[$0] > 0 && p[$0] <= alpha }
        let cold = (0..<n).map { z[$0] < 0 && p[$0] <= alpha }
        let trend = MannKendall.test(z)
        func kind(_ mine: [Bool], _ other: [Bool], up: Bool) -> EmergingCategory? {
            let count = mine.filter { $0 }.count
            let mostly = Double(count) >= 0.9 * Double(n)
            guard mine[n - 1] else { return mostly ? (up ? .historicalHot : .historicalCold) : nil }
            if mostly {
                let significant = trend.p <= alpha && trend.s != 0
                // Intensifying: hot spots grow hotter (z up), cold spots colder (z down).
                if significant && (trend.s > 0) == up { return up ? .intensifyingHot : .intensifyingCold }
                if significant { return up ? .diminishingHot : .diminishingCold }
                return up ? .persistentHot : .persistentCold
            }
            if count == 1 { return up ? .newHot : .newCold }
            var runStart = n - 1
            while runStart > 0 && mine[runStart - 1] { runStart -= 1 }
            if n - runStart >= 2 && !mine[..<runStart].contains(true) { return up ? .consecutiveHot : .consecutiveCold }
            if other[..<(n - 1)].contains(true) { return up ? .oscillatingHot : .oscillatingCold }
            return up ? .sporadicHot : .sporadicCold
        }
        return kind(hot, cold, up: true) ?? kind(cold, hot, up: false) ?? .noPattern
    }
}
