import ArgumentParser
import Foundation
import GridGeo
import GridLedger
import GridPin

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw the street, its cases, hot spots and sweep routes on one self-contained HTML page. 案件地图。",
        discussion: """
        One HTML file with everything inside (no network needed): the street's layers in their true shapes (grids shaded by open
        cases, community edges, roads by class, markets, sites, schools with their zones, venues, compounds), the cases that pass
        the filters of `cases` as dots coloured by category, with --hotspots the DBSCAN clusters (as `hotspots --method dbscan`),
        with --sweeps a sweep plan (GeoJSON: LineString routes and Point stops with `day` and `stop`). Hover or tap for details;
        a legend, layer toggles, pan and zoom. --png renders the page to an image through headless Chromium.
        The page is Resources/map/template.html and map.js (from --resources when it has a map/ folder).
        Examples: gridpin map -o map.html --hotspots
                  gridpin map --status dispatched,handled --sweeps plan.geojson -o sweeps.html --png sweeps.png
        """
    )

    @OptionGroup var street: StreetOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var filters: CaseFilterOptions
    @Flag(help: "Outline the DBSCAN clusters of the cases.") var hotspots = false
    @Option(help: "Hot spots: the DBSCAN radius in metres.") var eps: Double = 25
    @Option(help: "Hot spots: points within eps (itself included) that make a core point.") var minPoints: Int = 10
    @Option(help: "A sweep plan to draw: GeoJSON with LineString routes and Point stops, each with `day`; stops with `stop`.")
    var sweeps: String?
    @Option(help: "The page's title (default: the street's name).") var title: String?
    @Option(name: .shortAndLong, help: "The HTML page to write.") var output: String?
    @Option(help: "Also render the page to this PNG with headless Chromium.") var png: String?
    @Option(help: "The PNG's width in pixels.") var width: Int = 1600
    @Option(help: "The PNG's height in pixels.") var height: Int = 1000

    func validate() throws {
        guard output != nil || png != nil else { throw ValidationError("give -o PAGE.html, --png IMAGE.png, or both") }
        guard eps > 0, minPoints >= 1 else { throw ValidationError("--eps and --min-points must be positive") }
        guard (200...8000).contains(width), (200...8000).contains(height) else { throw ValidationError("--width and --height: 200 to 8000 pixels") }
    }

    func run() throws {
        let (office, _, cases, now) = try filters.cases(street, ledger)
        let locator = try Locator(street: office.street)
        var map = try MapData(office: office, metricEPSG: locator.metricEPSG, cases: cases, now: now)
        if let title { map.title = title }
        if hotspots { try map.addHotspots(eps: eps, minPoints: minPoints) }
        if let sweeps {
            map.sweeps = try MapSweeps.load(path: sweeps)
            if let ignored = map.sweeps?.ignored, ignored > 0 {
                printError("\(sweeps): \(ignored) features that are neither lines nor points were not drawn 未绘制 \(ignored) 个非线非点要素")
            }
        }
        let template = try MapTemplate.load(from: templateFolder)
        let page = template.render(title: map.title, data: try map.json())

        let chromium = png == nil ? nil : HeadlessChromium.find()
        if png != nil && chromium == nil && output == nil { throw ChromiumNotFound() }
        let pagePath = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-map-\(UUID().uuidString).html").path
        let out = try TextOutput(path: pagePath)
        out.write(bytes: page)
        try out.close()
        defer { if output == nil { try? FileManager.default.removeItem(atPath: pagePath) } }
        var line = "\(cases.count) cases 件"
        if hotspots { line += ", \(map.hotspots.count) hot spots 热点" }
        if let s = map.sweeps { line += ", \(s.routes.count) routes and \(s.stops.count) stops 路线与站点" }
        if let output { printError("\(line) → \(output) (\(page.count / 1024) KiB)") }

        if let png {
            guard let chromium else { throw ChromiumNotFound() }
            let run = try chromium.screenshot(URL(fileURLWithPath: pagePath), to: URL(fileURLWithPath: png), width: width, height: height)
            for e in run.consoleMessages { printError("page console 页面控制台: \(e)") }
            printError("\(line) → \(png) (\(width)×\(height), \(String(format: "%.1f", run.seconds)) s)")
        }
    }

    /// The folder of template.html and map.js: the resources folder's `map/`, else the bundled one.
    var templateFolder: URL {
        let own = street.resourcesFolder.appendingPathComponent("map")
        if FileManager.default.fileExists(atPath: own.appendingPathComponent(MapTemplate.files[0]).path) { return own }
        // (no environment variable of its own: GRIDPIN_RESOURCES was the resources folder above)
        return StreetOptions.locate(nil, environment: "", bundled: "Resources", marker: "map/template.html").appendingPathComponent("map")
    }
}
