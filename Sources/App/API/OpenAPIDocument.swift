import Foundation

/// The OpenAPI 3 description of `/api/v1`. Schemathesis checks every response against it in `scripts/test`,
/// so a change to a DTO that is not made here fails the build's API suite.
enum OpenAPIDocument {
    static let json: Data = try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func nullable(_ type: String, format: String? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": type, "nullable": true]
        if let format { schema["format"] = format }
        return schema
    }
    static var string: [String: Any] { _string }
    nonisolated(unsafe) private static let _string: [String: Any] = ["type": "string"]
    static var integer: [String: Any] { _integer }
    nonisolated(unsafe) private static let _integer: [String: Any] = ["type": "integer"]

    static func object(_ properties: [String: [String: Any]]) -> [String: Any] {
        // Swift's encoder leaves out nil values, so only non-nullable properties are required.
        let required = properties.filter { $0.value["nullable"] as? Bool != true }.keys.sorted()
        return ["type": "object", "required": required, "properties": properties, "additionalProperties": false]
    }

    static func json(_ schema: [String: Any], _ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    static var errors: [String: Any] { _errors }
    nonisolated(unsafe) private static let _errors: [String: Any] = [
        "401": ["$ref": "#/components/responses/Unauthorized"],
        "403": ["$ref": "#/components/responses/Forbidden"],
        "429": ["$ref": "#/components/responses/Error"],
    ]

    static func operation(_ id: String, _ summary: String, secured: Bool = true, parameters: [[String: Any]] = [],
                                  ok: [String: Any], extra: [String: Any] = [:]) -> [String: Any] {
        var responses: [String: Any] = ["200": ok]
        if secured { responses.merge(errors) { first, _ in first } }
        responses.merge(extra) { first, _ in first }
        var result: [String: Any] = ["operationId": id, "summary": summary, "responses": responses, "parameters": parameters]
        result["security"] = secured ? [["bearer": []]] : []
        return result
    }

    static var notFound: [String: Any] { _notFound }
    nonisolated(unsafe) private static let _notFound: [String: Any] = ["404": ["$ref": "#/components/responses/NotFound"]]
    static var invalid: [String: Any] { _invalid }
    nonisolated(unsafe) private static let _invalid: [String: Any] = ["422": ["$ref": "#/components/responses/Invalid"]]

    static var document: [String: Any] {
        [
            "openapi": "3.0.3",
            "info": [
                "title": "Maillage API", "version": "1.0.0",
                "description": "Regional support programmes for very small businesses in Morocco. Authenticate with `Authorization: Bearer <token>`; an administrator creates tokens. Errors share one shape: `{\"error\": {\"code\", \"message\", \"fields\"}}`, messages in the language of `Accept-Language`.",
            ],
            "servers": [["url": "/"]],
            "paths": [
                "/api/v1/me": ["get": operation("getMe", "Who the token acts as", ok: json(ref("Me"), "The token's user and grants"))],
                "/api/v1/regions": ["get": operation("listRegions", "The 12 regions", secured: false,
                                                     ok: json(["type": "array", "items": ref("Region")], "Regions in decree order"))],
                "/api/v1/regions/{code}/provinces": ["get": operation(
                    "listProvinces", "Provinces and prefectures of a region", secured: false,
                    parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{2}$"], "description": "Region code, 01 to 12"]],
                    ok: json(["type": "array", "items": ref("Province")], "Provinces"), extra: notFound)],
                "/api/v1/structures": ["get": operation("listStructures", "Regional support structures and antennas",
                                                        ok: json(["type": "array", "items": ref("Structure")], "Structures"))],
                "/api/v1/beneficiaries": ["post": registerOperation, "get": operation(
                    "listBeneficiaries", "Beneficiaries within the token's scope, 50 at a time by name",
                    parameters: [
                        ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 200, "default": 50]],
                        ["name": "q", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 100],
                         "description": "Name fragment (Latin or Arabic script), phone, CIN or ICE; with it or a filter, the first `limit` matches and no `next`"],
                        ["name": "province", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1]],
                        ["name": "legal_status", "in": "query", "required": false, "schema": ["type": "string", "enum": LegalStatus.allCases.map(\.rawValue)]],
                        ["name": "sector", "in": "query", "required": false, "schema": ["type": "string", "enum": Sector.allCases.map(\.rawValue)]],
                        ["name": "stage", "in": "query", "required": false, "schema": ["type": "string", "enum": CaseStage.allCases.map(\.rawValue)]],
                        ["name": "advisor", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1]],
                        ["name": "after", "in": "query", "required": false, "schema": ["type": "string", "pattern": "^[0-9]{1,18}\\..*$"],
                         "description": "The `next` value of the previous page"],
                    ],
                    ok: json(ref("BeneficiaryPage"), "One page"), extra: invalid)],
                "/api/v1/beneficiaries/{id}": ["get": operation(
                    "getBeneficiary", "One beneficiary; 404 outside the token's scope",
                    parameters: [["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]],
                    ok: json(ref("Beneficiary"), "The beneficiary"), extra: notFound)],
            ].merging(accompanimentPaths) { first, _ in first }.merging(measuresPaths) { first, _ in first }.merging(toolsPaths) { first, _ in first }.merging(forumPaths) { first, _ in first },
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "responses": [
                    "Unauthorized": json(ref("Error"), "Missing, unknown or revoked token"),
                    "Forbidden": json(ref("Error"), "The token's role may not do this"),
                    "NotFound": json(ref("Error"), "No such record within the token's scope"),
                    "Invalid": json(ref("Error"), "A parameter is invalid; `fields` names it"),
                    "Error": json(ref("Error"), "An error"),
                ],
                "schemas": [
                    "Error": object(["error": object([
                        "code": string, "message": string,
                        "fields": ["type": "object", "additionalProperties": ["type": "string"]],
                    ])]),
                    "Me": object([
                        "id": integer, "displayName": string, "email": nullable("string"), "phone": nullable("string"),
                        "grants": ["type": "array", "items": ref("Grant")],
                    ]),
                    "Grant": object(["role": string, "scopeKind": string, "scopeId": nullable("integer")]),
                    "Region": object(["id": integer, "code": string, "nameFr": string, "nameAr": string, "capital": string]),
                    "Province": object(["id": integer, "code": string, "nameFr": string, "regionId": integer]),
                    "Structure": object(["id": integer, "name": string, "kind": string, "regionId": integer, "parentId": nullable("integer"), "city": string]),
                    "BeneficiarySummary": object([
                        "id": integer, "firstName": string, "lastName": string, "fullNameAr": nullable("string"),
                        "phone": nullable("string"), "province": nullable("string"), "structure": nullable("string"),
                    ]),
                    "BeneficiaryPage": object(["items": ["type": "array", "items": ref("BeneficiarySummary")], "next": nullable("string")]),
                    "Beneficiary": object([
                        "id": integer, "firstName": string, "lastName": string, "fullNameAr": nullable("string"), "gender": string,
                        "birthYear": nullable("integer"), "phone": nullable("string"), "cin": nullable("string"), "preferredLanguage": string,
                        "consentAt": nullable("string", format: "date-time"), "consentPurpose": nullable("string"), "regionId": integer,
                        "region": string, "province": nullable("string"), "structure": nullable("string"),
                        "businesses": ["type": "array", "items": ref("Business")],
                    ]),
                ].merging(accompanimentSchemas) { first, _ in first }.merging(measuresSchemas) { first, _ in first }.merging(toolsSchemas) { first, _ in first }.merging(forumSchemas) { first, _ in first },
            ],
        ]
    }
}
