import ConsoleKit
import XCTVapor
@testable import App

final class DemoDataTests: XCTestCase {
    func testTheDemoHasTheWholeTerritoryOneAccountPerRoleAndLoadsOnce() async throws {
        try await withApp { app in
            expectEqual(try await app.count("regions"), 12)
            expectEqual(try await app.count("provinces"), 75)
            expectEqual(try await app.count("provinces", where: "region_id = (SELECT id FROM regions WHERE code = '06')"), 9)
            for role in Role.allCases {
                expectGreaterThan(try await app.count("memberships", where: "role = \(bind: role.rawValue)"), 0, role.rawValue)
            }
            expectGreaterThan(try await app.count("beneficiaries", where: "full_name_ar IS NOT NULL"), 30)
            try await DemoData.seed(app)
            expectEqual(try await app.count("users"), 12)
            expectEqual(try await app.count("beneficiaries"), 36)
        }
    }

    func testTheTerritoryIsLoadedWithoutTheDemo() async throws {
        try await withApp(demo: false) { app in
            expectEqual(try await app.count("regions"), 12)
            expectEqual(try await app.count("provinces"), 75)
            expectEqual(try await app.count("users"), 0)
        }
    }

    func testGenerateAddsRealisticPeopleAcrossAllRegions() async throws {
        try await withApp(demo: false) { app in
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["maillage", "--beneficiaries", "2500"]))
            context.application = app
            try await GenerateCommand().run(using: &context)
            expectEqual(try await app.count("beneficiaries"), 2500 + 36)
            expectEqual(try await app.count("structures", where: "kind = 'regional'"), 12)
            expectEqual(try await app.count("beneficiaries", where: "phone IS NOT NULL AND phone NOT LIKE '+2126%' AND phone NOT LIKE '+2127%'"), 0)
            struct Row: Decodable { let n: Int }
            let regions = try await app.sql.raw("SELECT COUNT(DISTINCT region_id) AS n FROM beneficiaries").first(decoding: Row.self)
            XCTAssertEqual(regions?.n, 12)
        }
    }
}
