import Domain
import Foundation
import HTML
import Vapor

/// The door of a forum stop, for door staff on a phone: scan with the camera or type the code, green or red at once;
/// a script keeps the stop's ticket list and queues scans while the network is away (`door.js`), and the page works
/// without it while online.
struct DoorWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("door", use: index)
        routes.get("door", "sw.js", use: serviceWorker)
        let stop = routes.grouped("door", "stops", ":stop")
        stop.get(use: page)
        stop.post("scan", use: scanForm)
        stop.post("scan.json", use: scanJSON)
        stop.get("tickets.json", use: tickets)
        stop.post("sync", use: sync)
        stop.get("attendance", use: attendance)
        stop.post("no-shows", use: noShows)
    }

    func index(req: Request) async throws -> HTML {
        let actor = try req.authorize(.checkIn)
        let reach = Policy.forumReach(of: actor, through: .checkIn)
        let stops = try await ForumProgramme(sql: req.sql).stops().filter { reach.covers($0.editionID) }
        return DoorViews.index(req.page, stops)
    }

    /// The stop with its agenda, for pages, if the actor keeps its door.
    private func stop(_ req: Request) async throws -> (Actor, ForumProgramme.Stop) {
        let (actor, id) = try await req.doorStop()
        guard let stop = try await ForumProgramme(sql: req.sql).stop(id) else { throw AppError.notFound }
        return (actor, stop)
    }

    func page(req: Request) async throws -> HTML {
        let (_, stop) = try await stop(req)
        return DoorViews.page(req.page, stop, verdict: nil)
    }

    struct ScanInput: Content {
        let code: String
        let device: String?
    }

    func scanForm(req: Request) async throws -> HTML {
        let (actor, stop) = try await stop(req)
        let input = try req.content.decode(ScanInput.self)
        let verdict = try await req.forumCheckIns.scan(input.code, stopID: stop.id, device: Self.device(input.device), userID: actor.userID)
        return DoorViews.page(req.page, stop, verdict: verdict)
    }

    struct ScanResult: Content {
        let verdict: String
        let admitted: Bool
        let message: String
    }

    func scanJSON(req: Request) async throws -> ScanResult {
        let (actor, stopID) = try await req.doorStop()
        let input = try req.content.decode(ScanInput.self)
        let verdict = try await req.forumCheckIns.scan(input.code, stopID: stopID, device: Self.device(input.device), userID: actor.userID)
        return ScanResult(verdict: verdict.code, admitted: verdict.admitted, message: DoorViews.message(verdict, req.localizer))
    }

    struct TicketList: Content {
        let stopId: Int
        let generatedAt: Date
        let tickets: [ForumCheckIns.OfflineTicket]
    }

    func tickets(req: Request) async throws -> TicketList {
        let (_, stopID) = try await req.doorStop()
        let tickets = try await req.forumCheckIns.offlineList(stopID: stopID)
        try await req.audit(.read, "forum_stop", id: stopID, "ticket list for offline check-in: \(tickets.count) first names")
        return TicketList(stopId: stopID, generatedAt: Date(), tickets: tickets)
    }

    struct SyncInput: Content {
        struct Scan: Content { let code: String; let at: Date }
        let device: String
        let scans: [Scan]
    }

    struct SyncResult: Content {
        let code: String
        let verdict: String
        let message: String
    }

    /// Scans queued offline, in the order they were made; each answered as it was judged once back online.
    func sync(req: Request) async throws -> [SyncResult] {
        let (actor, stopID) = try await req.doorStop()
        let input = try req.content.decode(SyncInput.self)
        guard input.scans.count <= 5_000 else { throw AppError.validation(["scans": FieldProblem("validation.too_long", ["max": "5000"])]) }
        let checkIns = req.forumCheckIns
        var results: [SyncResult] = []
        for scan in input.scans.sorted(by: { $0.at < $1.at }) {
            let verdict = try await checkIns.scan(scan.code, stopID: stopID, device: Self.device(input.device), userID: actor.userID, at: scan.at, offline: true)
            results.append(SyncResult(code: scan.code, verdict: verdict.code, message: DoorViews.message(verdict, req.localizer)))
        }
        return results
    }

    func attendance(req: Request) async throws -> HTML {
        let (_, stop) = try await stop(req)
        return DoorViews.attendance(req.page, stop, try await ForumCheckIns(sql: req.sql).attendance(stopID: stop.id), notice: nil)
    }

    func noShows(req: Request) async throws -> HTML {
        let (_, stop) = try await stop(req)
        let checkIns = ForumCheckIns(sql: req.sql)
        let marked = try await checkIns.markNoShows(stopID: stop.id)
        try await req.audit(.update, "forum_stop", id: stop.id, "\(marked) no-shows marked")
        return DoorViews.attendance(req.page, stop, try await checkIns.attendance(stopID: stop.id),
                                    notice: req.localizer("door.no_shows_marked", ["count": req.localizer.number(marked)]))
    }

    func serviceWorker(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = Assets.doorWorker.contentType
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(buffer: Assets.doorWorker.body))
    }

    /// A device names itself; an empty or odd name becomes "browser" (the page used without its script).
    private static func device(_ name: String?) -> String {
        guard let name, (1...40).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return "browser" }
        return name
    }
}

extension Request {
    /// The stop in the path, if the actor keeps its door: one query, for the edition that decides it.
    func doorStop() async throws -> (Actor, Int) {
        let stops = application.forumStops ?? ForumStopCache()
        let actor = try authorize(.checkIn)
        guard let id = parameters.get("stop", as: Int.self), let edition = try await stops.editionID(ofStop: id, on: sql),
              Policy.forumReach(of: actor, through: .checkIn).covers(edition) else { throw AppError.notFound }
        return (actor, id)
    }

    /// Scans go through the application's SQLite write queue and admission batcher.
    var forumCheckIns: ForumCheckIns { ForumCheckIns(sql: sql, writeQueue: application.writeQueue, scans: application.forumScans) }
}
