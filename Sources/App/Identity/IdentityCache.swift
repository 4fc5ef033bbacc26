import FluentKit
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Who a session cookie or an API token stands for, remembered by this process for a few seconds: a door scanner, a
/// partner's app or a person paging through a list sends many requests a second, and the identity lookup was a fifth
/// of a list page's cost. Anything in this process that changes who someone is (sign-out, memberships, activation,
/// tokens, name or language, erasure) calls `forgetAll()`, through the model middleware below or by hand beside raw
/// SQL; another instance sees the change after `lifetime` at most, the price of not asking the database each time.
final class IdentityCache: Sendable {
    static let lifetime: TimeInterval = 5
    /// Beyond this many entries the expired ones go, so a crowd of one-off visitors does not grow the process.
    private static let tidyAbove = 10_000

    private struct Entry {
        let actor: Actor
        let until: Date
    }

    private let state = NIOLockedValueBox((generation: 0, entries: [String: Entry]()))
    private let enabled: Bool

    init(enabled: Bool = true) { self.enabled = enabled }
    static let none = IdentityCache(enabled: false)

    /// Taken before reading the database: an answer read before a change must not be remembered after it.
    var generation: Int { state.withLockedValue { $0.generation } }

    func actor(for key: String, now: Date) -> Actor? {
        state.withLockedValue { state in
            guard let entry = state.entries[key], entry.until > now else { return nil }
            return entry.actor
        }
    }

    /// `until`: the earlier of `lifetime` from now and the moment the session or token's last use is due to be
    /// written again, so that write still happens.
    func remember(_ actor: Actor, for key: String, until: Date, readAt generation: Int, now: Date) {
        guard enabled else { return }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.tidyAbove { state.entries = state.entries.filter { $0.value.until > now } }
            state.entries[key] = Entry(actor: actor, until: min(until, now.addingTimeInterval(Self.lifetime)))
        }
    }

    func forgetAll() {
        state.withLockedValue { state in
            state.generation += 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}

/// Saving or deleting a user, a membership or a token forgets every remembered identity.
struct IdentityChangeMiddleware<Model: FluentKit.Model>: AsyncModelMiddleware {
    let identities: IdentityCache

    func create(model: Model, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        identities.forgetAll()
    }

    func update(model: Model, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        identities.forgetAll()
    }

    func delete(model: Model, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        identities.forgetAll()
    }
}

extension Application {
    private struct IdentityCacheKey: StorageKey { typealias Value = IdentityCache }

    /// Set by `configure`. Requests still in flight while the application shuts down (its storage already cleared)
    /// get one that remembers nothing.
    var identities: IdentityCache { storage[IdentityCacheKey.self] ?? IdentityCache.none }

    func useIdentityCache() {
        let identities = IdentityCache()
        storage[IdentityCacheKey.self] = identities
        databases.middleware.use(IdentityChangeMiddleware<User>(identities: identities))
        databases.middleware.use(IdentityChangeMiddleware<Membership>(identities: identities))
        databases.middleware.use(IdentityChangeMiddleware<APIToken>(identities: identities))
    }
}
