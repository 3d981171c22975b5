import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

extension Hotspots.Step: ExpressibleByArgument {}
extension BinShape: ExpressibleByArgument {}

struct HotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Where problems cluster: DBSCAN clusters or Getis-Ord Gi* bins, as GeoJSON for map viewers. 热点分析。",
        discussion: """
        From the ledger (with the filters of `cases`), or from a plain file with --input (CSV or GeoJSON points with id, lon, lat,
        category, reported_at). DBSCAN: a point is core when at least --min-points points (itself included) lie within --eps metres;
        each cluster is outlined by a concave hull buffered by 5 m. Gi*: square bins of --cell metres aligned in the street's metric
        system over every bin that meets the street; neighbours within --band metres (default 1.5 × cell), the bin included.
        Emerging: Gi* on the same bins for each --step (week or month), then each bin's category as ArcGIS's Emerging Hot Spot
        Analysis names them (new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical; hot or cold)
        with a Mann-Kendall trend on its z-scores.
        Examples: gridpin hotspots --method dbscan --eps 50 --min-points 5 -o clusters.geojson --labels labels.csv
                  gridpin hotspots --method gistar --cell 100 --fdr -o gistar.geojson
                  gridpin hotspots --method emerging --cell 100 --step week -o emerging.geojson
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case dbscan, gistar, emerging }

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var filters: CaseFilterOptions
    @Option(help: "dbscan, gistar or emerging.") var method: Method
    @Option(help: "DBSCAN: the neighbourhood radius in metres.") var eps: Double = 50
    @Option(help: "DBSCAN: points within eps (itself included) that make a core point.") var minPoints: Int = 5
    @Option(help: "DBSCAN: write id,cluster for every point (−1 for noise) to this CSV.") var labels: String?
    @Option(help: "Gi* and emerging: the bin size in metres (a square's side; the distance between hexagons' centres).") var cell: Double = 100
    @Option(help: "Gi* and emerging: square or hex bins.") var shape: BinShape = .square
    @Option(help: "Gi*: neighbours are bins whose centres lie within this many metres (default 1.5 × cell).") var band: Double?
    @Flag(help: "Gi*: decide significance with the Benjamini–Hochberg false-discovery rate (5%).") var fdr = false
    @Flag(help: "Gi* and emerging: write every bin, not only the significant ones (or those with a pattern).") var all = false
    @Option(help: "Emerging: the time step, week or month.") var step: Hotspots.Step = .week
    @Option(help: "A CSV or GeoJSON of points instead of the ledger.") var input: String?
    @Option(help: "The coordinate system of --input.") var crs: CoordinateSystem = .wgs84
    @Option(name: .shortAndLong, help: "The GeoJSON to write (.geojson, or .geojsonl for one feature per line); DBSCAN with --labels may omit it.")
    var output: String?

    func validate() throws {
        guard eps > 0, minPoints >= 1, cell > 0 else { throw ValidationError("--eps, --min-points and --cell must be positive") }
        if let band, band < 0 { throw ValidationError("--band cannot be negative") }
        if output == nil && !(method == .dbscan && labels != nil) {
            throw ValidationError("give -o FILE (DBSCAN may give --labels FILE alone) 请用 -o 指定输出文件")
        }
    }

    func run() throws {
        let street = try self.street.loadStreet()
        let office = try self.street.loadOffice(street)
        let locator = try Locator(street: street)
        let (filter, now) = try filters.filter(office)
        var points: [HotspotPoint] = []
        // From a plain file, unfiltered, when the answer needs only where points are (DBSCAN's
        // labels alone, Gi*'s counts): each point is only placed in the street and projected, not
        // located in every layer nor assigned.
        if let input, filter.passesEveryPlainProblem, (method == .dbscan && output == nil) || method == .gistar {
            let placed = try PlacedPoints.read(path: input, crs: crs, locator: locator)
            if placed.rejected > 0 { printError("\(placed.rejected) rows of \(input) are not points in the street and were left out") }
            // Kept apart from `points`: a million of them cost ~100 MB more than these arrays.
            if method == .dbscan { return try writeLabelsAlone(placed.ids, xs: placed.xs, ys: placed.ys) }
            points = placed.ids.indices.map { i in
                HotspotPoint(id: placed.ids[i], lon: .nan, lat: .nan, x: placed.xs[i], y: placed.ys[i], category: "", reportedAt: nil,
                             open: true, lead: [], support: [], grid: nil, community: nil)
            }
        } else if let input {
            let file = try IntakeFile(path: input, crs: crs, source: .inspection, office: office)
            var rejected = 0
            let catalogue = office.catalogue
            /// What a row of the file comes to; made and filtered on the worker threads.
            enum Read: Sendable { case point(HotspotPoint), filteredOut, rejected }
            var intake = IntakeTriage(office: office, locator: locator)
            intake.reasons = false
            try intake.forEach(file, transform: { row, triaged -> Read in
                guard let p = row.problem, case .success(let t)? = triaged else { return .rejected }
                let point = HotspotPoint(id: p.sourceRef ?? row.label, lon: t.lon, lat: t.lat, x: t.xM, y: t.yM, category: t.category.code,
                                         reportedAt: p.reportedAt, open: true, lead: t.assignment.lead, support: t.assignment.support,
                                         grid: t.location.grid, community: t.location.community)
                return filter.matches(point, catalogue: catalogue) ? .point(point) : .filteredOut
            }) { read in
                switch read {
                case .point(let point): points.append(point)
                case .rejected: rejected += 1
                case .filteredOut: break
                }
            }
            if rejected > 0 { printError("\(rejected) rows of \(input) could not be located or assigned and were left out (gridpin import --skip-bad lists why)") }
        } else {
            points = try ledger.open().cases(filter, now: now, catalogue: office.catalogue).map(HotspotPoint.init)
        }
        let hotspots = try Hotspots(office: office, metricEPSG: locator.metricEPSG)
        switch method {
        case .dbscan:
            guard let output else { return try writeLabelsAlone(points.map(\.id), xs: points.map(\.x), ys: points.map(\.y)) }
            let (features, assigned) = try hotspots.clusters(points, eps: eps, minPoints: minPoints)
            try write(features, Hotspots.clusterColumns, to: TextOutput(path: output))
            if labels != nil { try writeLabels(points.map(\.id), assigned, groups: features.count) }
            printError("\(points.count) problems: \(features.count) clusters, \(assigned.filter { $0 < 0 }.count) noise → \(output)。\(features.count) 个热点聚类。")
        case .gistar:
            guard let output else { return }
            let features = try hotspots.gistar(points, cell: cell, shape: shape, band: band ?? 1.5 * cell, fdr: fdr, all: all)
            try write(features, Hotspots.binColumns, to: TextOutput(path: output))
            printError("\(points.count) problems in \(cell) m \(shape.rawValue) bins: \(features.count) bins written → \(output)")
        case .emerging:
            guard let output else { return }
            let features = try hotspots.emerging(points, cell: cell, shape: shape, band: band ?? 1.5 * cell, step: step, all: all)
            try write(features, Hotspots.emergingColumns, to: TextOutput(path: output))
            printError("\(points.count) problems in \(cell) m \(shape.rawValue) bins by \(step.rawValue): \(features.count) bins written → \(output)")
        }
    }

    /// DBSCAN's labels alone, without outlining the clusters, written to `--labels`.
    func writeLabelsAlone(_ ids: [String], xs: [Double], ys: [Double]) throws {
        let (assigned, groups) = Hotspots.clusterLabels(xs: xs, ys: ys, eps: eps, minPoints: minPoints)
        try writeLabels(ids, assigned, groups: groups.count)
    }

    /// Writes `id,cluster` for every point (−1 for noise) to `--labels`.
    func writeLabels(_ ids: [String], _ assigned: [Int], groups: Int) throws {
        guard let labels else { return }
        let file = try TextOutput(path: labels)
        file.write("id,cluster\n")
        var line: [UInt8] = []
        for (id, l) in zip(ids, assigned) {
            line.removeAll(keepingCapacity: true)
            CSVFormat.appendField(id, to: &line)
            line.append(UInt8(ascii: ","))
            line.append(contentsOf: String(l).utf8)
            line.append(0x0A)
            file.write(bytes: line)
        }
        try file.close()
        if output == nil {
            printError("\(ids.count) problems: \(groups) clusters, \(assigned.filter { $0 < 0 }.count) noise → \(labels)。\(groups) 个热点聚类。")
        }
    }

    func write(_ features: [HotspotFeature], _ columns: [PropertyColumn], to out: TextOutput) throws {
        let writer = GeoJSONWriter(output: out, columns: columns, layout: GeoJSONWriter.layout(forPath: output ?? ""))
        for f in features { try writer.write(id: f.id, geometry: f.geometry, values: f.values) }
        try writer.finish()
        try out.close()
    }
}
