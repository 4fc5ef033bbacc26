import Domain
import Foundation

/// The support measures part of the OpenAPI document.
extension OpenAPIDocument {
    private static var codeParameter: [[String: Any]] { [["name": "code", "in": "path", "required": true, "schema": ["type": "string"]]] }
    private static var idParameter: [[String: Any]] { [["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]] }
    /// Public operations still refuse a flood of requests.
    private static var publicRefusals: [String: Any] { ["429": ["$ref": "#/components/responses/Error"]] }

    static var measuresPaths: [String: Any] {
        [
            "/api/v1/measures": [
                "get": operation("listMeasures", "The catalogue of support measures, each with its status today and the rule in force", secured: false,
                                 ok: json(["type": "array", "items": ref("Measure")], "Measures")),
                "post": writing("createMeasure", "Adds a measure with its first rule (administrators)", body: "MeasureInput",
                                ok: json(ref("Measure"), "The measure"), created: true, extra: [:]),
            ],
            "/api/v1/measures/{code}": [
                "get": operation("getMeasure", "One measure", secured: false, parameters: codeParameter, ok: json(ref("Measure"), "The measure"), extra: notFound),
                "post": writing("updateMeasure", "Changes a measure's texts, figures, status and dates (administrators); the rule changes through `/rules`",
                                parameters: codeParameter, body: "MeasureInput", ok: json(ref("Measure"), "The measure"), extra: notFound),
            ],
            "/api/v1/measures/{code}/rules": ["post": writing(
                "addMeasureRule", "A new version of the eligibility rule from `validFrom` (after the current one's start); the current one ends the day "
                + "before. Criteria are one condition per line (`age between 18 and 34`), groups `any:`/`all:` with indented lines; a mistake "
                + "answers 422 naming the line", parameters: codeParameter, body: "RuleInput",
                ok: json(["type": "array", "items": ref("Rule")], "Every version, newest first"), created: true, extra: notFound)],
            "/api/v1/measures/{code}/subscriptions": ["post": writing(
                "subscribeToMeasure", "\"Tell me when it opens\" for an upcoming measure: a text message goes to the phone when it opens",
                parameters: codeParameter, body: "SubscriptionInput", ok: ["description": "Subscribed"],
                extra: notFound.merging(publicRefusals) { first, _ in first }).merging(["security": []]) { _, second in second }.answeringNoContent],
            "/api/v1/eligibility": ["post": writing(
                "checkEligibility", "Anonymous check: every live measure's verdict (eligible, not_eligible, cannot_tell) with the reasons "
                + "criterion by criterion, and the next question worth asking", body: "EligibilityInput",
                ok: json(ref("EligibilityResult"), "Verdicts"), extra: publicRefusals).merging(["security": []]) { _, second in second }],
            "/api/v1/beneficiaries/{id}/eligibility": ["get": operation(
                "getBeneficiaryEligibility", "The measures a beneficiary qualifies for, from what the registry holds, best verdicts first",
                parameters: idParameter, ok: json(["type": "array", "items": ref("Match")], "Verdicts"), extra: notFound)],
            "/api/v1/campaigns": ["post": writing(
                "createCampaign", "Finds everyone in a region or structure (or the whole country, for national users) whom a measure now suits; "
                + "the scan runs in the background (`status` building, then ready)", body: "CampaignInput", ok: json(ref("Campaign"), "The campaign"),
                created: true, extra: [:])],
            "/api/v1/campaigns/{id}": ["get": operation("getCampaign", "A campaign and its counts", parameters: idParameter,
                                                        ok: json(ref("Campaign"), "The campaign"), extra: notFound)],
            "/api/v1/campaigns/{id}/recipients": ["get": operation(
                "listCampaignRecipients", "The people found, 100 at a time after the beneficiary number `after`",
                parameters: idParameter + [["name": "after", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0]]],
                ok: json(["type": "array", "items": ref("Recipient")], "Recipients"), extra: notFound)],
            "/api/v1/campaigns/{id}/send": ["post": operation(
                "sendCampaign", "Texts every reachable, non-excluded recipient once; 409 unless the campaign is ready", parameters: idParameter,
                ok: json(ref("Campaign"), "The campaign"), extra: notFound.merging(conflict) { first, _ in first })],
        ]
    }

    static var measuresSchemas: [String: Any] {
        let text = ref("LocalizedText")
        let day: [String: Any] = ["type": "string", "format": "date", "nullable": true]
        let rule = object(["criteria": string, "validFrom": string, "validUntil": nullable("string"), "source": string])
        var reason = object(["kind": enumeration(["all", "any", "condition"]), "outcome": enumeration(["met", "not_met", "unknown"]),
                             "field": nullable("string"), "operator": nullable("string"), "required": nullable("string"), "found": nullable("string")])
        var properties = reason["properties"] as! [String: Any]
        properties["children"] = ["type": "array", "items": ref("Reason"), "nullable": true]
        reason["properties"] = properties
        var answers: [String: Any] = ["type": "object", "additionalProperties": string]
        answers["properties"] = Dictionary(uniqueKeysWithValues: ProfileField.allCases.map { ($0.rawValue, string) })
        return [
            "Rule": rule,
            "RuleInput": object(["criteria": string, "validFrom": ["type": "string", "format": "date"], "source": string]),
            "Measure": object([
                "id": integer, "code": string, "kind": enumeration(MeasureKind.allCases.map(\.rawValue)), "name": text, "summary": text,
                "operator": string, "benefits": text, "maxAmount": nullable("string"), "ratePercent": nullable("string"),
                "durationMonths": nullable("integer"), "deferralMonths": nullable("integer"), "documents": text, "howToApply": text,
                "sourceUrl": string, "status": enumeration(MeasureStatus.allCases.map(\.rawValue)), "opensOn": nullable("string"),
                "closesOn": nullable("string"), "themes": ["type": "array", "items": string], "rule": ["allOf": [ref("Rule")], "nullable": true],
            ]),
            "MeasureInput": object([
                "code": nullable("string"), "kind": enumeration(MeasureKind.allCases.map(\.rawValue)), "name": text, "summary": text,
                "operator": string, "benefits": text, "maxAmount": nullable("string"), "ratePercent": nullable("string"),
                "durationMonths": nullable("integer"), "deferralMonths": nullable("integer"), "documents": ["allOf": [text], "nullable": true],
                "howToApply": text, "sourceUrl": string, "status": enumeration(MeasureStatus.allCases.map(\.rawValue)), "opensOn": day, "closesOn": day,
                "themes": ["type": "array", "items": string, "nullable": true], "rule": ["allOf": [ref("RuleInput")], "nullable": true],
            ]),
            "SubscriptionInput": object(["phone": string]),
            "EligibilityInput": object(["answers": answers, "skipped": ["type": "array", "items": enumeration(ProfileField.allCases.map(\.rawValue)), "nullable": true]]),
            "Reason": reason,
            "Match": object(["code": string, "name": text, "verdict": enumeration(["eligible", "not_eligible", "cannot_tell"]), "business": nullable("string"),
                             "missing": ["type": "array", "items": string], "explanation": ref("Reason")]),
            "EligibilityResult": object(["matches": ["type": "array", "items": ref("Match")], "nextQuestion": nullable("string")]),
            "CampaignInput": object(["measureId": integer, "regionId": nullable("integer"), "structureId": nullable("integer"), "includeProbable": ["type": "boolean", "nullable": true]]),
            "Campaign": object([
                "id": integer, "measureId": integer, "regionId": nullable("integer"), "structureId": nullable("integer"), "includeProbable": ["type": "boolean"],
                "status": enumeration(["building", "ready", "sending", "sent"]), "scanned": integer, "eligible": integer, "probable": integer,
                "notified": integer, "createdAt": ["type": "string", "format": "date-time"], "builtAt": nullable("string", format: "date-time"),
                "sentAt": nullable("string", format: "date-time"),
            ]),
            "Recipient": object(["beneficiaryId": integer, "name": string, "verdict": string, "excluded": ["type": "boolean"], "reachable": ["type": "boolean"]]),
        ]
    }
}

private extension Dictionary where Key == String, Value == Any {
    /// The operation answers 204 with no body where `writing` documents 200.
    var answeringNoContent: [String: Any] {
        var operation = self
        if var responses = operation["responses"] as? [String: Any] {
            responses["204"] = responses.removeValue(forKey: "200")
            operation["responses"] = responses
        }
        return operation
    }
}
