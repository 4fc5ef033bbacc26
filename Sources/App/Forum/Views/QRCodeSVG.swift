import Domain
import HTML

/// A QR code as inline SVG: one path of unit squares with the four-module quiet zone, crisp at any size and in print.
enum QRCodeSVG {
    static func render(_ code: QRCode, label: String) -> HTML {
        var path = ""
        for (y, row) in code.modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let side = code.size + 8
        return """
        <svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" role="img" aria-label="\(label)" shape-rendering="crispEdges">\
        <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
        """
    }
}
