import Foundation

/// A day on the civil calendar, as a count of days since 1970-01-01.
public struct CivilDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let number: Int

    public init(number: Int) { self.number = number }

    /// The day of a proleptic Gregorian date (days-from-civil, after H. Hinnant's algorithm).
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146097 + doe - 719468
    }

    /// Parses `YYYY-MM-DD`, refusing dates that do not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
        guard self.date == (y, m, d) else { return nil }
    }

    /// Year, month, day (civil-from-days).
    public var date: (year: Int, month: Int, day: Int) {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((number % 7 + 7) % 7 + 3) % 7 + 1 }

    public var description: String {
        let (y, m, d) = date
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func < (a: CivilDay, b: CivilDay) -> Bool { a.number < b.number }
}

/// The working-time calendar of a street office (`calendar.json`): office hours, the weekend,
/// and China's public holidays with the weekend days made into working days (调休), by year.
///
/// Times are kept at a fixed offset from UTC (China has had no daylight saving since 1991), so
/// no time-zone database is needed. Due times follow DOMAIN.md §5:
/// - urgent hours and natural days run on the wall clock;
/// - working hours run only inside office hours on working days;
/// - a working day is one day's office hours (7.5 h by default) on the same clock, so 2 working
///   days from Friday 10:00 is Tuesday 10:00 when Monday and Tuesday are working days.
/// A limit that runs out exactly at the end of an office-hours block is due at that end
/// (Friday 18:00, not Monday 08:30).
public struct WorkCalendar: Sendable {
    public let timeZoneName: String
    /// Seconds east of UTC.
    public let utcOffset: Int
    /// Office-hour blocks of a working day, as seconds after midnight, in order.
    public let officeHours: [(start: Int, end: Int)]
    /// ISO weekdays that are off unless made working (调休).
    public let weekend: Set<Int>
    public let holidays: [Holiday]
    /// The years the holiday list is known for.
    public let years: ClosedRange<Int>
    /// Whether each day is worked, from `firstDay` on, over the calendar's years (a table, so
    /// that the per-row due-time walk does no hashing); days outside it go by the weekend.
    private let worked: [Bool]
    private let firstDay: Int
    /// ISO weekday → off, indexed 0…7.
    private let weekendTable: [Bool]
    /// Working days before each day of `worked` (one more entry, for the day after the last),
    /// and the day numbers of the working days in order: with them, adding working time is
    /// arithmetic instead of a walk over the days.
    private let workedBefore: [Int32]
    private let workingDays: [Int32]
    /// Office seconds of a working day before each office-hours block starts.
    private let blockOffsets: [Int]
    /// `YYYY-MM-DDT` of each day of `worked`, for writing times without converting the day.
    private let isoDays: [SIMD16<UInt8>]
    /// `±HH:MM` of `utcOffset` as `writeISO` stores it: four bytes, then two.
    private let offsetText: (UInt32, UInt16)
    /// The day number of the first of each month from January 1970 to January 2200, for reading
    /// times without converting the date.
    private let monthStarts: [Int32]

    /// A public holiday as announced: the days off and the weekend days worked instead.
    public struct Holiday: Sendable {
        public let name: String, nameEn: String
        public let off: ClosedRange<CivilDay>
        public let work: [CivilDay]
    }

    public static let file = "calendar.json"

    public init(timeZoneName: String, utcOffset: Int, officeHours: [(start: Int, end: Int)], weekend: Set<Int>,
                holidays: [Holiday], years: ClosedRange<Int>) {
        self.timeZoneName = timeZoneName; self.utcOffset = utcOffset
        self.officeHours = officeHours; self.weekend = weekend; self.holidays = holidays; self.years = years
        let offDays = Set(holidays.flatMap { h in (h.off.lowerBound.number...h.off.upperBound.number).map(CivilDay.init(number:)) })
        let workDays = Set(holidays.flatMap(\.work))
        weekendTable = (0...7).map { weekend.contains($0) }
        let first = CivilDay(year: years.lowerBound, month: 1, day: 1).number
        let last = CivilDay(year: years.upperBound + 1, month: 1, day: 1).number
        firstDay = first
        worked = (first..<last).map { n in
            let day = CivilDay(number: n)
            if workDays.contains(day) { return true }
            if offDays.contains(day) { return false }
            return !weekend.contains(day.weekday)
        }
        var before: [Int32] = [0], days: [Int32] = []
        for (k, w) in worked.enumerated() {
            if w { days.append(Int32(first + k)) }
            before.append(Int32(days.count))
        }
        workedBefore = before; workingDays = days
        blockOffsets = officeHours.indices.map { k in officeHours[..<k].reduce(0) { $0 + $1.end - $1.start } }
        let o = abs(utcOffset)
        let text = Array((utcOffset < 0 ? "-" : "+").utf8) + [o / 36_000, o / 3600 % 10, -1, o / 600 % 6, o / 60 % 10].map {
            $0 < 0 ? UInt8(ascii: ":") : UInt8(ascii: "0") + UInt8($0)
        }
        offsetText = (UInt32(text[0]) | UInt32(text[1]) << 8 | UInt32(text[2]) << 16 | UInt32(text[3]) << 24,
                      UInt16(text[4]) | UInt16(text[5]) << 8)
        monthStarts = (0...(2200 - Self.monthTableYear) * 12).map { k in
            Int32(CivilDay(year: Self.monthTableYear + k / 12, month: k % 12 + 1, day: 1).number)
        }
        isoDays = (first..<last).map { n in
            let (y, m, d) = CivilDay(number: n).date
            var v = SIMD16<UInt8>(repeating: 0)
            for (k, digit) in [y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10, -1, m / 10, m % 10, -1, d / 10, d % 10].enumerated() {
                v[k] = digit < 0 ? UInt8(ascii: "-") : UInt8(ascii: "0") + UInt8(digit)
            }
            v[10] = UInt8(ascii: "T")
            return v
        }
    }

    /// Seconds of office time in one working day.
    public var workingDaySeconds: Int { officeHours.reduce(0) { $0 + $1.end - $1.start } }

    @inline(__always) public func isWorkingDay(_ day: CivilDay) -> Bool {
        let k = day.number - firstDay
        if k >= 0 && k < worked.count { return worked[k] }
        return !weekendTable[day.weekday]
    }

    /// Whether the holiday list covers the day's year.
    public func knows(_ day: CivilDay) -> Bool { years.contains(day.date.year) }

    /// The local day and seconds after local midnight of an instant.
    public func local(_ t: Date) -> (day: CivilDay, second: Double) {
        let s = t.timeIntervalSince1970 + Double(utcOffset)
        let day = Int((s / 86_400).rounded(.down))
        return (CivilDay(number: day), s - Double(day) * 86_400)
    }

    /// The instant of a local day and second.
    public func instant(_ day: CivilDay, _ second: Double) -> Date {
        Date(timeIntervalSince1970: Double(day.number) * 86_400 + second - Double(utcOffset))
    }

    /// When a limit that starts at `start` runs out.
    public func due(from start: Date, limit: TimeLimit) -> Date {
        Date(timeIntervalSince1970: due(from: start.timeIntervalSince1970, limit: limit))
    }

    /// `due` on seconds since 1970 (what `join` keeps a row).
    public func due(from start: Double, limit: TimeLimit) -> Double {
        switch limit.kind {
        case .urgentHours: start + Double(limit.amount) * 3600
        case .naturalDays: start + Double(limit.amount) * 86_400
        case .workingHours: addingWorkingTime(Double(limit.amount) * 3600, to: start)
        case .workingDays: addingWorkingTime(Double(limit.amount * workingDaySeconds), to: start)
        }
    }

    /// `start` (seconds since 1970) moved forward by `seconds` of office time.
    ///
    /// Within the calendar's years this is arithmetic: office time is counted from the first
    /// day (`workedBefore` whole working days, then the office time of the start's own day
    /// before it), the amount is added, and the count is turned back into the working day
    /// (`workingDays`) and the block it falls in. A count that ends exactly at the end of a
    /// working day belongs to that day, as in the walk. Elsewhere, and for no time at all,
    /// it walks (`addingWorkingTimeByWalking`), which is also what tests check it against.
    public func addingWorkingTime(_ seconds: Double, to start: Double) -> Double {
        let local = start + Double(utcOffset)
        let dayStart = (local / 86_400).rounded(.down)
        let k = Int(exactly: dayStart).map { $0 - firstDay } ?? -1
        let perDay = Double(workingDaySeconds)
        guard seconds > 0, k >= 0, k < worked.count, perDay > 0 else { return addingWorkingTimeByWalking(seconds, to: start) }
        let second = local - dayStart * 86_400
        // Office time of the start's day before it.
        var done = 0.0
        if worked[k] {
            for (b, block) in officeHours.enumerated() {
                if second >= Double(block.end) { done = Double(blockOffsets[b] + block.end - block.start); continue }
                if second > Double(block.start) { done = Double(blockOffsets[b]) + second - Double(block.start) }
                break
            }
        }
        let position = Double(workedBefore[k]) * perDay + done + seconds
        // The working day it ends in (0 < offset ≤ perDay), and where in its blocks.
        let n = (position / perDay).rounded(.up) - 1
        guard n >= 0, n < Double(workingDays.count) else { return addingWorkingTimeByWalking(seconds, to: start) }
        let offset = position - n * perDay
        let day = Double(workingDays[Int(n)])
        var b = officeHours.count - 1
        while b > 0 && offset <= Double(blockOffsets[b]) { b -= 1 }
        return day * 86_400 + Double(officeHours[b].start) + (offset - Double(blockOffsets[b])) - Double(utcOffset)
    }

    /// `addingWorkingTime` by walking the days one by one and the office hours block by block.
    func addingWorkingTimeByWalking(_ seconds: Double, to start: Double) -> Double {
        let local = start + Double(utcOffset)
        var day = Int((local / 86_400).rounded(.down))
        var second = local - Double(day) * 86_400
        var remaining = seconds
        // The calendar has at least one working weekday (checked on load), so this ends.
        while true {
            if isWorkingDay(CivilDay(number: day)) {
                for block in officeHours where second < Double(block.end) {
                    let from = max(second, Double(block.start))
                    let available = Double(block.end) - from
                    if remaining <= available { return Double(day) * 86_400 + from + remaining - Double(utcOffset) }
                    remaining -= available
                }
            }
            day += 1
            second = 0
        }
    }

    /// Formats an instant as local ISO 8601 with the offset: `2022-10-09T09:30:00+08:00`.
    public func format(_ t: Date) -> String {
        var out: [UInt8] = []
        appendISO(t, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `format(t)`'s bytes.
    public func appendISO(_ t: Date, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.isoLength) { b in
            let n = writeISO(t.timeIntervalSince1970, into: b.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[0..<n]))
        }
    }

    /// Bytes `writeISO` writes.
    public static let isoLength = 25

    /// Writes `format` of seconds since 1970 at `p` (room for `isoLength` bytes); returns how
    /// many were written.
    @inline(__always) public func writeISO(_ t: Double, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let local = Int((t + Double(utcOffset)).rounded(.down))
        let dayNumber = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let s = local - dayNumber * 86_400
        @inline(__always) func two(_ v: Int, _ at: Int) {
            let tens = (v &* 103) &>> 10   // v / 10 for 0 ≤ v < 100
            UnsafeMutableRawPointer(p + at).storeBytes(of: UInt16(truncatingIfNeeded: 0x3030 | tens | (v &- tens &* 10) &<< 8), as: UInt16.self)
        }
        let k = dayNumber - firstDay
        if k >= 0 && k < isoDays.count {
            // The day's `YYYY-MM-DDT` from the table; the 16 bytes stored fit in `isoLength`.
            UnsafeMutableRawPointer(p).storeBytes(of: isoDays[k], as: SIMD16<UInt8>.self)
        } else {
            let (y, m, d) = CivilDay(number: dayNumber).date
            two(y / 100 % 100, 0); two(y % 100, 2); p[4] = UInt8(ascii: "-"); two(m, 5); p[7] = UInt8(ascii: "-"); two(d, 8)
            p[10] = UInt8(ascii: "T")
        }
        two(s / 3600, 11); p[13] = UInt8(ascii: ":"); two(s / 60 % 60, 14)
        p[16] = UInt8(ascii: ":"); two(s % 60, 17)
        // `±HH:MM`, made once: bytes 19–22 and 23–24.
        UnsafeMutableRawPointer(p + 19).storeBytes(of: offsetText.0, as: UInt32.self)
        UnsafeMutableRawPointer(p + 23).storeBytes(of: offsetText.1, as: UInt16.self)
        return Self.isoLength
    }

    /// Parses a time as people and office software write it: ISO 8601 with or without an offset
    /// (`2022-10-09T09:30`, `2022-10-09 09:30:00+08:00`, `…Z`, fractions of a second), slashes and
    /// one-digit parts as spreadsheets export them (`2022/7/5 9:03`), or a date alone (midnight);
    /// without an offset the calendar's local time is meant. Reads the bytes directly: imports
    /// call it once a row.
    public func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// `parse` on UTF-8 bytes.
    public func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        parseSeconds(bytes: b).map(Date.init(timeIntervalSince1970:))
    }

    /// `parse` as seconds since 1970.
    public func parseSeconds(bytes b: UnsafeBufferPointer<UInt8>) -> Double? {
        if let t = parseCanonical(b) { return t }
        return parseGeneral(b)
    }

    /// `parseSeconds` for the shapes `parseCanonical` leaves.
    private func parseGeneral(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        do {
            var i = 0
            let n = b.count
            func skipSpaces() { while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 } }
            /// Between `min` and `max` digits as a number.
            func digits(_ min: Int, _ max: Int) -> Int? {
                var v = 0, k = 0
                while i < n && k < max && b[i] >= 0x30 && b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; k += 1 }
                return k >= min ? v : nil
            }
            skipSpaces()
            guard let y = digits(4, 4), i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "/") else { return nil }
            let separator = b[i]; i += 1
            guard let m = digits(1, 2), i < n, b[i] == separator else { return nil }
            i += 1
            guard let d = digits(1, 2), (1...12).contains(m), (1...31).contains(d) else { return nil }
            let day = CivilDay(year: y, month: m, day: d)
            guard day.date == (y, m, d) else { return nil }
            var seconds = 0.0, offset = utcOffset
            if i < n && (b[i] == UInt8(ascii: "T") || b[i] == 0x20) {
                i += 1
                skipSpaces()
                guard let h = digits(1, 2), h < 24, i < n, b[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let mm = digits(2, 2), mm < 60 else { return nil }
                seconds = Double(h * 3600 + mm * 60)
                if i < n && b[i] == UInt8(ascii: ":") {
                    i += 1
                    guard let ss = digits(2, 2), ss < 60 else { return nil }
                    seconds += Double(ss)
                    if i < n && b[i] == UInt8(ascii: ".") {
                        i += 1
                        var scale = 0.1, any = false
                        while i < n && b[i] >= 0x30 && b[i] <= 0x39 { seconds += Double(b[i] - 0x30) * scale; scale /= 10; i += 1; any = true }
                        guard any else { return nil }
                    }
                }
                if i < n && b[i] == UInt8(ascii: "Z") { offset = 0; i += 1 }
                else if i < n && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2, 2), oh <= 14, i < n, b[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let om = digits(2, 2), om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
            skipSpaces()
            guard i == n else { return nil }
            return Double(day.number) * 86_400 + seconds - Double(offset)
        }
    }

    /// The shapes machines write, read at fixed places: `YYYY-MM-DDTHH:MM:SS` (or a space for
    /// the `T`), then nothing, `Z` or `±HH:MM`; `nil` for anything else, which the general
    /// parser then reads.
    ///
    /// The date and the clock are checked and read eight bytes at a time: XOR with the expected
    /// shape turns digits into their values and separators into zero, and one addition finds
    /// any byte that was not a digit.
    @inline(__always) private func parseCanonical(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        guard n == 19 || n == 20 || n == 25, let p = b.baseAddress, p[10] == UInt8(ascii: "T") || p[10] == 0x20 else { return nil }
        let raw = UnsafeRawPointer(p)
        // Bytes 0–7 `YYYY-MM-` and 11–18 `HH:MM:SS`, little-endian.
        let date = raw.loadUnaligned(as: UInt64.self) ^ 0x2D30_302D_3030_3030
        let clock = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self) ^ 0x3030_3A30_303A_3030
        let day0 = p[8] &- 48, day1 = p[9] &- 48
        let high: UInt64 = 0x8080_8080_8080_8080
        guard (date | clock) & high == 0, ((date &+ 0x7676_7676_7676_7676) | (clock &+ 0x7676_7676_7676_7676)) & high == 0,
              date & 0xFF00_00FF_0000_0000 == 0, clock & 0x0000_FF00_00FF_0000 == 0, day0 <= 9, day1 <= 9 else { return nil }
        @inline(__always) func digit(_ w: UInt64, _ k: UInt64) -> Int { Int(truncatingIfNeeded: (w >> (8 * k)) & 0xF) }
        let y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3)
        let m = digit(date, 5) * 10 + digit(date, 6), d = Int(day0) * 10 + Int(day1)
        let h = digit(clock, 0) * 10 + digit(clock, 1), mm = digit(clock, 3) * 10 + digit(clock, 4)
        let ss = digit(clock, 6) * 10 + digit(clock, 7)
        var offset = utcOffset
        if n == 20 {
            guard p[19] == UInt8(ascii: "Z") else { return nil }
            offset = 0
        } else if n == 25 {
            guard p[19] == UInt8(ascii: "+") || p[19] == UInt8(ascii: "-"), p[22] == UInt8(ascii: ":") else { return nil }
            let oh = Self.twoDigits(p, 20), om = Self.twoDigits(p, 23)
            guard oh >= 0, oh <= 14, om >= 0, om < 60 else { return nil }
            offset = (p[19] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
        }
        guard m >= 1, m <= 12, d >= 1, h < 24, mm < 60, ss < 60 else { return nil }
        // The month's first day from the table when it covers the year, else by the formula.
        let k = (y - Self.monthTableYear) * 12 + m - 1
        let first: Int
        if k >= 0 && k + 1 < monthStarts.count {
            first = Int(monthStarts[k])
            guard d <= Int(monthStarts[k + 1]) - first else { return nil }
        } else {
            guard d <= Self.daysIn(month: m, year: y) else { return nil }
            first = CivilDay(year: y, month: m, day: 1).number
        }
        return Double((first + d - 1) * 86_400 + h * 3600 + mm * 60 + ss - offset)
    }

    /// The first year of `monthStarts`.
    static let monthTableYear = 1970

    /// The number in the two digits at `p[k]`, `p[k + 1]`; −10,000 when they are not digits.
    @inline(__always) static func twoDigits(_ p: UnsafePointer<UInt8>, _ k: Int) -> Int {
        let a = p[k] &- 48, b = p[k + 1] &- 48
        return a > 9 || b > 9 ? -10_000 : Int(a) * 10 + Int(b)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `+08:00` → 28800.
    static func parseOffset(_ text: String) -> Int? {
        guard text.count == 6, let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let parts = text.dropFirst().split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), h <= 14, m < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }

    /// `08:30` → 30600.
    static func parseClock(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), m < 60, h * 60 + m <= 24 * 60 else { return nil }
        return h * 3600 + m * 60
    }
}

extension WorkCalendar {
    /// The file as written: plain JSON people can edit.
    struct File: Decodable {
        let time_zone: String
        let utc_offset: String
        let office_hours: [String]
        let weekend: [String]
        let years: [Int]
        let holidays: [HolidayEntry]
    }

    struct HolidayEntry: Decodable {
        let name: String
        let name_en: String
        let off: [String]
        let work: [String]
    }

    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Reads `calendar.json`; every problem is one line of `problems`.
    public static func load(path: String, problems: inout [String]) throws -> WorkCalendar? {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(source: path, message: "cannot read: \(error.localizedDescription)")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(source: Self.file, message: "\(Self.where(context.codingPath)) has no \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw InputError(source: Self.file, message: "\(Self.where(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw InputError(source: Self.file, message: "is not valid JSON: \(error)")
        }
        let before = problems.count
        func bad(_ s: String) { problems.append("\(Self.file): \(s)") }

        guard let offset = parseOffset(file.utc_offset) else {
            bad("utc_offset \"\(file.utc_offset)\" must look like +08:00"); return nil
        }
        var hours: [(start: Int, end: Int)] = []
        for text in file.office_hours {
            let ends = text.split(separator: "-")
            guard ends.count == 2, let a = parseClock(ends[0]), let b = parseClock(ends[1]), a < b else {
                bad("office_hours \"\(text)\" must look like 08:30-12:00"); continue
            }
            if let last = hours.last, a < last.end { bad("office_hours \"\(text)\" overlaps or precedes the block before it") }
            hours.append((a, b))
        }
        if hours.isEmpty { bad("office_hours is empty: a working day needs office hours") }
        var weekend = Set<Int>()
        for name in file.weekend {
            guard let i = weekdayNames.firstIndex(of: name.lowercased()) else {
                bad("weekend \"\(name)\" is not a weekday name (\(weekdayNames.joined(separator: ", ")))"); continue
            }
            weekend.insert(i + 1)
        }
        if weekend.count == 7 { bad("weekend holds every day: there would be no working days") }
        guard file.years.count == 2, file.years[0] <= file.years[1] else {
            bad("years must be [first, last], e.g. [2022, 2026]"); return nil
        }
        let years = file.years[0]...file.years[1]

        var holidays: [Holiday] = []
        var offSeen: [CivilDay: String] = [:]
        for h in file.holidays {
            let label = "holiday \"\(h.name)\""
            let off = h.off.map { CivilDay($0) }, work = h.work.map { CivilDay($0) }
            guard off.count == 2, let first = off[0], let last = off[1], first <= last else {
                bad("\(label): off must be [first day, last day] as YYYY-MM-DD, got \(h.off)"); continue
            }
            var worked: [CivilDay] = []
            for (text, day) in zip(h.work, work) {
                guard let day else { bad("\(label): work day \"\(text)\" is not a date YYYY-MM-DD"); continue }
                if !weekend.contains(day.weekday) { bad("\(label): work day \(day) is not a weekend day, so it cannot be made a working day") }
                if (first...last).contains(day) { bad("\(label): work day \(day) lies inside its own days off") }
                worked.append(day)
            }
            for n in first.number...last.number {
                let d = CivilDay(number: n)
                if !years.contains(d.date.year) { bad("\(label): \(d) is outside the years \(years.lowerBound)–\(years.upperBound)") }
                if let other = offSeen.updateValue(h.name, forKey: d) { bad("\(label): \(d) is already off for \"\(other)\"") }
            }
            holidays.append(Holiday(name: h.name, nameEn: h.name_en, off: first...last, work: worked))
        }
        guard problems.count == before else { return nil }
        return WorkCalendar(timeZoneName: file.time_zone, utcOffset: offset, officeHours: hours, weekend: weekend,
                            holidays: holidays, years: years)
    }

    private static func `where`(_ path: [CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
