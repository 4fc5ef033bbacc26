import Crypto
import Foundation

enum RandomToken {
    /// 32 random bytes as unpadded base64url: 43 characters, safe in cookies and URLs.
    static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { base64URL($0) }
    }

    static func base64URL<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Stored form of a bearer secret (session id, API token): a lookup key that is useless if the table leaks.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

enum ConstantTime {
    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
