import GridGeo

/// Uniform random points over a street's bounding box, for benchmarks and tests.
public enum RandomPoints {
    public static func write(count: Int, over street: Street, seed: UInt64, to path: String) throws {
        guard let env = street.area.geometry.envelope else { return }
        var random = SeededRandom(seed: seed)
        let out = try TextOutput(path: path)
        out.write("id,lon,lat\n")
        var line: [UInt8] = []
        for i in 0..<count {
            line.removeAll(keepingCapacity: true)
            TextFormat.appendInteger(i + 1, to: &line)
            line.append(UInt8(ascii: ","))
            TextFormat.appendNumber(random.uniform(env.minX, env.maxX), decimals: 7, to: &line)
            line.append(UInt8(ascii: ","))
            TextFormat.appendNumber(random.uniform(env.minY, env.maxY), decimals: 7, to: &line)
            line.append(0x0A)
            out.write(bytes: line)
        }
        try out.close()
    }
}
