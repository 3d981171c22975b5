import Foundation
import GridGeo

/// Writes a street as a folder of layer files in the format `Street.load` reads
/// (`streets.geojson` only when the folder covers several streets).
public enum StreetWriter {
    public static func write(_ street: Street, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func layer<T: LayerFeature>(_ file: Street.File, _ items: [T], _ columns: [PropertyColumn], _ values: (T) -> [JSONValue]) throws {
            let out = try TextOutput(path: folder.appendingPathComponent(file.rawValue).path)
            let writer = GeoJSONWriter(output: out, columns: [PropertyColumn("code", .string), PropertyColumn("name", .string),
                                                              PropertyColumn("name_en", .string)] + columns, layout: .collection)
            for item in items {
                try writer.write(id: .string(item.code), geometry: item.geometry,
                                 values: [.string(item.code), .string(item.name), .string(item.nameEn)] + values(item))
            }
            try writer.finish()
            try out.close()
        }
        try layer(.boundary, [street.area], []) { _ in [] }
        if !street.streets.isEmpty { try layer(.streets, street.streets, []) { _ in [] } }
        try layer(.communities, street.communities, [PropertyColumn("party_branch", .string)]) { [.string($0.partyBranch)] }
        try layer(.grids, street.grids, [PropertyColumn("community", .string)]) { [.string($0.community)] }
        try layer(.compounds, street.compounds, [PropertyColumn("office_group", .string)]) { [.string($0.officeGroup)] }
        try layer(.roads, street.roads, [PropertyColumn("class", .string), PropertyColumn("width_m", .number(decimals: 1)),
                                         PropertyColumn("office_group", .string)]) {
            [.string($0.roadClass.rawValue), .number($0.widthM), .string($0.officeGroup)]
        }
        try layer(.markets, street.markets, [PropertyColumn("surroundings_m", .number(decimals: 1))]) { [.number($0.surroundingsM)] }
        try layer(.sites, street.sites, []) { _ in [] }
        try layer(.schools, street.schools, [PropertyColumn("radius_m", .number(decimals: 1))]) { [.number($0.radiusM)] }
        try layer(.venues, street.venues, [PropertyColumn("kind", .string), PropertyColumn("operator", .string)]) {
            [.string($0.kind), .string($0.operatorUnit)]
        }
        let units = try TextOutput(path: folder.appendingPathComponent(Street.File.units.rawValue).path)
        units.write(CSVFormat.line(["id", "name", "name_en", "kind"]))
        for u in street.units { units.write(CSVFormat.line([u.id, u.name, u.nameEn, u.kind])) }
        try units.close()
    }
}
