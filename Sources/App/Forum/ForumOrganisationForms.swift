import Domain
import Foundation

/// The organiser's forms, each field checked with a message naming it.
enum ForumOrganisationForms {
    typealias Values = [String: String]

    private static func int(_ field: String, _ values: Values, _ range: ClosedRange<Int>, _ validator: inout Validator) -> Int {
        guard let value = Int(Digits.western(values[field] ?? "").trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            validator.add(field, "validation.range", ["min": String(range.lowerBound), "max": String(range.upperBound)])
            return range.lowerBound
        }
        return value
    }

    private static func ids(_ prefix: String, _ values: Values) -> [Int] {
        values.keys.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }.sorted()
    }

    static func edition(_ values: Values) throws(AppError) -> (number: Int, year: Int) {
        var validator = Validator()
        let number = int("number", values, 1...999, &validator), year = int("year", values, 2000...2100, &validator)
        try validator.check()
        return (number, year)
    }

    static func stop(_ values: Values, editions: [Int], regions: [Int], partners: [Int]) throws(AppError) -> ForumOrganisation.StopDraft {
        var validator = Validator()
        let edition = Int(values["edition_id"] ?? "") ?? 0
        if !editions.contains(edition) { validator.add("edition_id", "validation.choice") }
        let region = Int(values["region_id"] ?? "") ?? 0
        if !regions.contains(region) { validator.add("region_id", "validation.choice") }
        let city = validator.required("city", values["city"], maxLength: 80)
        let venue = validator.required("venue", values["venue"], maxLength: 160)
        let starts = CalendarDate(values["starts_on"] ?? ""), ends = CalendarDate(values["ends_on"] ?? "")
        if starts == nil { validator.add("starts_on", "validation.date") }
        if ends == nil { validator.add("ends_on", "validation.date") }
        if let starts, let ends, ends < starts { validator.add("ends_on", "forum.ends_before_start") }
        let hours = int("offer_hours", values, 1...168, &validator)
        let chosen = ids("partner_", values)
        if chosen.contains(where: { !partners.contains($0) }) { validator.add("partners", "validation.choice") }
        try validator.check()
        return .init(editionID: edition, regionID: region, city: city, venue: venue, startsOn: starts!.string, endsOn: ends!.string,
                     miniForum: values["mini_forum"] != nil, offerHours: hours, partnerIDs: chosen)
    }

    /// A time of day typed as `9:30` or `09h30`, on the given day, in Morocco's time.
    private static func time(_ field: String, _ values: Values, on day: CalendarDate?, _ validator: inout Validator) -> Date? {
        let parts = Digits.western(values[field] ?? "").lowercased().replacingOccurrences(of: "h", with: ":").split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else {
            validator.add(field, "forum.time_format")
            return nil
        }
        guard let day else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.morocco
        let digits = day.string.split(separator: "-").compactMap { Int($0) }
        return calendar.date(from: DateComponents(year: digits[0], month: digits[1], day: digits[2], hour: hour, minute: minute))
    }

    /// A session on one of the stop's days (`within`, as `yyyy-MM-dd`).
    static func session(_ values: Values, speakers: [Int], within days: ClosedRange<String>) throws(AppError) -> ForumOrganisation.SessionDraft {
        var validator = Validator()
        let kind = ForumProgramme.SessionKind(rawValue: values["kind"] ?? "")
        if kind == nil { validator.add("kind", "validation.choice") }
        let theme = values["theme"].flatMap { $0.isEmpty ? nil : $0 }
        if let theme, !ThemeTaxonomy.shipped.contains(theme) { validator.add("theme", "validation.choice") }
        let title = validator.localized("title", values, maxLength: 200)
        let room = validator.required("room", values["room"], maxLength: 80)
        let day = CalendarDate(values["day"] ?? "")
        if day == nil { validator.add("day", "validation.date") }
        if let day, !days.contains(day.string) { validator.add("day", "forum.day_outside_stop", ["from": days.lowerBound, "to": days.upperBound]) }
        let starts = time("starts_at", values, on: day, &validator), ends = time("ends_at", values, on: day, &validator)
        if let starts, let ends, ends <= starts { validator.add("ends_at", "forum.ends_before_start") }
        let capacity = int("capacity", values, 1...20_000, &validator)
        let chosen = ids("speaker_", values)
        if chosen.contains(where: { !speakers.contains($0) }) { validator.add("speakers", "validation.choice") }
        try validator.check()
        return .init(kind: kind!, theme: theme, title: title, room: room, startsAt: starts!, endsAt: ends!, capacity: capacity, speakerIDs: chosen)
    }

    static func speaker(_ values: Values) throws(AppError) -> ForumOrganisation.SpeakerDraft {
        var validator = Validator()
        let name = validator.required("name", values["name"], maxLength: 120)
        func optional(_ field: String, max: Int) -> String? {
            let text = values[field]?.trimmed
            if (text?.count ?? 0) > max { validator.add(field, "validation.too_long", ["max": String(max)]) }
            return text?.isEmpty == false ? text : nil
        }
        let draft = ForumOrganisation.SpeakerDraft(name: name, organisation: optional("organisation", max: 160),
                                                   bioFR: optional("bio_fr", max: 2_000), bioAR: optional("bio_ar", max: 2_000))
        try validator.check()
        return draft
    }

    /// A survey question: its kind and subject from the lists, its wording (French required), its place and whether it is asked.
    static func surveyQuestion(_ values: Values) throws(AppError) -> ForumSurveys.QuestionDraft {
        var validator = Validator()
        let kind = ForumSurveys.Kind(rawValue: values["kind"] ?? "")
        if kind == nil { validator.add("kind", "validation.choice") }
        let about = ForumSurveys.About(rawValue: values["about"] ?? "")
        if about == nil { validator.add("about", "validation.choice") }
        let french = validator.required("text_fr", values["text_fr"], maxLength: 300)
        func optional(_ field: String) -> String {
            let text = values[field]?.trimmed ?? ""
            if text.count > 300 { validator.add(field, "validation.too_long", ["max": "300"]) }
            return text
        }
        let arabic = optional("text_ar"), english = optional("text_en")
        let position = Int(Digits.western(values["position"] ?? "").trimmingCharacters(in: .whitespaces))
        if position.map({ !(1...99).contains($0) }) ?? true { validator.add("position", "validation.range", ["min": "1", "max": "99"]) }
        try validator.check()
        return .init(kind: kind!, about: about!, text: LocalizedText(fr: french, ar: arabic, en: english), position: position!, active: values["active"] != nil)
    }
}
