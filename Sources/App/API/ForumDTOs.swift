import Domain
import Foundation
import Vapor

/// The forum over JSON: the programme, registration and tickets, and the door.
extension APIDTO {
    struct ForumSpeaker: Content {
        let id: Int
        let name: String
        let organisation: String?
    }

    struct ForumSpeakerProfile: Content {
        struct Appearance: Content {
            let sessionId: Int
            let stopId: Int
            let city: String
            let title: LocalizedText
            let startsAt: Date
        }
        let id: Int
        let name: String
        let organisation: String?
        let bio: LocalizedText
        let sessions: [Appearance]

        init(_ profile: ForumProgramme.SpeakerProfile) {
            id = profile.speaker.id; name = profile.speaker.name; organisation = profile.speaker.organisation; bio = profile.bio
            sessions = profile.sessions.map { Appearance(sessionId: $0.id, stopId: $0.stop_id, city: $0.city, title: $0.title, startsAt: $0.starts_at) }
        }
    }

    struct ForumPartner: Content {
        let id: Int
        let name: String
        let stops: [ForumStop]
    }

    struct ForumSession: Content {
        let id: Int
        let kind: String
        let theme: String?
        let title: LocalizedText
        let room: String
        let startsAt: Date
        let endsAt: Date
        let capacity: Int
        let seatsLeft: Int
        let waiting: Int
        let speakers: [ForumSpeaker]

        init(_ session: ForumProgramme.Session) {
            id = session.id; kind = session.kind.rawValue; theme = session.theme; title = session.title; room = session.room
            startsAt = session.startsAt; endsAt = session.endsAt; capacity = session.capacity; seatsLeft = session.seatsLeft; waiting = session.waiting
            speakers = session.speakers.map { ForumSpeaker(id: $0.id, name: $0.name, organisation: $0.organisation) }
        }
    }

    struct ForumStop: Content {
        let id: Int
        let edition: Int
        let year: Int
        let regionId: Int
        let region: LocalizedText
        let city: String
        let venue: String
        let startsOn: String
        let endsOn: String
        let miniForum: Bool
        /// With one stop only; the list leaves them out.
        let sessions: [ForumSession]?
        let partners: [String]?
        let partnerIds: [Int]?

        init(_ stop: ForumProgramme.Stop, detailed: Bool) {
            id = stop.id; edition = stop.editionNumber; year = stop.year; regionId = stop.regionID; region = stop.regionName; city = stop.city
            venue = stop.venue; startsOn = stop.startsOn; endsOn = stop.endsOn; miniForum = stop.miniForum
            sessions = detailed ? stop.sessions.map(ForumSession.init) : nil
            partners = detailed ? stop.partners.map(\.name) : nil
            partnerIds = detailed ? stop.partners.map(\.id) : nil
        }
    }

    struct ForumRegistrationInput: Content {
        let firstName: String
        let lastName: String
        let phone: String
        let gender: String?
        let language: String?
        let sessions: [Int]
        /// The person agreed that their details serve the forum and the regional structure's follow-up.
        let consent: Bool
    }

    struct ForumSeat: Content {
        let id: Int
        let sessionId: Int
        let status: String
        let offeredUntil: Date?
    }

    struct ForumTicket: Content {
        let code: String
        let stopId: Int
        let status: String
        let seats: [ForumSeat]

        init(_ ticket: ForumTickets.Ticket) {
            code = ticket.code.description; stopId = ticket.stopID; status = ticket.status
            seats = ticket.seats.map { ForumSeat(id: $0.id, sessionId: $0.session_id, status: $0.status, offeredUntil: $0.offered_until) }
        }
    }

    struct CheckInInput: Content {
        let code: String
        let device: String?
    }

    struct CheckInResult: Content {
        let verdict: String
        let admitted: Bool
        let message: String
    }

    struct ForumAttendance: Content {
        struct Session: Content { let id: Int; let confirmed: Int; let present: Int; let noShows: Int }
        let registered: Int
        let admitted: Int
        let conflicts: Int
        let sessions: [Session]

        init(_ attendance: ForumCheckIns.Attendance) {
            registered = attendance.registered; admitted = attendance.admitted; conflicts = attendance.conflicts
            sessions = attendance.sessions.map { Session(id: $0.id, confirmed: $0.confirmed, present: $0.present, noShows: $0.no_shows) }
        }
    }
}

extension APIDTO {
    struct ForumQuestion: Content {
        let id: Int
        let sessionId: Int
        let text: String
        let votes: Int
        let duplicates: Int
        let themes: [String]
        let answer: String?

        init(_ question: ForumQuestions.Question) {
            id = question.id; sessionId = question.session_id; text = question.text; votes = question.votes; duplicates = question.merged
            themes = question.themeCodes; answer = question.answer
        }
    }

    struct ForumQuestionInput: Content {
        let text: String
        let name: String?
        let phone: String?
        let consent: Bool?
    }

    struct ForumVoteInput: Content {
        /// The voting device or app user, so each votes once.
        let voter: String
    }

    struct SurveyResult: Content {
        struct Row: Content { let subject: String?; let answers: Int; let average: String?; let netPromoterScore: Int? }
        let code: String
        let kind: String
        let about: String
        let question: LocalizedText
        let rows: [Row]
        let comments: [String]
    }

    struct SurveyResults: Content {
        let invited: Int
        let answered: Int
        let questions: [SurveyResult]
    }
}
