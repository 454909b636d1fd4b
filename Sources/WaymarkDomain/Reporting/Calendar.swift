import Foundation

/// One date in a calendar feed: a milestone, a review, a due date. All-day, on its date.
public struct CalendarEvent: Equatable, Sendable {
    /// Stable across feeds and over time ("milestone-<id>@waymark"), so a calendar updates the
    /// event rather than adding another.
    public var uid: String
    public var date: CalendarDate
    public var summary: String
    public var description: String
    /// The item's page.
    public var url: String?

    public init(uid: String, date: CalendarDate, summary: String, description: String = "", url: String? = nil) {
        self.uid = uid
        self.date = date
        self.summary = summary
        self.description = description
        self.url = url
    }
}

/// A calendar feed someone subscribed to: a project's dates, or everything the person owns.
public struct CalendarFeed: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var personID: UUID
    /// Nil for the person's own feed (what they own across projects).
    public var projectID: UUID?
    public var createdAt: Date

    public init(id: UUID, personID: UUID, projectID: UUID?, createdAt: Date) {
        self.id = id
        self.personID = personID
        self.projectID = projectID
        self.createdAt = createdAt
    }
}

/// iCalendar (RFC 5545) as calendar programs subscribe to it: text escaped, lines folded at 75
/// octets, CRLF line ends, all-day events.
public enum ICalendar {
    public static func document(name: String, events: [CalendarEvent], stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Waymark//Portfolio dates//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + text(name)]
        let stamped = timestamp(stamp)
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + text(event.uid), "DTSTAMP:" + stamped,
                      "DTSTART;VALUE=DATE:" + day(event.date), "DTEND;VALUE=DATE:" + day(event.date.adding(days: 1)),
                      "SUMMARY:" + text(event.summary), "TRANSP:TRANSPARENT"]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + text(event.description)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`, and no other
    /// control character (RFC 5545 section 3.3.11).
    public static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if scalar.properties.generalCategory == .control { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A content line folded so that no line is longer than 75 octets, never inside a character.
    public static func fold(_ line: String) -> String {
        var folded = "", width = 0
        for character in line {
            let size = String(character).utf8.count
            if width + size > 75 {
                folded += "\r\n "
                width = 1
            }
            folded.append(character)
            width += size
        }
        return folded
    }

    static func day(_ date: CalendarDate) -> String {
        CalendarDate.pad(date.year, 4) + CalendarDate.pad(date.month, 2) + CalendarDate.pad(date.day, 2)
    }

    static func timestamp(_ date: Date) -> String {
        let parts = CalendarDate.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return CalendarDate.pad(parts.year!, 4) + CalendarDate.pad(parts.month!, 2) + CalendarDate.pad(parts.day!, 2) + "T"
            + CalendarDate.pad(parts.hour!, 2) + CalendarDate.pad(parts.minute!, 2) + CalendarDate.pad(parts.second!, 2) + "Z"
    }
}
