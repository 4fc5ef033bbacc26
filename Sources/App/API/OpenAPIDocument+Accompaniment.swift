import Foundation

/// The registry and accompaniment part of the OpenAPI document.
extension OpenAPIDocument {
    static func body(_ schema: String) -> [String: Any] {
        ["required": true, "content": ["application/json": ["schema": ref(schema)]]]
    }

    static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    static func nullableEnumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values, "nullable": true] }
    private static var caseParameter: [[String: Any]] { [["name": "case", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]] }
    private static var idParameter: [[String: Any]] { [["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]] }
    static var conflict: [String: Any] { ["409": ["$ref": "#/components/responses/Error"]] }

    /// `operation` with a JSON request body; 201 instead of 200 when it creates.
    static func writing(_ id: String, _ summary: String, parameters: [[String: Any]] = [], body schema: String, ok: [String: Any],
                                created: Bool = false, extra: [String: Any]) -> [String: Any] {
        // A request without a JSON body is refused as 415 before it is read.
        let refusals = invalid.merging(["415": ["$ref": "#/components/responses/Error"]]) { first, _ in first }
        var result = operation(id, summary, parameters: parameters, ok: ok, extra: extra.merging(refusals) { first, _ in first })
        result["requestBody"] = body(schema)
        if created, var responses = result["responses"] as? [String: Any] {
            responses["201"] = responses.removeValue(forKey: "200")
            result["responses"] = responses
        }
        return result
    }

    static var registerOperation: [String: Any] {
        writing("registerBeneficiary", "Registers a person (and their business or project) with an intake case in the token's structure; "
                + "409 `possible_duplicate` when someone with the same phone, CIN, ICE or a similar name in the province exists, "
                + "unless `confirmDuplicate` is true", body: "NewBeneficiary", ok: json(ref("Registered"), "Registered"), created: true, extra: conflict)
    }

    static var accompanimentPaths: [String: Any] {
        [
            "/api/v1/cases": ["get": operation(
                "listCases", "Open cases of the token's user (or of their structures with `all=true`), longest silence first",
                parameters: [["name": "all", "in": "query", "required": false, "schema": ["type": "boolean"]]],
                ok: json(["type": "array", "items": ref("CaseSummary")], "Open cases"))],
            "/api/v1/cases/{case}": ["get": operation("getCase", "A case with its interactions, plan, referrals and outcomes",
                                                      parameters: caseParameter, ok: json(ref("Case"), "The case"), extra: notFound)],
            "/api/v1/cases/{case}/stage": ["post": writing(
                "moveCase", "Moves a case to a stage; `version` is the one read, and a case changed since answers 409",
                parameters: caseParameter, body: "StageChange", ok: json(ref("Case"), "The case after the change"),
                extra: notFound.merging(conflict) { first, _ in first })],
            "/api/v1/cases/{case}/interactions": ["post": writing(
                "addInteraction", "Records a meeting, call, visit or workshop attended", parameters: caseParameter,
                body: "NewInteraction", ok: json(ref("Case"), "The case after the change"), extra: notFound)],
            "/api/v1/cases/{case}/actions": ["post": writing(
                "addAction", "Adds an action to the plan: who does it (advisor, beneficiary, partner) and by when", parameters: caseParameter,
                body: "NewAction", ok: json(ref("Case"), "The case after the change"), created: true, extra: notFound)],
            "/api/v1/cases/{case}/actions/{action}": ["post": writing(
                "setAction", "Marks an action done, cancelled or open again",
                parameters: caseParameter + [["name": "action", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]],
                body: "ActionChange", ok: json(ref("Case"), "The case after the change"), extra: notFound)],
            "/api/v1/cases/{case}/referrals": ["post": writing(
                "refer", "Refers the beneficiary to a partner institution, with the measure and the amount requested; the partner's officers "
                + "see it in their inbox with the contact only when the beneficiary consented to share it", parameters: caseParameter,
                body: "NewReferral", ok: json(ref("Case"), "The case after the change"), created: true, extra: notFound)],
            "/api/v1/cases/{case}/outcomes": ["post": writing(
                "recordOutcome", "Records a result: formalised (legalStatus), financing (amount, source), jobs (jobsCreated, jobsKept), "
                + "turnover, digital presence, training", parameters: caseParameter,
                body: "NewOutcome", ok: json(ref("Case"), "The case after the change"), created: true, extra: notFound)],
            "/api/v1/referrals": ["get": operation(
                "listReferrals", "Referrals addressed to the token's partner institution, waiting ones first",
                ok: json(["type": "array", "items": ref("InboxItem")], "The inbox"))],
            "/api/v1/beneficiaries/{id}/duplicates": ["get": operation(
                "listLookAlikes", "Other records with the same phone, CIN or ICE, or a similar name in the same province; "
                + "`id` and `name` are left out for records outside the token's reach", parameters: idParameter,
                ok: json(["type": "array", "items": ref("LookAlike")], "Look-alikes"), extra: notFound)],
            "/api/v1/beneficiaries/{id}/merges": ["post": writing(
                "mergeBeneficiary", "Merges the record `absorbedId` into this one: its businesses and cases move here, this record's blanks "
                + "are filled from it, nothing is overwritten; 409 when either record is already merged or erased, or each has its own account",
                parameters: idParameter, body: "MergeRequest", ok: json(ref("Merge"), "The merge"), created: true,
                extra: notFound.merging(conflict) { first, _ in first })],
            "/api/v1/merges/{id}/undo": ["post": operation(
                "undoMerge", "Undoes a merge: what moved goes back, filled blanks are emptied unless changed since, the absorbed record reappears",
                parameters: idParameter, ok: json(ref("Merge"), "The merge, undone"), extra: notFound.merging(conflict) { first, _ in first })],
            "/api/v1/instruments": ["get": operation(
                "listInstruments", "Diagnostic instruments offered to advisors, with their questions, options and points in each language",
                ok: json(["type": "array", "items": ref("Instrument")], "Instruments"))],
            "/api/v1/cases/{case}/diagnostics": [
                "get": operation("listDiagnostics", "Diagnostics taken on a case, oldest first within each instrument", parameters: caseParameter,
                                 ok: json(["type": "array", "items": ref("Diagnostic")], "Diagnostics"), extra: notFound),
                "post": writing("takeDiagnostic", "Records a diagnostic: every question of the instrument answered by the index of an option; "
                                + "answers a score out of 100 and the recommendations for answers below the best", parameters: caseParameter,
                                body: "NewDiagnostic", ok: json(ref("Diagnostic"), "The diagnostic"), created: true, extra: notFound),
            ],
            "/api/v1/referrals/{id}/answer": ["post": writing(
                "answerReferral", "The partner's answer: accepted, declined, granted (with an amount) or refused (with a reason)",
                parameters: idParameter,
                body: "ReferralAnswer", ok: json(["type": "array", "items": ref("InboxItem")], "The inbox after the answer"),
                extra: notFound.merging(conflict) { first, _ in first })],
        ]
    }

    static var accompanimentSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let amount: [String: Any] = ["type": "string", "pattern": "^[0-9]+\\.[0-9]{2}$", "nullable": true]
        var newBusiness = object([
            "kind": enumeration(BusinessKind.allCases.map(\.rawValue)), "name": string,
            "legalStatus": nullableEnumeration(LegalStatus.allCases.map(\.rawValue)), "sector": nullableEnumeration(Sector.allCases.map(\.rawValue)),
            "startedOn": ["type": "string", "format": "date", "nullable": true], "staff": nullable("integer"),
            "turnoverBand": nullableEnumeration(TurnoverBand.allCases.map(\.rawValue)), "ice": nullable("string"), "rc": nullable("string"),
            "taxId": nullable("string"), "digitalPresence": ["type": "array", "items": enumeration(DigitalPresence.allCases.map(\.rawValue)), "nullable": true],
        ])
        newBusiness["additionalProperties"] = true
        var newBeneficiary = object([
            "firstName": nullable("string"), "lastName": nullable("string"), "fullNameAr": nullable("string"),
            "gender": enumeration(Gender.allCases.map(\.rawValue)), "birthYear": nullable("integer"), "phone": nullable("string"),
            "cin": nullable("string"), "preferredLanguage": nullableEnumeration(Language.allCases.map(\.rawValue)), "consent": ["type": "boolean"],
            "shareWithPartners": ["type": "boolean", "nullable": true], "structureId": nullable("integer"), "provinceId": nullable("integer"),
            "business": ["allOf": [ref("NewBusiness")], "nullable": true], "confirmDuplicate": ["type": "boolean", "nullable": true],
        ])
        newBeneficiary["additionalProperties"] = true
        return [
            "NewBeneficiary": newBeneficiary,
            "NewBusiness": newBusiness,
            "Registered": object(["beneficiaryId": integer, "caseId": integer, "warnings": ["type": "object", "additionalProperties": ["type": "string"]]]),
            "Business": object([
                "id": integer, "kind": string, "name": string, "legalStatus": nullable("string"), "sector": nullable("string"),
                "startedOn": nullable("string"), "staff": nullable("integer"), "turnoverBand": nullable("string"), "ice": nullable("string"),
                "rc": nullable("string"), "taxId": nullable("string"), "digitalPresence": ["type": "array", "items": string],
            ]),
            "CaseSummary": object([
                "id": integer, "beneficiaryId": integer, "name": string, "stage": enumeration(CaseStage.allCases.map(\.rawValue)),
                "lastContactAt": nullable("string", format: "date-time"), "overdueActions": integer, "waitingReferrals": integer,
            ]),
            "Case": object([
                "id": integer, "beneficiaryId": integer, "name": string, "structure": string, "advisor": nullable("string"),
                "stage": enumeration(CaseStage.allCases.map(\.rawValue)), "closedReason": nullable("string"),
                "openedAt": ["type": "string", "format": "date-time"], "closedAt": nullable("string", format: "date-time"), "version": integer,
                "interactions": ["type": "array", "items": ref("Interaction")], "actions": ["type": "array", "items": ref("Action")],
                "referrals": ["type": "array", "items": ref("Referral")], "outcomes": ["type": "array", "items": ref("Outcome")],
                "diagnostics": ["type": "array", "items": ref("Diagnostic")],
            ]),
            "Interaction": object(["id": integer, "kind": string, "occurredOn": date, "durationMinutes": nullable("integer"),
                                   "topics": ["type": "array", "items": string], "notes": nullable("string")]),
            "Action": object(["id": integer, "title": string, "owner": string, "dueOn": nullable("string"), "status": string]),
            "Referral": object(["id": integer, "partner": string, "measure": nullable("string"), "status": string, "requestedAmount": amount,
                                "grantedAmount": amount, "answerReason": nullable("string"), "sentAt": ["type": "string", "format": "date-time"]]),
            "Outcome": object(["id": integer, "kind": string, "occurredOn": date, "legalStatus": nullable("string"), "amount": amount,
                               "source": nullable("string"), "jobsCreated": nullable("integer"), "jobsKept": nullable("integer"),
                               "confirmedAt": nullable("string", format: "date-time")]),
            "StageChange": object(["stage": enumeration(CaseStage.allCases.map(\.rawValue)),
                                   "closedReason": nullableEnumeration(ClosedReason.allCases.map(\.rawValue)), "version": integer]),
            "NewInteraction": object(["kind": enumeration(InteractionKind.allCases.map(\.rawValue)), "occurredOn": ["type": "string", "format": "date", "nullable": true],
                                      "durationMinutes": nullable("integer"), "topics": ["type": "array", "items": string, "nullable": true],
                                      "notes": nullable("string")]),
            "NewAction": object(["title": string, "owner": enumeration(ActionOwner.allCases.map(\.rawValue)),
                                 "dueOn": ["type": "string", "format": "date", "nullable": true]]),
            "ActionChange": object(["status": enumeration(ActionStatus.allCases.map(\.rawValue))]),
            "NewReferral": object(["partnerId": integer, "measure": nullable("string"), "measureId": nullable("integer"), "note": nullable("string"), "requestedAmount": nullable("string")]),
            "NewOutcome": object(["kind": enumeration(OutcomeKind.allCases.map(\.rawValue)), "occurredOn": ["type": "string", "format": "date", "nullable": true],
                                  "legalStatus": nullableEnumeration(LegalStatus.allCases.map(\.rawValue)), "amount": nullable("string"),
                                  "source": nullable("string"), "jobsCreated": nullable("integer"), "jobsKept": nullable("integer"),
                                  "detail": nullable("string")]),
            "InboxItem": object(["id": integer, "partnerId": integer, "measure": nullable("string"), "note": nullable("string"), "status": string,
                                 "requestedAmount": amount, "sentAt": ["type": "string", "format": "date-time"], "structure": string,
                                 "contactName": nullable("string"), "contactPhone": nullable("string")]),
            "LookAlike": object(["id": nullable("integer"), "reasons": ["type": "array", "items": enumeration(BeneficiaryRegistry.Duplicate.Reason.allCases.map(\.rawValue))],
                                 "name": nullable("string"), "structure": nullable("string")]),
            "MergeRequest": object(["absorbedId": integer]),
            "Merge": object(["id": integer, "survivorId": integer, "absorbedId": integer, "movedBusinessIds": ["type": "array", "items": integer],
                             "movedCaseIds": ["type": "array", "items": integer],
                             "filled": ["type": "array", "items": enumeration(BeneficiaryMerges.Blank.allCases.map(\.rawValue))],
                             "mergedAt": ["type": "string", "format": "date-time"], "undoneAt": nullable("string", format: "date-time")]),
            "LocalizedText": object(["fr": string, "ar": string, "en": string]),
            "Instrument": object(["id": integer, "code": string, "name": ref("LocalizedText"), "description": ref("LocalizedText"),
                                  "questions": ["type": "array", "items": ref("InstrumentQuestion")]]),
            "InstrumentQuestion": object(["code": string, "text": ref("LocalizedText"), "theme": nullable("string"),
                                          "recommendation": ["allOf": [ref("LocalizedText")], "nullable": true],
                                          "options": ["type": "array", "items": object(["index": integer, "points": integer, "label": ref("LocalizedText")])]]),
            "NewDiagnostic": object(["instrument": string, "takenOn": ["type": "string", "format": "date", "nullable": true],
                                     "answers": ["type": "object", "additionalProperties": ["type": "integer"]]]),
            "Diagnostic": object(["id": integer, "instrument": string, "takenOn": date, "score": integer, "points": integer, "maxPoints": integer,
                                  "answers": ["type": "array", "items": object(["question": string, "text": ref("LocalizedText"), "answer": ref("LocalizedText"),
                                                                                "points": integer, "max": integer])],
                                  "recommendations": ["type": "array", "items": object(["question": string, "theme": nullable("string"), "text": ref("LocalizedText")])]]),
            "ReferralAnswer": object(["status": enumeration(ReferralStatus.allCases.map(\.rawValue)), "grantedAmount": nullable("string"),
                                      "answerReason": nullable("string")]),
        ]
    }
}
