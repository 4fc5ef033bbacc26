/// Things a person may be allowed to do. Data reach (which records) is decided separately by `PersonalDataScope`.
public enum Permission: String, Sendable, CaseIterable {
    case manageUsers, manageTokens, viewAudit, viewDevOutbox, editInstruments, editMeasures, editTools
    case runCampaigns, checkIn, organiseForum, answerQuestions
    case readBeneficiaries, writeBeneficiaries, manageCases, answerReferrals
    case viewOwnProfile

    /// Powers over the whole platform: only a national grant confers them, whatever the role.
    var isNationalOnly: Bool { [.manageUsers, .manageTokens, .viewAudit, .viewDevOutbox, .editInstruments, .editMeasures, .editTools].contains(self) }
}

/// The one authorisation policy: every controller asks it, no controller decides on its own.
public enum Policy {
    static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .administrator: Set(Permission.allCases)
        case .nationalCoordinator: [.readBeneficiaries, .viewAudit, .runCampaigns]
        case .structureManager: [.readBeneficiaries, .writeBeneficiaries, .manageCases, .runCampaigns]
        case .advisor: [.readBeneficiaries, .writeBeneficiaries, .manageCases]
        case .committeeMember: [.readBeneficiaries]
        case .partnerOfficer: [.answerReferrals]
        case .eventOrganiser: [.checkIn, .organiseForum, .answerQuestions]
        case .doorStaff: [.checkIn]
        case .speaker: [.answerQuestions]
        case .entrepreneur: [.viewOwnProfile]
        }
    }

    public static func allows(_ actor: Actor, _ permission: Permission) -> Bool {
        actor.grants.contains { grant in
            permissions(of: grant.role).contains(permission) && (!permission.isNationalOnly || grant.scope == .national)
        }
    }
}

/// Which beneficiaries' personal data an actor may reach. Only `Policy` makes one, from an authenticated actor,
/// and every query on personal data takes one: an unscoped read cannot be written by accident.
public struct PersonalDataScope: Sendable, Hashable {
    public let everything: Bool
    public let regionIDs: [Int]
    /// Structures held directly. An antenna is a structure of its own, with its own memberships.
    public let structureIDs: [Int]
    /// An entrepreneur reaches the records linked to their own account.
    public let ownUserID: Int?

    public var isEmpty: Bool { !everything && regionIDs.isEmpty && structureIDs.isEmpty && ownUserID == nil }

    /// Whether a record with these scope columns is within reach: the same rule as the queries' WHERE fragment.
    public func contains(regionID: Int, structureID: Int?, userID: Int?) -> Bool {
        everything || regionIDs.contains(regionID) || structureID.map(structureIDs.contains) == true
            || (ownUserID != nil && userID == ownUserID)
    }

    fileprivate init(everything: Bool = false, regionIDs: [Int] = [], structureIDs: [Int] = [], ownUserID: Int? = nil) {
        self.everything = everything
        self.regionIDs = regionIDs
        self.structureIDs = structureIDs
        self.ownUserID = ownUserID
    }
}

extension Policy {
    /// For the product acting on its own (demo data, commands), never for a request: no person is behind it.
    static let systemScope = PersonalDataScope(everything: true)

    public static func beneficiaryScope(for actor: Actor) -> PersonalDataScope {
        var everything = false
        var regions: [Int] = []
        var structures: [Int] = []
        var own: Int?
        for grant in actor.grants {
            if grant.role == .entrepreneur { own = actor.userID; continue }
            guard permissions(of: grant.role).contains(.readBeneficiaries) else { continue }
            switch grant.scope {
            case .national: everything = true
            case .region(let id): regions.append(id)
            case .structure(let id): structures.append(id)
            case .partner, .event, .own: break
            }
        }
        return everything ? PersonalDataScope(everything: true)
            : PersonalDataScope(regionIDs: regions, structureIDs: structures, ownUserID: own)
    }
}

/// The partner institutions whose referral inbox an actor answers for. Only `Policy` makes one.
public struct PartnerScope: Sendable, Equatable {
    /// Every institution: a national grant that may answer referrals.
    public let all: Bool
    public let partnerIDs: [Int]

    public var isEmpty: Bool { !all && partnerIDs.isEmpty }
    public func contains(_ partnerID: Int) -> Bool { all || partnerIDs.contains(partnerID) }

    fileprivate init(all: Bool, partnerIDs: [Int]) {
        self.all = all
        self.partnerIDs = partnerIDs
    }
}

extension Policy {
    public static func partnerScope(for actor: Actor) -> PartnerScope {
        var ids: [Int] = []
        for grant in actor.grants where permissions(of: grant.role).contains(.answerReferrals) {
            switch grant.scope {
            case .national: return PartnerScope(all: true, partnerIDs: [])
            case .partner(let id): ids.append(id)
            case .region, .structure, .event, .own: break
            }
        }
        return PartnerScope(all: false, partnerIDs: ids)
    }

    /// Where an actor may register people and open cases: their structures, every structure of their regions,
    /// or everywhere with a national grant.
    public static func writableStructures(for actor: Actor) -> (all: Bool, structureIDs: [Int], regionIDs: [Int]) {
        reach(of: actor, through: .writeBeneficiaries)
    }

    /// The structures and regions that the actor's grants holding `permission` cover, or everywhere with a national one.
    static func reach(of actor: Actor, through permission: Permission) -> (all: Bool, structureIDs: [Int], regionIDs: [Int]) {
        var structures: [Int] = []
        var regions: [Int] = []
        for grant in actor.grants where permissions(of: grant.role).contains(permission) {
            switch grant.scope {
            case .national: return (true, [], [])
            case .region(let id): regions.append(id)
            case .structure(let id): structures.append(id)
            case .partner, .event, .own: break
            }
        }
        return (false, structures, regions)
    }

    /// The records an actor may change (merge, for instance): the reach of `writableStructures` as a scope.
    /// The forum editions the actor keeps the doors of, or organises: all of them with a national grant, else those of their event grants.
    public struct ForumReach: Sendable {
        public let all: Bool
        public let editionIDs: [Int]

        public func covers(_ editionID: Int) -> Bool { all || editionIDs.contains(editionID) }
    }

    public static func forumReach(of actor: Actor, through permission: Permission) -> ForumReach {
        var editions: [Int] = []
        for grant in actor.grants where permissions(of: grant.role).contains(permission) {
            switch grant.scope {
            case .national: return ForumReach(all: true, editionIDs: [])
            case .event(let id): editions.append(id)
            case .region, .structure, .partner, .own: break
            }
        }
        return ForumReach(all: false, editionIDs: editions)
    }

    public static func writeScope(for actor: Actor) -> PersonalDataScope { scope(reach(of: actor, through: .writeBeneficiaries)) }

    /// The reach of campaigns: only grants whose role may run them count, so a structure manager who also sits on a
    /// regional committee campaigns in their structure, not across the region.
    public static func campaignScope(for actor: Actor) -> PersonalDataScope { scope(reach(of: actor, through: .runCampaigns)) }

    private static func scope(_ reach: (all: Bool, structureIDs: [Int], regionIDs: [Int])) -> PersonalDataScope {
        reach.all ? PersonalDataScope(everything: true)
            : PersonalDataScope(regionIDs: reach.regionIDs, structureIDs: reach.structureIDs, ownUserID: nil)
    }
}
