import Foundation
import GridPin

/// The map page's template: `template.html` (the page and its style) and `map.js` (the drawing),
/// data files people can edit in `Resources/map/`. Rendering puts the script, the title and the
/// map data into the page, so the result is one file that needs nothing from the network.
///
/// `template.html` holds three markers: `@@TITLE@@` (in `<title>`, HTML-escaped),
/// `@@SCRIPT@@` (inside a `<script>`) and `@@DATA@@` (inside `<script type="application/json">`).
public struct MapTemplate: Sendable {
    public static let files = ["template.html", "map.js"]
    public static let markers = (title: "@@TITLE@@", script: "@@SCRIPT@@", data: "@@DATA@@")

    public let html: String
    public let script: String

    public init(html: String, script: String) throws {
        for marker in [Self.markers.title, Self.markers.script, Self.markers.data] {
            let count = html.components(separatedBy: marker).count - 1
            guard count == 1 else { throw InputError(source: "template.html", message: "the marker \(marker) must appear once, not \(count) times") }
        }
        // The script goes inside <script>…</script>: it must not end that element early.
        if script.range(of: "</script", options: .caseInsensitive) != nil {
            throw InputError(source: "map.js", message: "contains \"</script\", which would end the page's script early; write \"<\\/script\" instead")
        }
        self.html = html; self.script = script
    }

    /// Reads `template.html` and `map.js` from a folder.
    public static func load(from folder: URL) throws -> MapTemplate {
        var texts: [String] = []
        for name in files {
            let url = folder.appendingPathComponent(name)
            do { texts.append(try String(contentsOf: url, encoding: .utf8)) } catch {
                throw InputError(source: url.path, message: "cannot read the map template (\(error.localizedDescription))")
            }
        }
        return try MapTemplate(html: texts[0], script: texts[1])
    }

    /// The page with the title, the script and `data` (JSON) put in. Every `<` of the data (it
    /// can only be inside a string) is written `\u003c`, so no text can close the data's element.
    public func render(title: String, data: [UInt8]) -> [UInt8] {
        var safe: [UInt8] = []
        safe.reserveCapacity(data.count + 64)
        for b in data {
            if b == UInt8(ascii: "<") { safe += Array("\\u003c".utf8) } else { safe.append(b) }
        }
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        let fills: [(String, [UInt8])] = [(Self.markers.title, Array(escapedTitle.utf8)), (Self.markers.script, Array(script.utf8)),
                                          (Self.markers.data, safe)]
        // Each marker of the template is replaced once; what is put in is never searched again.
        var out: [UInt8] = []
        var rest = html[...]
        while let (range, fill) = fills.compactMap({ m, f in rest.range(of: m).map { ($0, f) } }).min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            out += Array(rest[..<range.lowerBound].utf8) + fill
            rest = rest[range.upperBound...]
        }
        return out + Array(rest.utf8)
    }
}
