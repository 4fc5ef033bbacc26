import Vapor

/// Registers each feature's routes; nothing else belongs here.
func routes(_ app: Application) throws {
    Assets.routes(app)
    try app.register(collection: HealthController())
    try app.register(collection: IdentityWebController())
    try app.register(collection: AdminWebController())
    try app.register(collection: BeneficiariesWebController())
    try app.register(collection: AccompanimentWebController())
    try app.register(collection: ReferralsWebController())
    try app.register(collection: MyDataWebController())
    try app.register(collection: ImportWebController())
    try app.register(collection: MergeWebController())
    try app.register(collection: RecordEditWebController())
    try app.register(collection: DiagnosticsWebController())
    try app.register(collection: InstrumentsAdminController())
    try app.register(collection: MeasuresWebController())
    try app.register(collection: MeasuresAdminController())
    try app.register(collection: CaseMeasuresWebController())
    try app.register(collection: CampaignsWebController())
    try app.register(collection: CoachingWebController())
    try app.register(collection: ToolResultsWebController())
    try app.register(collection: APIController())
    try app.register(collection: AccompanimentAPIController())
    try app.register(collection: MergeAPIController())
    try app.register(collection: DiagnosticsAPIController())
    try app.register(collection: MeasuresAPIController())
}
