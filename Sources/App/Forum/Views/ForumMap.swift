import Foundation
import HTML

/// The edition's stops on a small drawing of the country, for a weak connection: no map tiles, a few hundred bytes
/// of SVG. The twelve regional capitals (reference data with its source) outline the country from Tangier to Dakhla;
/// each stop is a numbered dot at its region's capital, linked to its agenda, and a dashed line follows the route.
/// Links inside make it a group, not an image; the capitals and the route are decoration for screen readers.
enum ForumMap {
    struct Capital: Decodable, Sendable {
        let region: String
        let fr: String
        let ar: String
        let latitude: Double
        let longitude: Double
    }

    private struct Reference: Decodable {
        let capitals: [Capital]
    }

    static let capitals: [String: Capital] = {
        guard let url = Bundle.module.url(forResource: "capitals", withExtension: "json", subdirectory: "Resources/Reference"),
              let data = try? Data(contentsOf: url), let reference = try? JSONDecoder().decode(Reference.self, from: data)
        else { fatalError("capitals.json is missing from the application bundle or malformed") }
        return Dictionary(uniqueKeysWithValues: reference.capitals.map { ($0.region, $0) })
    }()

    /// Equirectangular at Morocco's mid-latitude, 20 units a degree of latitude.
    private static func point(latitude: Double, longitude: Double) -> (x: Int, y: Int) {
        (Int(((longitude + 17.5) * 0.87 * 20).rounded()), Int(((36.4 - latitude) * 20).rounded()))
    }

    static func svg(_ stops: [ForumProgramme.Stop], _ context: PageContext) -> HTML {
        let t = context.t
        // Two stops in one region sit side by side rather than on top of each other.
        var seen: [String: Int] = [:]
        let located: [(stop: ForumProgramme.Stop, x: Int, y: Int)] = stops.compactMap { stop in
            guard let capital = capitals[stop.regionCode] else { return nil }
            let (x, y) = point(latitude: capital.latitude, longitude: capital.longitude)
            let rank = seen[stop.regionCode, default: 0]
            seen[stop.regionCode] = rank + 1
            return (stop, x + rank * 18, y)
        }
        guard !located.isEmpty else { return "" }
        // Northern cities lie close together: a capital is named only where its label stays clear of the others.
        var labels: [(x: Int, y: Int)] = located.map { ($0.x, $0.y) }
        let places: [HTML] = capitals.values.sorted { $0.region < $1.region }.map { capital in
            let (x, y) = point(latitude: capital.latitude, longitude: capital.longitude)
            let dot: HTML = "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"2\" class=\"capital\"/>"
            guard seen[capital.region] == nil, !labels.contains(where: { abs($0.y - y) < 14 && abs($0.x - x) < 60 }) else { return dot }
            labels.append((x, y))
            let east = x > 200
            return """
            \(dot)<text x="\(east ? x - 5 : x + 5)" y="\(y + 3)" class="capital"\(east ? HTML(" text-anchor=\"end\"") : HTML())>\
            \(context.language == .ar ? capital.ar : capital.fr)</text>
            """
        }
        let route = located.map { "\($0.x),\($0.y)" }.joined(separator: " ")
        let dots: [HTML] = located.enumerated().map { index, place in
            """
            <a href="/forum/stops/\(place.stop.id)" class="stop-dot"><circle cx="\(place.x)" cy="\(place.y)" r="8"/>\
            <text x="\(place.x)" y="\(place.y + 3)" text-anchor="middle">\(t.number(index + 1))</text>\
            <text x="\(place.x + 11)" y="\(place.y + 4)" class="city">\(place.stop.city)</text></a>
            """
        }
        return """
        <figure class="forum-map"><svg id="stops-map" viewBox="0 0 300 265" role="group" aria-labelledby="stops-map-title">\
        <title id="stops-map-title">\(t("forum.map"))</title><g aria-hidden="true">\(places)<polyline points="\(route)" class="route"/></g>\
        \(dots)</svg></figure>
        """
    }
}
