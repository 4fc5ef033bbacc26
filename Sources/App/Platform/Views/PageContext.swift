import HTML
import Vapor

/// What every page needs besides its own data: language, who is signed in, the form token, where we are.
struct PageContext: Sendable {
    let t: Localizer
    let actor: Actor?
    let csrfToken: String
    let path: String
    /// Where switching language comes back to: the same page, with the figures of a GET form kept.
    let back: String
    let showDevOutbox: Bool

    var language: Language { t.language }
}

extension Request {
    var page: PageContext {
        PageContext(t: localizer, actor: actor, csrfToken: csrfToken, path: url.path,
                    back: method == .GET ? url.path + (url.query.map { "?\($0)" } ?? "") : url.path,
                    showDevOutbox: application.config.devOutboxEnabled)
    }
}
