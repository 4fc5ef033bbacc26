import Foundation

/// A stop's sessions as an iCalendar feed (RFC 5545): times in UTC, text escaped, lines ended by CRLF.
enum ForumCalendar {
    static func feed(_ stop: ForumProgramme.Stop, language: Language, baseURL: URL) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Maillage//Forum//FR", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:\(escape("\(stop.series[language]) · \(stop.city)"))"]
        let stamp = utc(Date())
        for session in stop.sessions {
            lines += ["BEGIN:VEVENT", "UID:forum-session-\(session.id)@maillage", "DTSTAMP:\(stamp)", "DTSTART:\(utc(session.startsAt))",
                      "DTEND:\(utc(session.endsAt))", "SUMMARY:\(escape(session.title[language]))",
                      "LOCATION:\(escape("\(session.room), \(stop.venue), \(stop.city)"))",
                      "URL:\(baseURL.appendingPathComponent("forum/stops/\(stop.id)").absoluteString)", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    private static func utc(_ date: Date) -> String {
        let parts = CalendarDate.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, without cutting a character in two.
    private static func fold(_ line: String) -> String {
        var folded = ""
        var length = 0
        for character in line {
            let size = String(character).utf8.count
            if length + size > 75 {
                folded += "\r\n "
                length = 1
            }
            folded.append(character)
            length += size
        }
        return folded
    }
}
