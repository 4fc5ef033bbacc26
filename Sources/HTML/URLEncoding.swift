/// Percent-encoding for query values built into links, so a value can never add parameters or change the path.
public enum URLEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    public static func queryValue(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return result
    }

    /// `path?k=v&…` with each key and value encoded; pairs with a nil value are left out.
    public static func url(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { key, value in value.map { "\(queryValue(key))=\(queryValue($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }
}
