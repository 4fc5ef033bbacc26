import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // MARK: managed
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // MARK: data
    /// Staff sign in with an e-mail address; entrepreneurs may have none.
    @OptionalField(key: "email") var email: String?
    /// E.164; how entrepreneurs sign in.
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    @OptionalField(key: "locale") var locale: String?
    @Field(key: "is_active") var isActive: Bool

    // MARK: relationships
    @Children(for: \.$user) var memberships: [Membership]

    init() {}

    init(email: String?, phone: String?, displayName: String, passwordHash: String?, locale: Language? = nil) {
        self.email = email
        self.phone = phone
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.locale = locale?.rawValue
        self.isActive = true
    }
}
