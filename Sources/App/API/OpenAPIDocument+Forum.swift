import Foundation

/// The forum part of the OpenAPI document.
extension OpenAPIDocument {
    private static var stopParameter: [[String: Any]] { [["name": "stop", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]] }
    private static var codeParameter: [[String: Any]] {
        [["name": "code", "in": "path", "required": true, "schema": ["type": "string"], "description": "Ticket code, with or without dashes"]]
    }
    private static var seatParameters: [[String: Any]] {
        codeParameter + [["name": "seat", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]]
    }
    private static var open: [String: Any] { ["security": []] }
    private static var limited: [String: Any] { ["429": ["$ref": "#/components/responses/Error"]] }

    static var forumPaths: [String: Any] {
        [
            "/api/v1/forum/stops": ["get": operation("listForumStops", "The forum's stops in date order", secured: false,
                                                     ok: json(["type": "array", "items": ref("ForumStop")], "Stops"))],
            "/api/v1/forum/stops/{stop}": ["get": operation("getForumStop", "A stop with its sessions (seats left, waiting list) and partners",
                                                            secured: false, parameters: stopParameter, ok: json(ref("ForumStop"), "The stop"), extra: notFound)],
            "/api/v1/forum/stops/{stop}/registrations": ["post": writing(
                "registerForForumStop", "Registers a person by phone for chosen sessions: the same phone and name find the same person and ticket; "
                + "a full session puts them on its waiting list. A text message carries the ticket", parameters: stopParameter,
                body: "ForumRegistrationInput", ok: json(ref("ForumTicket"), "The ticket"), created: true,
                extra: notFound.merging(limited) { first, _ in first }).merging(open) { _, second in second }],
            "/api/v1/forum/stops/{stop}/check-ins": ["post": writing(
                "checkInForumTicket", "Door staff: admits a ticket once (`verdict` admitted), or says why not (already_used, cancelled, wrong_stop, "
                + "unknown, unreadable)", parameters: stopParameter, body: "CheckInInput", ok: json(ref("CheckInResult"), "The verdict"), extra: notFound)],
            "/api/v1/forum/stops/{stop}/attendance": ["get": operation(
                "getForumAttendance", "Door staff and organisers: registered, admitted, double scans reported, and per session the seats whose "
                + "holder came in", parameters: stopParameter, ok: json(ref("ForumAttendance"), "Attendance"), extra: notFound)],
            "/api/v1/forum/speakers/{speaker}": ["get": operation(
                "getForumSpeaker", "A speaker's profile and the sessions they speak at", secured: false,
                parameters: [["name": "speaker", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]],
                ok: json(ref("ForumSpeakerProfile"), "The speaker"), extra: notFound)],
            "/api/v1/forum/partners/{partner}": ["get": operation(
                "getForumPartner", "A partner institution and the stops where it meets entrepreneurs (404 for one at no stop)", secured: false,
                parameters: [["name": "partner", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]],
                ok: json(ref("ForumPartner"), "The partner"), extra: notFound)],
            "/api/v1/forum/tickets/{code}": ["get": operation("getForumTicket", "A ticket and its seats, for whoever holds the code", secured: false,
                                                              parameters: codeParameter, ok: json(ref("ForumTicket"), "The ticket"), extra: notFound)],
            "/api/v1/forum/tickets/{code}/seats/{seat}/cancel": ["post": operation(
                "cancelForumSeat", "Gives up a seat, an offer or a place on the waiting list; a seat given up goes to the first in line",
                secured: false, parameters: seatParameters, ok: json(ref("ForumTicket"), "The ticket"),
                extra: notFound.merging(conflict) { first, _ in first })],
            "/api/v1/forum/tickets/{code}/seats/{seat}/confirm": ["post": operation(
                "confirmForumSeat", "Takes a seat offered from the waiting list, before the offer runs out (409 after)", secured: false,
                parameters: seatParameters, ok: json(ref("ForumTicket"), "The ticket"), extra: notFound.merging(conflict) { first, _ in first })],
            "/api/v1/forum/sessions/{session}/questions": [
                "get": operation("listForumQuestions", "A session's questions still standing, most voted first, with the speakers' answers", secured: false,
                                 parameters: sessionParameter, ok: json(["type": "array", "items": ref("ForumQuestion")], "Questions"), extra: notFound),
                "post": writing("askForumQuestion", "Asks a question; a name and phone (with consent) let an advisor follow it up", parameters: sessionParameter,
                                body: "ForumQuestionInput", ok: json(ref("ForumQuestion"), "The question"), created: true,
                                extra: notFound.merging(limited) { first, _ in first }).merging(open) { _, second in second },
            ],
            "/api/v1/forum/questions/{question}/votes": ["post": writing(
                "voteForumQuestion", "One vote per voter; a vote for a merged duplicate counts for the question it was merged into",
                parameters: [["name": "question", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]], body: "ForumVoteInput",
                ok: json(ref("ForumQuestion"), "The question voted for"), extra: notFound).merging(open) { _, second in second }],
            "/api/v1/forum/stops/{stop}/survey-results": ["get": operation(
                "getForumSurveyResults", "Organisers: the satisfaction survey's answers per stop, session, speaker and partner, averages and net promoter score",
                parameters: stopParameter, ok: json(ref("SurveyResults"), "Results"), extra: notFound)],
        ]
    }

    private static var sessionParameter: [[String: Any]] { [["name": "session", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]] }

    static var forumSchemas: [String: Any] {
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        return [
            "ForumSpeaker": object(["id": integer, "name": string, "organisation": nullable("string")]),
            "ForumSpeakerProfile": object([
                "id": integer, "name": string, "organisation": nullable("string"), "bio": ref("LocalizedText"),
                "sessions": ["type": "array", "items": object(["sessionId": integer, "stopId": integer, "city": string, "title": ref("LocalizedText"),
                                                               "startsAt": dateTime])],
            ]),
            "ForumPartner": object(["id": integer, "name": string, "stops": ["type": "array", "items": ref("ForumStop")]]),
            "ForumSession": object([
                "id": integer, "kind": enumeration(ForumProgramme.SessionKind.allCases.map(\.rawValue)), "theme": nullable("string"),
                "title": ref("LocalizedText"), "room": string, "startsAt": dateTime, "endsAt": dateTime, "capacity": integer, "seatsLeft": integer,
                "waiting": integer, "speakers": ["type": "array", "items": ref("ForumSpeaker")],
            ]),
            "ForumStop": object([
                "id": integer, "edition": integer, "year": integer, "regionId": integer, "region": ref("LocalizedText"), "city": string, "venue": string,
                "startsOn": string, "endsOn": string, "miniForum": ["type": "boolean"],
                "sessions": ["type": "array", "items": ref("ForumSession"), "nullable": true], "partners": ["type": "array", "items": string, "nullable": true],
                "partnerIds": ["type": "array", "items": integer, "nullable": true],
            ]),
            "ForumRegistrationInput": object([
                "firstName": string, "lastName": string, "phone": string, "gender": ["type": "string", "enum": Gender.allCases.map(\.rawValue), "nullable": true],
                "language": ["type": "string", "enum": Language.allCases.map(\.rawValue), "nullable": true],
                "sessions": ["type": "array", "items": integer, "minItems": 1], "consent": ["type": "boolean"],
            ]),
            "ForumSeat": object(["id": integer, "sessionId": integer, "status": enumeration(ForumRegistrations.SeatStatus.allCases.map(\.rawValue)),
                                 "offeredUntil": nullable("string", format: "date-time")]),
            "ForumTicket": object(["code": string, "stopId": integer, "status": enumeration(["active", "cancelled"]),
                                   "seats": ["type": "array", "items": ref("ForumSeat")]]),
            "CheckInInput": object(["code": string, "device": nullable("string")]),
            "CheckInResult": object(["verdict": enumeration(["admitted", "already_used", "conflict", "cancelled", "wrong_stop", "unknown", "unreadable"]),
                                     "admitted": ["type": "boolean"], "message": string]),
            "ForumQuestion": object(["id": integer, "sessionId": integer, "text": string, "votes": integer, "duplicates": integer,
                                     "themes": ["type": "array", "items": string], "answer": nullable("string")]),
            "ForumQuestionInput": object(["text": ["type": "string", "minLength": 5, "maxLength": 500], "name": nullable("string"), "phone": nullable("string"),
                                          "consent": ["type": "boolean", "nullable": true]]),
            "ForumVoteInput": object(["voter": ["type": "string", "minLength": 1, "maxLength": 80]]),
            "SurveyResults": object(["invited": integer, "answered": integer, "questions": ["type": "array", "items": object([
                "code": string, "kind": enumeration(["score", "nps", "text"]), "about": enumeration(["stop", "session", "speaker", "partner"]),
                "question": ref("LocalizedText"), "comments": ["type": "array", "items": string],
                "rows": ["type": "array", "items": object(["subject": nullable("string"), "answers": integer, "average": nullable("string"),
                                                             "netPromoterScore": nullable("integer")])],
            ])]]),
            "ForumAttendance": object([
                "registered": integer, "admitted": integer, "conflicts": integer,
                "sessions": ["type": "array", "items": object(["id": integer, "confirmed": integer, "present": integer, "noShows": integer])],
            ]),
        ]
    }
}
