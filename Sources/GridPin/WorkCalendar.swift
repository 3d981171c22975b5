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
    /// The calendar's tables and the arithmetic over them that `join` runs once a row.
    public let clock: WorkClock

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
        clock = WorkClock(utcOffset: utcOffset, officeHours: officeHours, weekend: weekend, holidays: holidays, years: years)
    }

    /// Seconds of office time in one working day.
    public var workingDaySeconds: Int { officeHours.reduce(0) { $0 + $1.end - $1.start } }

    public func isWorkingDay(_ day: CivilDay) -> Bool { clock.isWorkingDay(day) }

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
    public func due(from start: Double, limit: TimeLimit) -> Double { clock.due(from: start, limit: limit) }

    /// `start` (seconds since 1970) moved forward by `seconds` of office time (`WorkClock`).
    public func addingWorkingTime(_ seconds: Double, to start: Double) -> Double { clock.addingWorkingTime(seconds, to: start) }

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
    public func writeISO(_ t: Double, into p: UnsafeMutablePointer<UInt8>) -> Int { clock.writeISO(t, into: p) }

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
    public func parseSeconds(bytes b: UnsafeBufferPointer<UInt8>) -> Double? { clock.parseSeconds(bytes: b) }

    /// The first year of `WorkClock.monthStarts`.
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
