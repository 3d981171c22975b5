extension String {
    /// The text without the whitespace at either end that Foundation's
    /// `trimmingCharacters(in: .whitespaces)` removes (tab and the space separators, Unicode
    /// category Zs), without going through `NSString`: layer files trim every field of every feature.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        @inline(__always) func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || (s.value >= 0x80 && s.properties.generalCategory == .spaceSeparator)
        }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while start < end, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }
}
