import XCTVapor
@testable import App

final class PhoneSignInTests: XCTestCase {
    func testANewEntrepreneurSignsUpWithACodeSentBySMS() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signInByPhone("+212 661-234567", e164: "+212661234567")
            let me = try await browser.get("/me")
            XCTAssertTrue(me.body.string.contains("data-testid=\"user-phone\">+212661234567"))
            let userID = try unwrap(try await app.id(of: "users", where: "phone = '+212661234567'"))
            expectEqual(try await app.count("memberships", where: "user_id = \(bind: userID) AND role = 'entrepreneur'"), 1)
            let message = try unwrap(await app.recorder.sent.last)
            XCTAssertEqual(message.channel, .sms)
            expectEqual(try await browser.post("/me", ["display_name": "  "]).status, .unprocessableEntity)
            expectEqual(try await browser.post("/me", ["display_name": "Salma Berrada"]).status, .seeOther)
            expectTrue(try await browser.get("/me").body.string.contains("data-testid=\"user-name\">Salma Berrada"))
            XCTAssertTrue(message.body.contains(message.data["code"]!), "the SMS text carries the code")
        }
    }

    func testTheSamePersonIsFoundAgainWhateverWayTheNumberIsTyped() async throws {
        try await withApp { app in
            try await TestBrowser(app).signInByPhone("06 12 34 56 78", e164: DemoData.entrepreneurPhone)
            try await TestBrowser(app).signInByPhone("00212612345678", e164: DemoData.entrepreneurPhone)
            try await TestBrowser(app).signInByPhone("٠٦١٢٣٤٥٦٧٨", e164: DemoData.entrepreneurPhone)
            expectEqual(try await app.count("users", where: "phone = \(bind: DemoData.entrepreneurPhone)"), 1)
        }
    }

    func testTheCodeMessageSpeaksTheChosenLanguage() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            browser.acceptLanguage = "ar"
            _ = try await browser.post("/phone", ["phone": "0700000001"])
            try await app.runJobs()
            let message = try unwrap(await app.recorder.sent.last)
            XCTAssertEqual(message.locale, "ar")
            XCTAssertTrue(message.body.contains("رمز"))
        }
    }

    func testAWrongNumberIsExplainedOnTheForm() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            let short = try await browser.post("/phone", ["phone": "06 12 34"])
            XCTAssertEqual(short.status, .unprocessableEntity)
            XCTAssertTrue(short.body.string.contains("id=\"f-phone-error\""))
            XCTAssertTrue(short.body.string.contains("10 chiffres"))
            let letters = try await browser.post("/phone", ["phone": "zero six"])
            XCTAssertTrue(letters.body.string.contains("que des chiffres"))
            expectEqual(try await app.count("login_codes"), 0)
        }
    }

    func testACodeWorksOnceAndAWrongCodeDoesNotSignIn() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            _ = try await browser.post("/phone", ["phone": "0612345678"])
            try await app.runJobs()
            let code = try unwrap(await app.recorder.lastCode(for: DemoData.entrepreneurPhone))
            let wrongCode = code == "000000" ? "111111" : "000000"
            let wrong = try await browser.post("/phone/verify", ["phone": DemoData.entrepreneurPhone, "code": wrongCode])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("f-code-error"))
            expectEqual(try await browser.post("/phone/verify", ["phone": DemoData.entrepreneurPhone, "code": code]).status, .seeOther)
            let replay = try await TestBrowser(app).post("/phone/verify", ["phone": DemoData.entrepreneurPhone, "code": code])
            XCTAssertEqual(replay.status, .unprocessableEntity, "a code is single-use")
        }
    }

    func testCodesExpireAndFiveWrongGuessesSpendThem() async throws {
        try await withApp { app in
            let start = Date()
            var service = IdentityService(database: app.db, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()),
                                          secret: app.config.secret)
            service.now = { start }
            _ = try await service.requestCode(phone: "0612345678", language: .fr, address: "10.0.0.1")
            try await app.runJobs()
            let code = try unwrap(await app.recorder.lastCode(for: DemoData.entrepreneurPhone))

            var later = service
            later.now = { start.addingTimeInterval(IdentityService.codeLifetime + 1) }
            await XCTAssertThrowsErrorAsync(try await later.verifyCode(phone: "0612345678", code: code, language: .fr, address: "10.0.0.1"))

            _ = try await service.requestCode(phone: "0612345678", language: .fr, address: "10.0.0.1")
            try await app.runJobs()
            let fresh = try unwrap(await app.recorder.lastCode(for: DemoData.entrepreneurPhone))
            let wrongCode = fresh == "000000" ? "111111" : "000000"
            for _ in 0..<IdentityService.codeMaxAttempts {
                await XCTAssertThrowsErrorAsync(try await service.verifyCode(phone: "0612345678", code: wrongCode, language: .fr, address: "10.0.0.1"))
            }
            await XCTAssertThrowsErrorAsync(try await service.verifyCode(phone: "0612345678", code: fresh, language: .fr, address: "10.0.0.1"),
                                            "after five wrong guesses even the right code is refused")
        }
    }

    func testCodeRequestsAreLimitedPerNumber() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            for _ in 0..<RateLimiter.Rule.codeRequestPerPhone.limit {
                expectEqual(try await browser.post("/phone", ["phone": "0612345678"]).status, .seeOther)
            }
            expectEqual(try await browser.post("/phone", ["phone": "06 12 34 56 78"]).status, .tooManyRequests)
            expectEqual(try await app.count("login_codes"), RateLimiter.Rule.codeRequestPerPhone.limit)
        }
    }
}

func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("expected an error. \(message)", file: file, line: line)
    } catch {}
}
