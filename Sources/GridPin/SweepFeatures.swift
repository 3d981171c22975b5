import Foundation
import GridGeo

/// A sweep plan as GeoJSON features (DOMAIN.md §8): each day's route as a LineString and each
/// stop as a numbered Point, with simplestyle styling, one colour a day.
extension SweepPlan {
    /// Every feature's properties, in order: routes leave the stop columns null and stops the
    /// route columns, so each property has one type across the file.
    public static let columns: [PropertyColumn] = [
        PropertyColumn("kind", .string), PropertyColumn("day", .integer), PropertyColumn("stop", .integer),
        PropertyColumn("cluster", .integer), PropertyColumn("count", .integer), PropertyColumn("open", .integer),
        PropertyColumn("units", .string), PropertyColumn("lead", .string), PropertyColumn("priority", .number(decimals: 2)),
        PropertyColumn("problems", .string), PropertyColumn("place", .string), PropertyColumn("leg_m", .number(decimals: 1)),
        PropertyColumn("length_m", .number(decimals: 1)), PropertyColumn("stops", .integer),
        PropertyColumn("marker-symbol", .string), PropertyColumn("marker-color", .string), PropertyColumn("marker-size", .string),
        PropertyColumn("stroke", .string), PropertyColumn("stroke-width", .number(decimals: 1)),
        PropertyColumn("title", .string), PropertyColumn("description", .string),
    ]

    /// One colour a day (ColorBrewer Set1), in turn.
    public static func colour(day: Int) -> String {
        let set1 = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999"]
        return set1[(day - 1) % set1.count]
    }

    /// The problems of a stop as "9301 摊位外溢 ×5; 0504 出店经营 ×2".
    public static func problemsText(_ stop: SweepStop, catalogue: Catalogue) -> String {
        stop.problems.map { "\($0.key) \(catalogue[$0.key]?.name ?? "") ×\($0.count)" }.joined(separator: "; ")
    }

    /// The features: for each day its route (when it has two stops or more), then its stops in order.
    public func features(catalogue: Catalogue) -> [HotspotFeature] {
        var features: [HotspotFeature] = []
        for d in days {
            let colour = Self.colour(day: d.day)
            let length = (d.lengthM * 10).rounded() / 10
            if d.stops.count > 1 {
                let order = d.stops.enumerated().map { "\($0.offset + 1) \($0.element.place.text)" }.joined(separator: " → ")
                features.append(HotspotFeature(id: .string("day-\(d.day)"), geometry: .lineString(d.stops.map { Position($0.lon, $0.lat) }), values: [
                    .string("route"), .integer(d.day), .null, .null, .null, .null,
                    .string(Set(d.stops.flatMap(\.units)).sorted().joined(separator: ";")), .null, .null, .null, .null, .null,
                    .number(length), .integer(d.stops.count), .null, .null, .null, .string(colour), .number(3),
                    .string("第\(d.day)天 Day \(d.day): \(d.stops.count) 站 stops, \(Int(length.rounded())) m"), .string(order),
                ]))
            }
            for (k, s) in d.stops.enumerated() {
                let problems = Self.problemsText(s, catalogue: catalogue)
                features.append(HotspotFeature(id: .string("day-\(d.day)-stop-\(k + 1)"), geometry: .point(Position(s.lon, s.lat)), values: [
                    .string("stop"), .integer(d.day), .integer(k + 1), .integer(s.cluster), .integer(s.count), .integer(s.open),
                    .string(s.units.joined(separator: ";")), .string(s.lead), .number(s.priority), .string(problems), .string(s.place.text),
                    .number(d.legs[k]), .null, .null, .string(String(k + 1)), .string(colour), .string("medium"), .null, .null,
                    .string("第\(d.day)天第\(k + 1)站 Day \(d.day) stop \(k + 1): \(s.place.text)"),
                    .string("未结 open \(s.open)/\(s.count): \(problems); 牵头 lead \(s.lead); 召集 units \(s.units.joined(separator: ", "))"),
                ]))
            }
        }
        return features
    }
}
