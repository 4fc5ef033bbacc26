import Foundation
import SQLKit
import Vapor

/// `maillage generate --beneficiaries N`: synthetic data at national scale for benchmarks. Adds a regional
/// structure in every region and spreads the people over all structures.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "beneficiaries", help: "How many beneficiaries to add (default 100000)") var beneficiaries: Int?
        @Option(name: "seed", help: "Random seed, for the same data every time (default 1)") var seed: Int?
    }

    var help: String { "Generates realistic synthetic data for benchmarks (demo accounts included)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        try await DemoData.seed(app)
        let sql = app.db as! any SQLDatabase
        let regionIDs = try await DemoData.regionIDsByCode(sql)
        for (code, regionID) in regionIDs.sorted(by: { $0.key < $1.key }) {
            let name = "Structure régionale d'appui aux TPE (région \(code))"
            if try await sql.raw("SELECT id FROM structures WHERE region_id = \(bind: regionID)").first() == nil {
                _ = try await DemoData.insertStructure(sql, name: name, kind: "regional", regionID: regionID, parentID: nil, city: "")
            }
        }
        struct StructureRow: Decodable { let id: Int; let region_id: Int }
        let structures = try await sql.raw("SELECT id, region_id FROM structures ORDER BY id").all(decoding: StructureRow.self)
        var provinces: [Int: [Int]] = [:]
        for row in try await sql.raw("SELECT id, region_id FROM provinces").all() {
            provinces[try row.decode(column: "region_id", as: Int.self), default: []].append(try row.decode(column: "id", as: Int.self))
        }

        let total = signature.beneficiaries ?? 100_000
        var random = SplitMix64(seed: UInt64(signature.seed ?? 1))
        let batchSize = 1000
        let started = Date()
        var written = 0
        while written < total {
            let count = min(batchSize, total - written)
            let rows = (0..<count).map { _ in
                let structure = structures.randomElement(using: &random)!
                return BeneficiaryGenerator.row(regionID: structure.region_id, provinceIDs: provinces[structure.region_id] ?? [],
                                                structureID: structure.id, using: &random)
            }
            try await BeneficiaryGenerator.insert(rows, cases: .generated, on: sql)
            written += count
            if written % 100_000 == 0 || written == total {
                context.console.print("\(written) beneficiaries (\(Int(Date().timeIntervalSince(started))) s)")
            }
        }
        // A realistic caseload for the demo advisor of Casablanca: a few hundred of their structure's cases.
        try await sql.raw("""
            UPDATE accompaniments SET advisor_id = (SELECT id FROM users WHERE email = 'advisor.casa@demo.maillage.ma')
            WHERE id IN (SELECT c.id FROM accompaniments c JOIN memberships m ON m.scope_kind = 'structure' AND m.scope_id = c.structure_id
                         JOIN users u ON u.id = m.user_id AND u.email = 'advisor.casa@demo.maillage.ma'
                         WHERE c.advisor_id IS NULL ORDER BY c.id LIMIT 400)
            """).run()
        // Fresh statistics, so the planners pick the scoped-list indexes from the first request. On PostgreSQL a
        // vacuum too, as autovacuum would do later: until then index-only scans visit the table for every new row.
        try await sql.raw(sql.dialect.name == "postgresql" ? "VACUUM (ANALYZE)" : "ANALYZE").run()
    }
}
