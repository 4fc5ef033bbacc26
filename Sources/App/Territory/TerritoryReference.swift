import Foundation
import SQLKit

/// The 12 regions and 75 provinces of the 2015 division, from the reference file shipped with the product.
enum TerritoryReference {
    struct RegionRow: Sendable {
        let code, nameFR, nameAR, capital: String
        let provinces: [String]
    }

    static func load() throws -> [RegionRow] {
        guard let url = Bundle.module.url(forResource: "regions", withExtension: "csv", subdirectory: "Resources/Reference") else {
            throw ReferenceMissing()
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        return lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return RegionRow(code: cells[0], nameFR: cells[1], nameAR: cells[2], capital: cells[3],
                             provinces: cells[4].split(separator: "|").map(String.init))
        }
    }

    /// Inserts what is missing; safe to run on every start.
    static func seed(on database: any SQLDatabase) async throws {
        let existing = try await database.raw("SELECT COUNT(*) AS n FROM regions").first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        for region in try load() {
            let id = try await database.raw("""
                INSERT INTO regions (code, name_fr, name_ar, capital) VALUES (\(bind: region.code), \(bind: region.nameFR), \(bind: region.nameAR), \(bind: region.capital))
                RETURNING id
                """).first()!.decode(column: "id", as: Int.self)
            for (index, province) in region.provinces.enumerated() {
                // No official province codes exist in the reference; region code and rank make stable internal ones.
                let code = "\(region.code)-\(String(format: "%02d", index + 1))"
                try await database.raw("""
                    INSERT INTO provinces (region_id, code, name_fr) VALUES (\(bind: id), \(bind: code), \(bind: province))
                    """).run()
            }
        }
    }

    struct ReferenceMissing: Error, CustomStringConvertible {
        var description: String { "regions.csv is missing from the application bundle" }
    }
}
