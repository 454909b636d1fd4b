import Foundation

extension CalendarDate {
    /// Monday is 1, Sunday 7 (ISO 8601). 1970-01-01 was a Thursday.
    public var isoWeekday: Int {
        let days = Int((daysSinceEpoch % 7 + 7) % 7)
        return (days + 3) % 7 + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    /// The first day of the month `months` after this date's (earlier when negative).
    public func firstOfMonth(adding months: Int = 0) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        return CalendarDate(year: index / 12, month: index % 12 + 1, day: 1) ?? self
    }

    /// "September 2026".
    public var monthAndYear: String {
        String(longFormat.split(separator: " ", maxSplits: 1)[1])
    }
}

/// A bank or public holiday on which nobody is expected to report (England and Wales by
/// default; the portfolio office keeps the list and adds years as they are announced).
public struct BankHoliday: Codable, Equatable, Sendable {
    public var date: CalendarDate
    public var name: String

    public init(date: CalendarDate, name: String) {
        self.date = date
        self.name = name
    }

    public static let nameLimit = 100

    /// A holiday as typed: a real date that is not a Saturday or Sunday (those are never working
    /// days), not already on the list, and a name.
    public static func validate(date text: String?, name: String?, existing: Set<CalendarDate>) throws -> BankHoliday {
        var errors = FieldErrors()
        let date = errors.date(text, "date", "Date")
        if date == nil, text.exactOrNil == nil { errors.add("date", "Enter the holiday's date", kind: .rule) }
        if let date, date.isWeekend { errors.add("date", "\(date.longFormat) is a weekend day, never a working day: enter the weekday the holiday is taken on", kind: .rule) }
        if let date, existing.contains(date) { errors.add("date", "\(date.longFormat) is already a holiday", kind: .taken) }
        let name = errors.text(name, "name", "Name", limit: nameLimit, blank: "Enter the holiday's name, like Easter Monday")
        try errors.throwIfAny()
        return BankHoliday(date: date!, name: name!)
    }

    /// England and Wales bank holidays, 2024 to 2028 (gov.uk/bank-holidays), with the
    /// substitute days when a holiday falls on a weekend.
    public static let englandAndWales: [BankHoliday] = [
        ("2024-01-01", "New Year's Day"), ("2024-03-29", "Good Friday"), ("2024-04-01", "Easter Monday"),
        ("2024-05-06", "Early May bank holiday"), ("2024-05-27", "Spring bank holiday"), ("2024-08-26", "Summer bank holiday"),
        ("2024-12-25", "Christmas Day"), ("2024-12-26", "Boxing Day"),
        ("2025-01-01", "New Year's Day"), ("2025-04-18", "Good Friday"), ("2025-04-21", "Easter Monday"),
        ("2025-05-05", "Early May bank holiday"), ("2025-05-26", "Spring bank holiday"), ("2025-08-25", "Summer bank holiday"),
        ("2025-12-25", "Christmas Day"), ("2025-12-26", "Boxing Day"),
        ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday"),
        ("2026-05-04", "Early May bank holiday"), ("2026-05-25", "Spring bank holiday"), ("2026-08-31", "Summer bank holiday"),
        ("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (substitute day)"),
        ("2027-01-01", "New Year's Day"), ("2027-03-26", "Good Friday"), ("2027-03-29", "Easter Monday"),
        ("2027-05-03", "Early May bank holiday"), ("2027-05-31", "Spring bank holiday"), ("2027-08-30", "Summer bank holiday"),
        ("2027-12-27", "Christmas Day (substitute day)"), ("2027-12-28", "Boxing Day (substitute day)"),
        ("2028-01-03", "New Year's Day (substitute day)"), ("2028-04-14", "Good Friday"), ("2028-04-17", "Easter Monday"),
        ("2028-05-01", "Early May bank holiday"), ("2028-05-29", "Spring bank holiday"), ("2028-08-28", "Summer bank holiday"),
        ("2028-12-25", "Christmas Day"), ("2028-12-26", "Boxing Day"),
    ].map { BankHoliday(date: CalendarDate($0.0)!, name: $0.1) }
}

/// Working days: Monday to Friday, less the holidays on the list.
public struct WorkingDays: Sendable {
    public let holidays: Set<CalendarDate>

    public init(holidays: some Sequence<CalendarDate>) { self.holidays = Set(holidays) }

    public func isWorkingDay(_ date: CalendarDate) -> Bool { !date.isWeekend && !holidays.contains(date) }

    /// The `n`th working day (from 1) of the month `date` falls in; the month's last working day
    /// when it has fewer.
    public func workingDay(_ n: Int, ofMonthOf date: CalendarDate) -> CalendarDate {
        var day = date.firstOfMonth(), found = 0, last = day
        while day.month == date.month && day.year == date.year {
            if isWorkingDay(day) {
                found += 1
                last = day
                if found == n { return day }
            }
            day = day.adding(days: 1)
        }
        return last
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    public func count(from: CalendarDate, to: CalendarDate) -> Int {
        guard from < to else { return 0 }
        var day = from.adding(days: 1), count = 0
        while day <= to {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}

/// How often projects report: every month, or every quarter (April to June is the NHS's first).
public enum ReportingFrequency: String, CaseIterable, Codable, Sendable {
    case monthly
    case quarterly

    public var months: Int { self == .monthly ? 1 : 3 }

    public var label: String { self == .monthly ? "Monthly" : "Quarterly" }
}

/// A reporting cycle: how often, and on which working day of the month after a period the
/// update is due ("monthly, due on the 5th working day"). The system has one; a programme may
/// keep its own.
public struct ReportingCycle: Codable, Equatable, Sendable {
    public var frequency: ReportingFrequency
    public var dueWorkingDay: Int

    public init(frequency: ReportingFrequency, dueWorkingDay: Int) {
        self.frequency = frequency
        self.dueWorkingDay = dueWorkingDay
    }

    public static let standard = ReportingCycle(frequency: .monthly, dueWorkingDay: 5)
    public static let dueDayRange = 1...15

    /// The period a date falls in.
    public func period(containing date: CalendarDate) -> ReportingPeriod {
        let months = frequency.months
        let first = date.firstOfMonth()
        return ReportingPeriod(start: first.firstOfMonth(adding: -((first.month - 1) % months)), months: months)
    }

    /// When a period's update is due.
    public func due(_ period: ReportingPeriod, workingDays: WorkingDays) -> CalendarDate {
        workingDays.workingDay(dueWorkingDay, ofMonthOf: period.start.firstOfMonth(adding: period.months))
    }

    /// The period people are reporting on `today`: the last one while its due date has not
    /// passed, else the one under way.
    public func open(on today: CalendarDate, workingDays: WorkingDays) -> ReportingPeriod {
        let current = period(containing: today)
        let previous = current.previous
        return today <= due(previous, workingDays: workingDays) ? previous : current
    }

    /// A cycle as typed: a frequency from the list and a working day from 1 to 15.
    public static func validate(frequency: String?, dueWorkingDay: String?) throws -> ReportingCycle {
        var errors = FieldErrors()
        let chosen = errors.choice(frequency, "frequency", ReportingFrequency.monthly, "Select monthly or quarterly")
        if frequency.exactOrNil == nil { errors.add("frequency", "Select how often projects report", kind: .rule) }
        var day = 0
        if let text = dueWorkingDay.exactOrNil, let number = Int(text), dueDayRange.contains(number) { day = number }
        else { errors.add("dueWorkingDay", "Enter a working day from \(dueDayRange.lowerBound) to \(dueDayRange.upperBound), like 5") }
        try errors.throwIfAny()
        return ReportingCycle(frequency: chosen, dueWorkingDay: day)
    }

    /// "Monthly, due on the 5th working day of the next month".
    public var description: String {
        "\(frequency.label), due on the \(Self.ordinal(dueWorkingDay)) working day of the month after the period"
    }

    public static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return String(n) + suffix
    }
}

/// A reporting period: a month, or a quarter, named by its first month.
public struct ReportingPeriod: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first day of its first month.
    public let start: CalendarDate
    public let months: Int

    public init(start: CalendarDate, months: Int) {
        self.start = start.firstOfMonth()
        self.months = months
    }

    /// A period's key as URLs and the API write it: its first month, `2026-09`.
    public init?(key: String, months: Int) {
        guard key.count == 7, let date = CalendarDate(key + "-01") else { return nil }
        self.init(start: date, months: months)
    }

    public var key: String { String(start.description.prefix(7)) }
    public var description: String { key }

    /// The last day of the period.
    public var end: CalendarDate { start.firstOfMonth(adding: months).adding(days: -1) }
    public var next: ReportingPeriod { ReportingPeriod(start: start.firstOfMonth(adding: months), months: months) }
    public var previous: ReportingPeriod { ReportingPeriod(start: start.firstOfMonth(adding: -months), months: months) }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    /// "September 2026", or "July to September 2026" for a quarter.
    public var label: String {
        guard months > 1 else { return start.monthAndYear }
        let last = end
        let first = start.monthAndYear.split(separator: " ")[0]
        return start.year == last.year ? "\(first) to \(last.monthAndYear)" : "\(start.monthAndYear) to \(last.monthAndYear)"
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool { lhs.start < rhs.start }
}
