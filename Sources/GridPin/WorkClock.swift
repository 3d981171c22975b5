import Foundation

/// The tables of a `WorkCalendar` and the arithmetic over them that `join` runs once a row:
/// whether a day is worked, due times, reading and writing ISO 8601 times.
///
/// A class, so that a caller reaches it through one reference: calling a method of the calendar
/// (a struct of many arrays) from a row's loop copies the whole struct to pass it.
public final class WorkClock: Sendable {
    let utcOffset: Int
    let officeHours: [(start: Int, end: Int)]
    /// Seconds of office time in one working day.
    let workingDaySeconds: Int
    /// Whether each day is worked, from `firstDay` on, over the calendar's years (a table, so
    /// that the per-row due-time walk does no hashing); days outside it go by the weekend.
    let worked: [Bool]
    let firstDay: Int
    /// ISO weekday → off, indexed 0…7.
    let weekendTable: [Bool]
    /// Working days before each day of `worked` (one more entry, for the day after the last),
    /// and the day numbers of the working days in order: with them, adding working time is
    /// arithmetic instead of a walk over the days.
    let workedBefore: [Int32]
    let workingDays: [Int32]
    /// Office seconds of a working day before each office-hours block starts.
    let blockOffsets: [Int]
    /// `YYYY-MM-DDT` of each day of `worked`, for writing times without converting the day.
    let isoDays: [SIMD16<UInt8>]
    /// `±HH:MM` of `utcOffset` as `writeISO` stores it: four bytes, then two.
    let offsetText: (UInt32, UInt16)
    /// The day number of the first of each month from January 1970 to January 2200, for reading
    /// times without converting the date.
    let monthStarts: [Int32]

    init(utcOffset: Int, officeHours: [(start: Int, end: Int)], weekend: Set<Int>, holidays: [WorkCalendar.Holiday],
         years: ClosedRange<Int>) {
        self.utcOffset = utcOffset; self.officeHours = officeHours
        workingDaySeconds = officeHours.reduce(0) { $0 + $1.end - $1.start }
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
        monthStarts = (0...(2200 - WorkCalendar.monthTableYear) * 12).map { k in
            Int32(CivilDay(year: WorkCalendar.monthTableYear + k / 12, month: k % 12 + 1, day: 1).number)
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

    @inline(__always) func isWorkingDay(_ day: CivilDay) -> Bool {
        let k = day.number - firstDay
        if k >= 0 && k < worked.count { return worked[k] }
        return !weekendTable[day.weekday]
    }

    /// `due` on seconds since 1970 (what `join` keeps a row).
    @inline(__always) func due(from start: Double, limit: TimeLimit) -> Double {
        switch limit.kind {
        case .urgentHours: start + Double(limit.amount) * 3600
        case .naturalDays: start + Double(limit.amount) * 86_400
        case .workingHours: addingWorkingTime(Double(limit.amount) * 3600, to: start)
        case .workingDays: addingWorkingTime(Double(limit.amount * workingDaySeconds), to: start)
        }
    }

    /// `start` (seconds since 1970) moved forward by `seconds` of office time.
    ///
    /// For whole seconds within the calendar's years this is integer arithmetic: office time is
    /// counted from the first day (`workedBefore` whole working days, then the office time of the
    /// start's own day before it), the amount is added, and the count is turned back into the
    /// working day (`workingDays`) and the block it falls in. A count that ends exactly at the
    /// end of a working day belongs to that day, as in the walk. Otherwise (fractions of a
    /// second, other years, no time at all) it walks (`addingWorkingTimeByWalking`), which is
    /// also what tests check it against.
    func addingWorkingTime(_ seconds: Double, to start: Double) -> Double {
        let perDay = workingDaySeconds
        guard seconds > 0, perDay > 0, let from = Int(exactly: start), let amount = Int(exactly: seconds) else {
            return addingWorkingTimeByWalking(seconds, to: start)
        }
        // Before 1970 the division rounds toward zero, but such a day lies before the table anyway.
        let local = from + utcOffset
        let day = local / 86_400, k = day - firstDay
        guard k >= 0, k < worked.count else { return addingWorkingTimeByWalking(seconds, to: start) }
        let second = local - day * 86_400
        // Office time of the start's day before it.
        var done = 0
        if worked[k] {
            for b in officeHours.indices {
                let block = officeHours[b]
                if second >= block.end { done = blockOffsets[b] + block.end - block.start; continue }
                if second > block.start { done = blockOffsets[b] + second - block.start }
                break
            }
        }
        let position = Int(workedBefore[k]) * perDay + done + amount
        // The working day it ends in (ceil(position / perDay) − 1, as position > 0), and where
        // in its blocks (0 < offset ≤ perDay).
        let n = (position - 1) / perDay
        guard n < workingDays.count else { return addingWorkingTimeByWalking(seconds, to: start) }
        let offset = position - n * perDay
        var b = officeHours.count - 1
        while b > 0 && offset <= blockOffsets[b] { b -= 1 }
        return Double(Int(workingDays[n]) * 86_400 + officeHours[b].start + offset - blockOffsets[b] - utcOffset)
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

    /// Writes `format` of seconds since 1970 at `p` (room for `isoLength` bytes); returns how
    /// many were written.
    @inline(__always) func writeISO(_ t: Double, into p: UnsafeMutablePointer<UInt8>) -> Int {
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
        return WorkCalendar.isoLength
    }

    /// `parse` as seconds since 1970.
    @inline(__always) func parseSeconds(bytes b: UnsafeBufferPointer<UInt8>) -> Double? {
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
                    // ±HH:MM, or ISO 8601's other forms ±HHMM and ±HH.
                    guard let oh = digits(2, 2), oh <= 14 else { return nil }
                    var om = 0
                    if i < n && b[i] == UInt8(ascii: ":") {
                        i += 1
                        guard let m = digits(2, 2), m < 60 else { return nil }
                        om = m
                    } else if i < n && b[i] >= 0x30 && b[i] <= 0x39 {
                        guard let m = digits(2, 2), m < 60 else { return nil }
                        om = m
                    }
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
        // Bytes 0–7 `YYYY-MM-`, 8–9 `DD` and 11–18 `HH:MM:SS`, little-endian.
        let date = raw.loadUnaligned(as: UInt64.self) ^ 0x2D30_302D_3030_3030
        let clock = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self) ^ 0x3030_3A30_303A_3030
        let day = UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) ^ 0x3030
        let high: UInt64 = 0x8080_8080_8080_8080, gap: UInt64 = 0x7676_7676_7676_7676
        guard (date | clock | day) & high == 0, ((date &+ gap) | (clock &+ gap) | (day &+ gap)) & high == 0,
              date & 0xFF00_00FF_0000_0000 == 0, clock & 0x0000_FF00_00FF_0000 == 0 else { return nil }
        // Every byte is now a digit's value (or a separator's zero), so ten times a word plus the
        // word shifted by a byte puts each two-digit number in the byte of its first digit, with
        // no carries (at most 99).
        let pairs = date &* 10 &+ (date >> 8), clockPairs = clock &* 10 &+ (clock >> 8), dayPair = day &* 10 &+ (day >> 8)
        @inline(__always) func byte(_ w: UInt64, _ k: UInt64) -> Int { Int(truncatingIfNeeded: (w >> (8 * k)) & 0xFF) }
        let y = byte(pairs, 0) * 100 + byte(pairs, 2), m = byte(pairs, 5), d = byte(dayPair, 0)
        let h = byte(clockPairs, 0), mm = byte(clockPairs, 3), ss = byte(clockPairs, 6)
        var offset = utcOffset
        if n == 20 {
            guard p[19] == UInt8(ascii: "Z") else { return nil }
            offset = 0
        } else if n == 25 {
            guard p[19] == UInt8(ascii: "+") || p[19] == UInt8(ascii: "-"), p[22] == UInt8(ascii: ":") else { return nil }
            let oh = WorkCalendar.twoDigits(p, 20), om = WorkCalendar.twoDigits(p, 23)
            guard oh >= 0, oh <= 14, om >= 0, om < 60 else { return nil }
            offset = (p[19] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
        }
        guard m >= 1, m <= 12, d >= 1, h < 24, mm < 60, ss < 60 else { return nil }
        // The month's first day from the table when it covers the year, else by the formula.
        let k = (y - WorkCalendar.monthTableYear) * 12 + m - 1
        let first: Int
        if k >= 0 && k + 1 < monthStarts.count {
            first = Int(monthStarts[k])
            guard d <= Int(monthStarts[k + 1]) - first else { return nil }
        } else {
            guard d <= WorkCalendar.daysIn(month: m, year: y) else { return nil }
            first = CivilDay(year: y, month: m, day: 1).number
        }
        return Double((first + d - 1) * 86_400 + h * 3600 + mm * 60 + ss - offset)
    }
}
