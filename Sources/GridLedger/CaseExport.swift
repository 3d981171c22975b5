import Foundation
import GridGeo
import GridPin

/// The columns a case is written with (CSV, JSON, GeoJSON properties): stable keys, in order.
public enum CaseColumns {
    public static let columns: [PropertyColumn] = [
        PropertyColumn("number", .string), PropertyColumn("category", .string), PropertyColumn("category_name", .string),
        PropertyColumn("category_name_en", .string), PropertyColumn("action", .integer), PropertyColumn("status", .string),
        PropertyColumn("lead", .string), PropertyColumn("support", .string), PropertyColumn("rule", .string),
        PropertyColumn("grid", .string), PropertyColumn("community", .string), PropertyColumn("compound", .string),
        PropertyColumn("road", .string), PropertyColumn("market", .string), PropertyColumn("site", .string),
        PropertyColumn("school", .string), PropertyColumn("venue", .string), PropertyColumn("office_group", .string),
        PropertyColumn("source", .string), PropertyColumn("source_ref", .string), PropertyColumn("reports", .integer),
        PropertyColumn("reported_at", .string), PropertyColumn("due_at", .string), PropertyColumn("closed_at", .string),
        PropertyColumn("overdue", .bool), PropertyColumn("reworks", .integer), PropertyColumn("lon", .number(decimals: 7)),
        PropertyColumn("lat", .number(decimals: 7)), PropertyColumn("reason", .string),
    ]

    /// simplestyle-spec properties that map viewers (geojson.io, Mapbox, GitHub) draw points with.
    public static let style: [PropertyColumn] = [
        PropertyColumn("marker-color", .string), PropertyColumn("marker-size", .string), PropertyColumn("title", .string),
        PropertyColumn("description", .string),
    ]

    /// The values of a case in `columns` order; lists of units are joined by `;`.
    public static func values(_ c: CaseRecord, office: Office, now: Double) -> [JSONValue] {
        let category = office.catalogue[c.category]
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        /// Rounded to the 7 decimals of the `lon` and `lat` columns (about 1 cm), so that CSV and
        /// JSON write what GeoJSON writes.
        func degrees(_ v: Double) -> JSONValue { .number((v * 1e7).rounded() / 1e7) }
        func time(_ t: Double?) -> JSONValue { t.map { .string(office.calendar.format(Date(timeIntervalSince1970: $0))) } ?? .null }
        return [s(c.number), s(c.category), s(category?.name), s(category?.nameEn), category.map { .integer($0.action) } ?? .null,
                s(c.status.rawValue), s(c.lead), s(c.support), s(c.rule), s(c.grid), s(c.community), s(c.compound), s(c.road),
                s(c.market), s(c.site), s(c.school), s(c.venue), s(c.officeGroup), s(c.source.rawValue), s(c.sourceRef),
                .integer(c.reports), time(c.reportedAt), time(c.dueAt), time(c.closedAt), .bool(c.isOverdue(at: now)),
                .integer(c.reworks), degrees(c.lon), degrees(c.lat), s(c.reason)]
    }

    /// Marker colour per category (a fixed palette, in catalogue order), larger when overdue.
    public static func styleValues(_ c: CaseRecord, office: Office, now: Double) -> [JSONValue] {
        let index = office.catalogue.categories.firstIndex { $0.code == c.category } ?? 0
        let category = office.catalogue[c.category]
        let title = "\(c.number) \(category?.name ?? c.category) \(category?.nameEn ?? "")"
        let description = "\(c.status.chinese) \(c.status.rawValue) · 牵头 lead \(c.lead) · 期限 due \(office.calendar.format(Date(timeIntervalSince1970: c.dueAt)))"
        return [.string(palette[index % palette.count]), .string(c.isOverdue(at: now) ? "large" : "medium"), .string(title), .string(description)]
    }

    /// Distinct colours, readable on light and dark base maps.
    public static let palette = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
                                 "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3",
                                 "#808000", "#ffd8b1", "#000075", "#808080"]
}
