import Foundation
import XCTest
@testable import GridPin
import GridGeo

/// The bundled calendar against due times worked out by hand with a wall calendar and the State
/// Council's holiday notices (office hours 08:30–12:00 and 14:00–18:00: 7.5 hours a working day).
final class WorkCalendarTests: XCTestCase {
    var calendar: WorkCalendar!

    override func setUpWithError() throws {
        var problems: [String] = []
        calendar = try WorkCalendar.load(path: Bundled.resources.appendingPathComponent("calendar.json").path, problems: &problems)
        XCTAssertEqual(problems, [])
    }

    func due(_ reported: String, _ kind: TimeLimitKind, _ amount: Int) throws -> String {
        let t = try XCTUnwrap(calendar.parse(reported), reported)
        return calendar.format(calendar.due(from: t, limit: TimeLimit(kind: kind, amount: amount)))
    }

    func testCivilDays() throws {
        XCTAssertEqual(CivilDay(year: 1970, month: 1, day: 1).number, 0)
        XCTAssertEqual(CivilDay(year: 1970, month: 1, day: 1).weekday, 4)      // a Thursday
        XCTAssertEqual(CivilDay("2022-10-01")?.weekday, 6)                     // National Day 2022 was a Saturday
        XCTAssertEqual(CivilDay("2023-01-22")?.weekday, 7)                     // Spring Festival 2023 was a Sunday
        XCTAssertEqual(CivilDay("2000-03-01")!.number - CivilDay("2000-02-28")!.number, 2)   // 2000 was a leap year
        XCTAssertNil(CivilDay("2023-02-29"))
        XCTAssertNil(CivilDay("2022-13-01"))
        XCTAssertEqual(CivilDay("2024-02-29")?.description, "2024-02-29")
    }

    /// 2022 National Day: 1–7 October off; Saturday 8 and Sunday 9 October worked.
    func testNationalDay2022() throws {
        XCTAssertFalse(calendar.isWorkingDay(CivilDay("2022-10-03")!))
        XCTAssertFalse(calendar.isWorkingDay(CivilDay("2022-10-07")!))   // a Friday, off
        XCTAssertTrue(calendar.isWorkingDay(CivilDay("2022-10-08")!))    // a Saturday, worked
        XCTAssertTrue(calendar.isWorkingDay(CivilDay("2022-10-09")!))    // a Sunday, worked
        XCTAssertFalse(calendar.isWorkingDay(CivilDay("2022-10-15")!))   // an ordinary Saturday
        // Friday 30 Sept 10:00, 2 working days = 15 h: 6 h on Friday (10–12, 14–18), 7.5 h on Sat 8 Oct,
        // 1.5 h on Sun 9 Oct from 08:30.
        XCTAssertEqual(try due("2022-09-30T10:00", .workingDays, 2), "2022-10-09T10:00:00+08:00")
        // Friday 16:00, 4 working hours: 2 h on Friday, then 2 h from 08:30 on Saturday 8 Oct.
        XCTAssertEqual(try due("2022-09-30T16:00", .workingHours, 4), "2022-10-08T10:30:00+08:00")
        // Reported on a holiday: the clock starts on 8 Oct at 08:30; 3.5 h to noon, 0.5 h after 14:00.
        XCTAssertEqual(try due("2022-10-03T11:00", .workingHours, 4), "2022-10-08T14:30:00+08:00")
        // Sunday 9 Oct 17:00, 1 working day = 7.5 h: 1 h on Sunday, 3.5 h Monday morning, 3 h after 14:00.
        XCTAssertEqual(try due("2022-10-09T17:00", .workingDays, 1), "2022-10-10T17:00:00+08:00")
        // Urgent hours and natural days ignore the holiday.
        XCTAssertEqual(try due("2022-09-30T10:00", .urgentHours, 24), "2022-10-01T10:00:00+08:00")
        XCTAssertEqual(try due("2022-09-30T10:00", .naturalDays, 3), "2022-10-03T10:00:00+08:00")
    }

    /// 2023 Spring Festival: 21–27 January off; Saturday 28 and Sunday 29 January worked.
    func testSpringFestival2023() throws {
        XCTAssertFalse(calendar.isWorkingDay(CivilDay("2023-01-23")!))   // a Monday, off
        XCTAssertTrue(calendar.isWorkingDay(CivilDay("2023-01-28")!))
        XCTAssertTrue(calendar.isWorkingDay(CivilDay("2023-01-29")!))
        // Friday 20 Jan 15:00, 4 working hours: 3 h on Friday, 1 h from 08:30 on Saturday 28 Jan.
        XCTAssertEqual(try due("2023-01-20T15:00", .workingHours, 4), "2023-01-28T09:30:00+08:00")
        // Thursday 19 Jan 08:30, 3 working days = 22.5 h: 7.5 h Thursday, Friday and Saturday 28 Jan,
        // running out exactly at 18:00 on Saturday, which is when it is due.
        XCTAssertEqual(try due("2023-01-19T08:30", .workingDays, 3), "2023-01-28T18:00:00+08:00")
        // From 09:00 the last half hour falls on Sunday 29 Jan, also worked.
        XCTAssertEqual(try due("2023-01-19T09:00", .workingDays, 3), "2023-01-29T09:00:00+08:00")
        // 7 natural days run through the holiday.
        XCTAssertEqual(try due("2023-01-20T15:00", .naturalDays, 7), "2023-01-27T15:00:00+08:00")
    }

    func testOfficeHourEdges() throws {
        // Reported in the lunch break: the clock starts at 14:00.
        XCTAssertEqual(try due("2022-09-28T12:30", .workingHours, 1), "2022-09-28T15:00:00+08:00")
        // Running out at the end of the afternoon stays on that day.
        XCTAssertEqual(try due("2022-09-28T17:00", .workingHours, 1), "2022-09-28T18:00:00+08:00")
        // Reported in the evening of an ordinary Friday: Monday morning.
        XCTAssertEqual(try due("2022-09-23T20:00", .workingHours, 2), "2022-09-26T10:30:00+08:00")
        // Reported before office hours.
        XCTAssertEqual(try due("2022-09-28T07:00", .workingHours, 3), "2022-09-28T11:30:00+08:00")
    }

    func testParsingTimes() throws {
        let t = try XCTUnwrap(calendar.parse("2022-09-30T10:00"))
        XCTAssertEqual(calendar.parse("2022-09-30 10:00:00+08:00"), t)
        XCTAssertEqual(calendar.parse("2022-09-30T02:00:00Z"), t)
        XCTAssertEqual(calendar.parse("2022-09-30T03:00+01:00"), t)
        // ISO 8601's offsets without a colon and in whole hours (`date -d 2022-09-30T10:00:00+0800 +%s`).
        XCTAssertEqual(calendar.parse("2022-09-30T10:00:00+0800"), t)
        XCTAssertEqual(calendar.parse("2022-09-30T12:00+10"), t)
        XCTAssertNil(calendar.parse("2022-09-30T10:00+08:6"))
        XCTAssertNil(calendar.parse("2022-09-30T10:00+8"))
        XCTAssertEqual(calendar.parse("2022/9/30 10:00:00"), t)      // as spreadsheets export it
        XCTAssertEqual(calendar.parse("2022/09/30 10:00"), t)
        XCTAssertEqual(t.timeIntervalSince1970, 1_664_503_200)   // `date -d 2022-09-30T02:00Z +%s`
        XCTAssertEqual(calendar.parse("2022-09-30"), calendar.parse("2022-09-30T00:00"))
        XCTAssertNil(calendar.parse("2022-09-31T10:00"))
        XCTAssertNil(calendar.parse("30/09/2022"))
        XCTAssertNil(calendar.parse("2022-09-30T25:00"))
    }

    /// The fixed shapes machines write are read at fixed places; the values are `date -d … +%s`.
    func testParsingMachineTimes() throws {
        XCTAssertEqual(calendar.parse("2022-09-07T22:07:21+08:00")?.timeIntervalSince1970, 1_662_559_641)
        XCTAssertEqual(calendar.parse("2022-09-07 22:07:21")?.timeIntervalSince1970, 1_662_559_641)
        XCTAssertEqual(calendar.parse("2022-09-07T14:07:21Z")?.timeIntervalSince1970, 1_662_559_641)
        XCTAssertEqual(calendar.parse("2022-09-07T09:37:21-04:30")?.timeIntervalSince1970, 1_662_559_641)
        XCTAssertEqual(calendar.parse("2024-02-29T00:00:00")?.timeIntervalSince1970, 1_709_136_000)
        for bad in ["2023-02-29T00:00:00", "2022-04-31T10:00:00", "2022-13-01T10:00:00", "2022-09-07T24:00:00",
                    "2022-09-07T10:60:00", "2022-09-07T10:00:60", "2022-09-07T10:00:00+15:00", "2022-09-07T10:00:00X",
                    "2O22-09-07T10:00:00", "2022-09-0xT10:00:00", "2022-09-07T10:00:00+08-00"] {
            XCTAssertNil(calendar.parse(bad), bad)
        }
    }

    /// Formatting writes every digit of the local time: `TZ=Asia/Shanghai date -d @… +%FT%T%:z`.
    func testFormattingTimes() {
        XCTAssertEqual(calendar.format(Date(timeIntervalSince1970: 1_662_559_641)), "2022-09-07T22:07:21+08:00")
        XCTAssertEqual(calendar.format(Date(timeIntervalSince1970: 1_704_038_399)), "2023-12-31T23:59:59+08:00")
        XCTAssertEqual(calendar.format(Date(timeIntervalSince1970: 1_709_136_000.9)), "2024-02-29T00:00:00+08:00")
        // A calendar west of Greenwich writes its own offset (the instant of testParsingMachineTimes).
        let west = WorkCalendar(timeZoneName: "-04:30", utcOffset: -16_200, officeHours: [(30_600, 64_800)], weekend: [6, 7],
                                holidays: [], years: 2022...2022)
        XCTAssertEqual(west.format(Date(timeIntervalSince1970: 1_662_559_641)), "2022-09-07T09:37:21-04:30")
    }

    /// Due times by arithmetic over the calendar's tables agree with the walk over days and
    /// blocks (the reference kept for this) at random times from 2021 to 2027 — before, inside
    /// and after the calendar's years — and at every block edge of the days around the
    /// holidays and their 调休 weekends, for working hours and days.
    func testArithmeticDueTimesAgreeWithTheWalk() throws {
        var random = SeededRandom(seed: 3)
        let from = try XCTUnwrap(calendar.parse("2021-11-01T00:00")).timeIntervalSince1970
        let to = try XCTUnwrap(calendar.parse("2027-02-01T00:00")).timeIntervalSince1970
        var starts = (0..<20_000).map { _ in random.uniform(from, to).rounded(.down) }
        // Every block edge, a second either side and midnight of the days around each holiday.
        for h in calendar.holidays {
            for n in (h.off.lowerBound.number - 3)...(h.off.upperBound.number + 3) {
                for second in [0, 30_600, 43_200, 50_400, 64_800] {
                    let t = Double(n * 86_400 + second - calendar.utcOffset)
                    starts += [t - 1, t, t + 1]
                }
            }
            for day in h.work { starts.append(Double(day.number * 86_400 + 30_600 - calendar.utcOffset)) }
        }
        var checked = 0
        for t in starts {
            for seconds in [1.0, 1_800, 3600 * Double(random.int(in: 1...60)), 27_000 * Double(random.int(in: 1...20)), 27_000, 12_600] {
                let fast = calendar.addingWorkingTime(seconds, to: t), walked = calendar.clock.addingWorkingTimeByWalking(seconds, to: t)
                if fast != walked {
                    XCTFail("\(calendar.format(Date(timeIntervalSince1970: t))) + \(seconds) s: \(calendar.format(Date(timeIntervalSince1970: fast))), walk \(calendar.format(Date(timeIntervalSince1970: walked)))")
                    return
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 120_000)
        // Fractions of a second land on the same second as the walk.
        for _ in 0..<2_000 {
            let t = random.uniform(from, to), seconds = 3600 * Double(random.int(in: 1...40))
            XCTAssertEqual(calendar.addingWorkingTime(seconds, to: t), calendar.clock.addingWorkingTimeByWalking(seconds, to: t), accuracy: 1e-6)
        }
    }

    /// The same for a calendar of another shape: three office-hours blocks, only Sunday off, a
    /// holiday with a worked Sunday, over one year.
    func testArithmeticDueTimesAgreeWithTheWalkOnAnotherCalendar() throws {
        let off = try XCTUnwrap(CivilDay("2024-05-01"))...XCTUnwrap(CivilDay("2024-05-03"))
        let other = WorkCalendar(timeZoneName: "UTC", utcOffset: 0, officeHours: [(0, 3600), (7200, 9000), (80_000, 86_400)],
                                 weekend: [7], holidays: [.init(name: "假", nameEn: "holiday", off: off, work: [try XCTUnwrap(CivilDay("2024-05-05"))])],
                                 years: 2024...2024)
        XCTAssertFalse(other.isWorkingDay(try XCTUnwrap(CivilDay("2024-05-02"))))
        XCTAssertTrue(other.isWorkingDay(try XCTUnwrap(CivilDay("2024-05-05"))))   // a Sunday, worked
        var random = SeededRandom(seed: 4)
        let from = Double(try XCTUnwrap(CivilDay("2023-12-20")).number * 86_400), to = Double(try XCTUnwrap(CivilDay("2025-01-10")).number * 86_400)
        for _ in 0..<20_000 {
            let t = random.uniform(from, to).rounded(.down), seconds = Double(random.int(in: 1...(other.workingDaySeconds * 12)))
            XCTAssertEqual(other.addingWorkingTime(seconds, to: t), other.clock.addingWorkingTimeByWalking(seconds, to: t), "\(t) + \(seconds)")
        }
    }

    /// Times are written and read the same as Foundation's formatter writes them, on days inside
    /// the calendar's table and outside it.
    func testWritingAndReadingAgreeWithFoundation() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: calendar.utcOffset)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        var random = SeededRandom(seed: 5)
        let from = -400_000_000.0, to = 7_500_000_000.0   // 1957 to 2207
        for k in 0..<20_000 {
            // Half the times in 2021–2027, where the table is.
            let t = (k % 2 == 0 ? random.uniform(1_609_459_200, 1_830_297_600) : random.uniform(from, to)).rounded(.down)
            let date = Date(timeIntervalSince1970: t)
            let text = formatter.string(from: date)
            XCTAssertEqual(calendar.format(date), text)
            XCTAssertEqual(calendar.parse(text)?.timeIntervalSince1970, t, text)
            XCTAssertEqual(calendar.parse(String(text.prefix(19)))?.timeIntervalSince1970, t, text)
        }
    }

    func testBrokenCalendarGivesOneLineEach() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridpin-calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("calendar.json").path
        try """
        {"time_zone": "Asia/Shanghai", "utc_offset": "+08:00", "office_hours": ["08:30-12:00", "11:00-18:00"],
         "weekend": ["saturday", "sunday"], "years": [2022, 2022],
         "holidays": [{"name": "国庆节", "name_en": "National Day", "off": ["2022-10-01", "2022-10-07"], "work": ["2022-10-10"]}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        var problems: [String] = []
        XCTAssertNil(try WorkCalendar.load(path: path, problems: &problems))
        XCTAssertEqual(problems, [
            "calendar.json: office_hours \"11:00-18:00\" overlaps or precedes the block before it",
            "calendar.json: holiday \"国庆节\": work day 2022-10-10 is not a weekend day, so it cannot be made a working day",
        ])
    }
}
