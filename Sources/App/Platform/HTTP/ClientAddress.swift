import Vapor

/// The address a request came from, for rate limits and the audit log. Behind a load balancer every request comes
/// from the balancer, so `X-Forwarded-For` is read, but only when the direct peer is a configured proxy: anyone else
/// could write that header to dodge a limit or forge the audit trail.
enum ClientAddress {
    /// The rightmost address in the chain that is not one of our proxies (the ones to its left are client-written).
    static func resolve(remote: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let remote, trusted.contains(remote), let forwardedFor else { return remote }
        let chain = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return chain.last { !trusted.contains($0) } ?? remote
    }
}

extension Request {
    var clientAddress: String? {
        ClientAddress.resolve(remote: remoteAddress?.ipAddress, forwardedFor: headers.first(name: .xForwardedFor),
                              trusted: application.config.trustedProxies)
    }
}
