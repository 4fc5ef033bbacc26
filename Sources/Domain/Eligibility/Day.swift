/// A calendar day, as criteria and validity periods speak of them (no time, no zone).
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2026-01-31`.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whole months from `start` to this day: a business started on 31 January is one month old on 28 February.
    func months(since start: Day) -> Int {
        var months = (year - start.year) * 12 + (month - start.month)
        let endOfMonth = day == Self.days(inMonth: month, year: year)
        if day < start.day && !endOfMonth { months -= 1 }
        return months
    }

    /// The day before: rule versions end the day before the next one starts.
    public var previous: Day {
        if day > 1 { return Day(year: year, month: month, day: day - 1)! }
        let month = self.month == 1 ? 12 : self.month - 1
        let year = self.month == 1 ? self.year - 1 : self.year
        return Day(year: year, month: month, day: Self.days(inMonth: month, year: year))!
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// When a rule or a measure applies: from a first day, until a last day or for as long as nobody says otherwise.
public struct Validity: Sendable, Equatable {
    public let from: Day
    public let until: Day?

    public init(from: Day, until: Day?) {
        self.from = from
        self.until = until
    }

    public func contains(_ day: Day) -> Bool { from <= day && (until.map { day <= $0 } ?? true) }
}
