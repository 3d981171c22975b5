import Foundation

extension String {
    /// The text without the whitespace at either end, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` gives it (tab, the space separators and, on Linux,
    /// U+200B), without going through `NSString`: layer files trim every field of every feature.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        @inline(__always) func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.value < 0x80 ? s == " " || s == "\t" : CharacterSet.whitespaces.contains(s)
        }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while start < end, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return start == scalars.startIndex && end == scalars.endIndex ? self : String(Substring(scalars[start..<end]))
    }
}
