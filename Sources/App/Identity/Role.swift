/// What a person does in the programme. Stored as text so a new role needs no schema change.
public enum Role: String, CaseIterable, Sendable, Codable {
    case administrator
    case nationalCoordinator = "national_coordinator"
    case structureManager = "structure_manager"
    case advisor
    case eventOrganiser = "event_organiser"
    case doorStaff = "door_staff"
    case speaker
    case partnerOfficer = "partner_officer"
    case committeeMember = "committee_member"
    case entrepreneur

    var localeKey: String { "role.\(rawValue)" }
}

/// Where a membership applies. Stored as a kind and the id of the matching territory, structure, partner or event.
public enum Scope: Sendable, Hashable, Codable {
    case national
    case region(Int)
    case structure(Int)
    case partner(Int)
    case event(Int)
    /// An entrepreneur's own records only.
    case own

    public enum Kind: String, CaseIterable, Sendable, Codable {
        case national, region, structure, partner, event, own
    }

    var kind: Kind {
        switch self {
        case .national: .national
        case .region: .region
        case .structure: .structure
        case .partner: .partner
        case .event: .event
        case .own: .own
        }
    }

    var targetID: Int? {
        switch self {
        case .national, .own: nil
        case .region(let id), .structure(let id), .partner(let id), .event(let id): id
        }
    }

    init?(kind: Kind, targetID: Int?) {
        switch (kind, targetID) {
        case (.national, _): self = .national
        case (.own, _): self = .own
        case (.region, let id?): self = .region(id)
        case (.structure, let id?): self = .structure(id)
        case (.partner, let id?): self = .partner(id)
        case (.event, let id?): self = .event(id)
        default: return nil
        }
    }
}
