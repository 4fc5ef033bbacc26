import Foundation
import SQLKit
import Vapor

/// A stop's registrations (a row per seat, with admission at the door) and attendance per session, in CSV or XLSX.
enum ForumExports {
    private struct SeatRow: Decodable {
        let ticket_code: String; let last_name: String; let first_name: String; let phone: String?; let channel: String
        let registered_at: Date; let title_fr: String; let status: String; let no_show: Bool?; let admitted_at: Date?
    }

    static func registrations(_ stop: ForumProgramme.Stop, format: String, on req: Request) async throws -> Response {
        let rows = try await req.sql.raw("""
            SELECT r.ticket_code, b.last_name, b.first_name, b.phone, r.channel, r.created_at AS registered_at, s.title_fr, x.status, x.no_show,
                   c.scanned_at AS admitted_at
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN forum_seats x ON x.registration_id = r.id
            JOIN forum_sessions s ON s.id = x.session_id LEFT JOIN forum_checkins c ON c.registration_id = r.id
            WHERE r.stop_id = \(bind: stop.id) ORDER BY s.starts_at, s.id, x.id
            """).all(decoding: SeatRow.self)
        try await req.audit(.export, "forum_stop", id: stop.id, "registrations \(format): \(rows.count) rows")
        let t = req.localizer
        var sheet = XLSXExport(header: [t("door.code"), t("beneficiaries.name"), t("beneficiaries.phone"), t("forum.export.channel"),
                                        t("forum.export.registered_at"), t("forum.agenda"), t("forum.export.seat"), t("forum.export.admitted_at"), t("door.no_shows")])
        for row in rows {
            sheet.append([.text(row.ticket_code), .text([row.last_name, row.first_name].filter { !$0.isEmpty }.joined(separator: " ")),
                          .text(BeneficiaryViews.displayPhone(row.phone)), .text(row.channel), .text(t.dateTime(row.registered_at)), .text(row.title_fr),
                          .text(t("forum.seat.\(row.status)")), .text(row.admitted_at.map(t.dateTime)), .text(row.no_show == true ? "✓" : "")])
        }
        return try respond(sheet, format: format, name: "registrations-\(stop.id)", title: t("forum.export.registrations"))
    }

    static func attendance(_ stop: ForumProgramme.Stop, format: String, on req: Request) async throws -> Response {
        let attendance = try await ForumCheckIns(sql: req.sql).attendance(stopID: stop.id)
        try await req.audit(.export, "forum_stop", id: stop.id, "attendance \(format)")
        let t = req.localizer
        var sheet = XLSXExport(header: [t("forum.agenda"), t("forum.seat.confirmed"), t("door.present"), t("door.no_shows")])
        for session in attendance.sessions {
            sheet.append([.text(session.title_fr), .number(session.confirmed), .number(session.present), .number(session.no_shows)])
        }
        return try respond(sheet, format: format, name: "attendance-\(stop.id)", title: t("door.attendance"))
    }

    static func questions(_ stop: ForumProgramme.Stop, format: String, on req: Request) async throws -> Response {
        struct Row: Decodable {
            let title_fr: String; let text: String; let votes: Int; let merged: Int; let themes: String; let status: String; let answer: String?; let source: String
        }
        let rows = try await req.sql.raw("""
            SELECT s.title_fr, q.text, q.votes, (SELECT COUNT(*) FROM forum_questions m WHERE m.merged_into_id = q.id) AS merged, q.themes, q.status,
                   q.answer, q.source
            FROM forum_questions q JOIN forum_sessions s ON s.id = q.session_id
            WHERE s.stop_id = \(bind: stop.id) AND q.merged_into_id IS NULL ORDER BY s.starts_at, s.id, q.votes DESC, q.id
            """).all(decoding: Row.self)
        try await req.audit(.export, "forum_stop", id: stop.id, "questions \(format): \(rows.count) rows")
        let t = req.localizer
        var sheet = XLSXExport(header: [t("forum.agenda"), t("forum.your_question"), t("forum.export.votes"), t("forum.export.duplicates"), t("organise.theme"), t("forum.answer"),
                                        t("forum.export.channel")])
        for row in rows {
            let themes = row.themes.split(separator: ",").map { ThemeTaxonomy.shipped.name(String($0), in: t.language) }.joined(separator: ", ")
            sheet.append([.text(row.title_fr), .text(row.text), .number(row.votes), .number(row.merged), .text(themes),
                          .text(row.status == "hidden" ? t("forum.hide") : row.answer), .text(row.source)])
        }
        return try respond(sheet, format: format, name: "questions-\(stop.id)", title: t("forum.questions"))
    }

    static func respond(_ sheet: XLSXExport, format: String, name: String, title: String) throws -> Response {
        if format == "xlsx" { return try sheet.response(filename: "\(name).xlsx", sheetName: title) }
        var csv = CSVExport(header: sheet.header)
        for row in sheet.rows { csv.append(row.map(\.text)) }
        return csv.response(filename: "\(name).csv")
    }
}
