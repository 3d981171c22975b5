import Foundation
import GridGeo

/// Uniform random points over a street's bounding box, for benchmarks and tests.
public enum RandomPoints {
    /// Writes `id,lon,lat`; with `categories`, also `category,reported_at`: a category drawn from
    /// the list and a time in July–September 2022 (Beijing), from a second generator, so that the
    /// points are the same as without.
    public static func write(count: Int, over street: Street, seed: UInt64, categories: [String]? = nil, to path: String) throws {
        guard let env = street.area.geometry.envelope else { return }
        var random = SeededRandom(seed: seed), other = SeededRandom(seed: seed &+ 1)
        let out = try TextOutput(path: path)
        out.write(categories == nil ? "id,lon,lat\n" : "id,lon,lat,category,reported_at\n")
        let codes = categories?.map { Array($0.utf8) } ?? []
        let start = 1_656_604_800.0   // 2022-07-01T00:00+08:00
        let calendar = WorkCalendar(timeZoneName: "Asia/Shanghai", utcOffset: 8 * 3600, officeHours: [(0, 86_400)], weekend: [],
                                    holidays: [], years: 2022...2022)
        var line: [UInt8] = []
        for i in 0..<count {
            line.removeAll(keepingCapacity: true)
            TextFormat.appendInteger(i + 1, to: &line)
            line.append(UInt8(ascii: ","))
            TextFormat.appendNumber(random.uniform(env.minX, env.maxX), decimals: 7, to: &line)
            line.append(UInt8(ascii: ","))
            TextFormat.appendNumber(random.uniform(env.minY, env.maxY), decimals: 7, to: &line)
            if !codes.isEmpty {
                line.append(UInt8(ascii: ","))
                line.append(contentsOf: codes[Int(other.unit() * Double(codes.count))])
                line.append(UInt8(ascii: ","))
                calendar.appendISO(Date(timeIntervalSince1970: (start + other.unit() * 92 * 86_400).rounded()), to: &line)
            }
            line.append(0x0A)
            out.write(bytes: line)
        }
        try out.close()
    }
}
