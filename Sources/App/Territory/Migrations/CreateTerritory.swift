import Fluent

struct CreateRegions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name_fr", .string, .required)
            .field("name_ar", .string, .required)
            .field("capital", .string, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("regions").delete() }
}

struct CreateProvinces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("provinces")
            .field(.id, .int, .identifier(auto: true))
            .field("region_id", .int, .required, .references("regions", .id))
            .field("code", .string, .required)
            .field("name_fr", .string, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("provinces").delete() }
}

struct CreateStructures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("structures")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("region_id", .int, .required, .references("regions", .id))
            .field("parent_id", .int, .references("structures", .id))
            .field("city", .string, .required)
            .create()
        try await SQLIndex.create("structures_parent", on: "structures", ["parent_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("structures").delete() }
}

struct CreatePartnerInstitutions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partner_institutions")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("region_id", .int, .references("regions", .id))
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("partner_institutions").delete() }
}
