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
    }

    static let stylesheet: Asset = load("css/app.css", .css)
    static let stylesheetPath = "/assets/app.\(stylesheet.etag.prefix(12)).css"

    private static func load(_ path: String, _ type: HTTPMediaType) -> Asset {
        let components = path.split(separator: "/")
        guard let url = Bundle.module.url(forResource: String(components.last!), withExtension: nil,
                                          subdirectory: "Resources/Public/" + components.dropLast().joined(separator: "/")),
              let data = try? Data(contentsOf: url)
        else { fatalError("asset \(path) is missing from the bundle") }
        let digest = RandomToken.hex(SHA256.hash(data: data))
        return Asset(body: ByteBuffer(data: data), contentType: type, etag: digest)
    }

    static func routes(_ app: Application) {
        app.get("assets", ":file") { request -> Response in
            guard request.parameters.get("file") == String(stylesheetPath.dropFirst("/assets/".count)) else { throw AppError.notFound }
            let asset = stylesheet
            var headers = HTTPHeaders()
            headers.contentType = asset.contentType
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
            headers.replaceOrAdd(name: .eTag, value: "\"\(asset.etag)\"")
            return Response(status: .ok, headers: headers, body: .init(buffer: asset.body))
        }
    }
}
