import Foundation
import XCTest
@testable import GridPin

/// `trimmedWhitespace` checked against Foundation's `trimmingCharacters(in: .whitespaces)`, the
/// trim it stands in for, over every space separator of Unicode category Zs, tab, zero-width
/// space (which Foundation on Linux trims too), every ASCII character, and characters that look
/// like space but are not trimmed (line breaks, BOM, word joiner).
final class WhitespaceTests: XCTestCase {
    func testTrimsWhatFoundationTrims() {
        let spaces = [" ", "\t", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}"]
        let others = ["\n", "\r", "\u{B}", "\u{200B}", "\u{FEFF}", "\u{2060}", "\u{85}", "x", "东", "\u{301}"]
            + (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        var texts = ["", "G-01", " G-01 ", "\t槐荫街道\u{3000}", "a b", "   ", "\u{3000}\u{A0}"]
        for s in spaces { for k in others { texts += [s + k + s, k + s + "y" + s + k, s + s + "网格" + s, s + "\u{301}x"] } }
        for t in texts {
            XCTAssertEqual(t.trimmedWhitespace, t.trimmingCharacters(in: .whitespaces), t.debugDescription)
        }
        XCTAssertEqual(" \u{3000}网格 1\t".trimmedWhitespace, "网格 1")   // by hand
    }
}
