/// Where a case stands. Stages move forward or back freely; closing needs a reason.
enum CaseStage: String, CaseIterable, Sendable {
    case intake, diagnostic, plan, followUp = "follow_up", closed
}

enum ClosedReason: String, CaseIterable, Sendable {
    case goalReached = "goal_reached", referredElsewhere = "referred_elsewhere", unreachable, withdrew, other
}

enum InteractionKind: String, CaseIterable, Sendable {
    case meeting, call, visit, workshop
}

enum ActionOwner: String, CaseIterable, Sendable {
    case advisor, beneficiary, partner
}

enum ActionStatus: String, CaseIterable, Sendable {
    case open, done, cancelled
}

/// A referral's life: sent by the advisor, accepted or declined by the partner, then granted or refused;
/// the advisor may withdraw it while it waits.
enum ReferralStatus: String, CaseIterable, Sendable {
    case sent, accepted, declined, granted, refused, withdrawn

    /// The answers a partner may give from this status.
    var partnerAnswers: [ReferralStatus] {
        switch self {
        case .sent: [.accepted, .declined, .granted, .refused]
        case .accepted: [.granted, .refused]
        case .declined, .granted, .refused, .withdrawn: []
        }
    }
}

enum OutcomeKind: String, CaseIterable, Sendable {
    case formalised, financing, jobs, turnover, digital, training
}
