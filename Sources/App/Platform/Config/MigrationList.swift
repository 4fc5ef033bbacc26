import Fluent

/// Every migration in the order it must run. Append only: never edit or reorder a migration that has shipped.
enum MigrationList {
    static let all: [any Migration] = [
        CreateUsers(),                 // people who sign in
        CreateMemberships(),           // their roles within scopes
        CreateWebSessions(),           // sessions in the database, so any instance serves any user
        CreateLoginCodes(),            // one-time codes for phone sign-in
        CreateRegions(),               // the 12 regions
        CreateProvinces(),             // the 75 provinces and prefectures
        CreateStructures(),            // regional support structures and antennas
        CreatePartnerInstitutions(),   // banks, telecom, CRI, chambers, training office
        CreateAPITokens(),             // bearer tokens for partners and integrations
        CreateRateLimitHits(),         // rate-limit counters shared by all instances
        CreateAuditEntries(),          // who saw or changed personal data
        CreateJobs(),                  // the background job queue
        CreateNotifications(),         // the notification outbox
        CreateBeneficiaries(),         // people the programme accompanies
        CreateBusinesses(),            // their businesses, formal or informal, and projects
        AddBeneficiaryRegistryColumns(), // duplicate keys, who registered, anonymisation
        CreateBeneficiaryTerms(),      // search by name fragment within a scope
        CreateAccompaniments(),        // cases: beneficiary, structure, advisor, stage
        CreateInteractions(),          // meetings, calls, visits, workshops
        CreatePlanActions(),           // the action plan
        CreateReferrals(),             // referrals to partners and measures
        CreateOutcomes(),              // measured results
        CreateImports(),               // uploaded lists of beneficiaries and their import keys
        CreateMerges(),                // merged duplicates, reversible
        CreateDiagnostics(),           // diagnostic instruments, their questions, diagnostics taken
        CreateMeasures(),              // support measures, their rules over time, campaigns and "tell me when it opens"
        CreateToolResults(),           // coaching tools' results saved to a person's file
        AddToolResultSharing(),        // results shared with a partner bank; the scores a check-up showed
        AddDigitalCheckup(),           // the digital check-up instrument, for databases older than it
        CreateBudgetTemplates(),       // budget templates by activity, edited by administrators
        CreateForum(),                 // the travelling forum: editions, stops, sessions, registrations and seats
        CreateForumCheckIns(),         // admissions at the door, conflicts between offline devices, no-shows
        CreateForumQuestions(),        // questions to speakers, votes, merges, answers
        CreateForumSurveys(),          // the satisfaction survey after a stop: questions as data, invitations, answers
        AddForumSeatsByRegistration(), // a ticket's seats found by registration, not by scanning them all
        AddSearchTermPairs(),          // "mohamed alaoui" as one index range: pair rows for people already registered
        ClusterSearchRowsByPerson(),   // SQLite: search rows stored once, in person order
        IndexRareColumnsOnlyWhereSet(), // indexes of mostly empty columns hold only the records that have a value
    ]
}
