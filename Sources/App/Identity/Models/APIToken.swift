import Fluent
import Foundation

/// A bearer token for a partner system or integration. Only its hash is kept; it acts with one membership.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // MARK: managed
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // MARK: data
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// First characters of the token, so an administrator can tell tokens apart without seeing them.
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    // MARK: relationships
    @Parent(key: "membership_id") var membership: Membership
    @Parent(key: "created_by") var createdBy: User

    init() {}

    init(name: String, tokenHash: String, prefix: String, membershipID: Int, createdBy: Int) {
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.$membership.id = membershipID
        self.$createdBy.id = createdBy
    }
}
