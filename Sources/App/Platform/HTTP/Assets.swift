import Crypto
import Foundation
import Vapor

/// Static assets, read once from the bundle and served from memory under a content-hashed path, so browsers may
/// cache them for a year and a new release is fetched at once.
enum Assets {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: HTTPMediaType
        let etag: String
        /// `/assets/<name>.<hash>.<extension>`
        let path: String
    }

    static let stylesheet: Asset = load("css/app.css", .css)
    private static let javascript = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
    static let toolsScript: Asset = load("js/tools.js", javascript)
    static let doorScript: Asset = load("js/door.js", javascript)
    /// Served at `/door/sw.js` (a worker controls only the pages under its own path), never from `/assets`.
    static let doorWorker: Asset = load("js/door-sw.js", javascript)
    static var stylesheetPath: String { stylesheet.path }
    static var toolsScriptPath: String { toolsScript.path }
    static var doorScriptPath: String { doorScript.path }

    private static func load(_ path: String, _ type: HTTPMediaType) -> Asset {
        let components = path.split(separator: "/")
        let file = String(components.last!)
        guard let url = Bundle.module.url(forResource: file, withExtension: nil,
                                          subdirectory: "Resources/Public/" + components.dropLast().joined(separator: "/")),
              let data = try? Data(contentsOf: url)
        else { fatalError("asset \(path) is missing from the bundle") }
        let digest = RandomToken.hex(SHA256.hash(data: data))
        let name = file.split(separator: ".")
        return Asset(body: ByteBuffer(data: data), contentType: type, etag: digest,
                     path: "/assets/\(name.dropLast().joined(separator: ".")).\(digest.prefix(12)).\(name.last!)")
    }

    static func routes(_ app: Application) {
        let byPath = Dictionary(uniqueKeysWithValues: [stylesheet, toolsScript, doorScript].map { ($0.path, $0) })
        app.get("assets", ":file") { request -> Response in
            guard let asset = byPath["/assets/" + (request.parameters.get("file") ?? "")] else { throw AppError.notFound }
            var headers = HTTPHeaders()
            headers.contentType = asset.contentType
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
            headers.replaceOrAdd(name: .eTag, value: "\"\(asset.etag)\"")
            return Response(status: .ok, headers: headers, body: .init(buffer: asset.body))
        }
    }
}
