import Fluent
import Foundation

/// A role held within a scope. A person may hold several (an advisor who also staffs the door at a forum stop).
final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    // MARK: managed
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // MARK: data
    @Field(key: "role") var role: String
    @Field(key: "scope_kind") var scopeKind: String
    @OptionalField(key: "scope_id") var scopeID: Int?

    // MARK: relationships
    @Parent(key: "user_id") var user: User

    init() {}

    init(userID: Int, role: Role, scope: Scope) {
        self.$user.id = userID
        self.role = role.rawValue
        self.scopeKind = scope.kind.rawValue
        self.scopeID = scope.targetID
    }
}
