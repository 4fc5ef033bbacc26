import Domain
import Foundation
import HTML

/// Questions to the speakers: the public page to ask and vote, the moderation page, and the stop's report by theme.
enum QuestionViews {
    private static func themes(_ question: ForumQuestions.Question, _ language: Language) -> HTML {
        let names = question.themeCodes.map { ThemeTaxonomy.shipped.name($0, in: language) }
        return names.isEmpty ? HTML() : " · <span class=\"muted\">\(names.joined(separator: ", "))</span>"
    }

    static func page(_ context: PageContext, _ stop: ForumProgramme.Stop, _ session: ForumProgramme.Session, _ questions: [ForumQuestions.Question],
                     values: [String: String], errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let items: [HTML] = questions.map { question in
            """
            <li class="question card" id="question-\(question.id)" data-votes="\(question.votes)"><p>\(question.text)</p>\
            <p class="muted">\(t("forum.votes", ["count": t.number(question.votes)]))\(themes(question, context.language))</p>\
            \(question.answer.map { HTML("<p class=\"answer\"><strong>\(t("forum.answer")) :</strong> \($0)</p>") })\
            <form method="post" action="/forum/questions/\(question.id)/vote" class="inline">\(Components.csrf(context))\
            <button type="submit" class="secondary">\(t("forum.vote"))</button></form></li>
            """
        }
        return Layout.page(context, title: "\(t("forum.questions")) · \(session.title[context.language])", """
        <p><a href="/forum/stops/\(stop.id)">\(stop.city)</a></p><h1>\(session.title[context.language])</h1><p class="muted">\(t.time(session.startsAt)) · \(session.room)</p>\
        <form method="post" action="/forum/sessions/\(session.id)/questions" id="ask">\(Components.csrf(context))\(Components.formErrors(e, t))\
        \(Components.textarea(name: "text", label: t("forum.your_question"), value: values["text"], errors: e, t))\
        <details\(values["phone"]?.isEmpty == false || ["name", "phone", "consent"].contains(where: { e[$0] != nil }) ? HTML(" open") : HTML())><summary>\(t("forum.follow_up_offer"))</summary>\
        \(Components.field(.init(name: "name", label: t("forum.name"), value: values["name"], required: false), errors: e, t))\
        \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: values["phone"], inputmode: "tel", required: false, direction: "ltr"), errors: e, t))\
        \(Components.checkbox(name: "consent", label: t("forum.consent"), checked: values["consent"] != nil, errors: e, t))</details>\
        \(Components.submit(t("forum.ask")))</form>\
        <h2>\(t("forum.questions"))</h2>\(items.isEmpty ? HTML("<p class=\"muted\">\(t("forum.no_question"))</p>") : HTML("<ol id=\"questions\" class=\"plain\">\(items)</ol>"))
        """)
    }

    static func moderation(_ context: PageContext, _ stop: ForumProgramme.Stop, _ session: ForumProgramme.Session, _ questions: [ForumQuestions.Question],
                           moderator: Bool, link: String, failed: (questionID: Int, errors: [String: FieldProblem])? = nil) -> HTML {
        let t = context.t
        let others = questions.map { (String($0.id), "#\($0.id) · \($0.text.prefix(60))") }
        let taxonomy = ThemeTaxonomy.shipped.themes.filter { $0.parent != nil }
        let items: [HTML] = questions.map { question in
            let tags: [HTML] = taxonomy.map {
                Components.checkbox(name: "theme_\($0.code)", label: $0.names[context.language] ?? $0.code, checked: question.themeCodes.contains($0.code),
                                    errors: [:], idPrefix: "q\(question.id)-", t)
            }
            let moderation: HTML = moderator ? """
                <form method="post" action="/organise/questions/\(question.id)" class="tags">\(Components.csrf(context))\
                <fieldset class="checks"><legend>\(t("organise.theme"))</legend>\(tags)</fieldset>\
                \(Components.checkbox(name: "hidden", label: t("forum.hide"), checked: question.status == "hidden", errors: [:], idPrefix: "q\(question.id)-", t))\
                \(Components.submit(t("instrument.save")))</form>\
                <form method="post" action="/organise/questions/\(question.id)" class="inline">\(Components.csrf(context))\
                \(Components.select(name: "into", label: t("forum.merge_into"), options: others.filter { $0.0 != String(question.id) }, selected: nil, errors: [:], idPrefix: "q\(question.id)-", t))\
                \(Components.submit(t("forum.merge")))</form>\
                \(question.asked_by_phone != nil && question.case_id == nil ? HTML("<form method=\"post\" action=\"/organise/questions/\(question.id)/follow-up\" class=\"inline\">\(Components.csrf(context))\(Components.submit(t("forum.follow_up")))</form>") : HTML())
                """ : ""
            // Who asked, and how to reach them, is for the organisers who open follow-up cases, not for speakers.
            let who: HTML = !moderator ? "" : question.asked_by_phone.map { "<p class=\"muted\">\(question.asked_by_name ?? "") · <span class=\"ltr\">\(BeneficiaryViews.displayPhone($0))</span></p>" } ?? ""
            return """
            <li class="question card" id="q-\(question.id)" data-status="\(question.status)"><p><strong>#\(question.id)</strong> \(question.text)</p>\
            <p class="muted">\(t("forum.votes", ["count": t.number(question.votes)])) · \(t("forum.merged", ["count": t.number(question.merged)])) · \(question.source)\
            \(themes(question, context.language))</p>\(who)\
            \(question.case_id.map { HTML("<p><a href=\"/cases/\($0)\">\(t("forum.case_opened"))</a></p>") })\
            <form method="post" action="/organise/questions/\(question.id)/answer">\(Components.csrf(context))\
            \(Components.textarea(name: "answer", label: t("forum.answer"), value: question.answer,
                                 errors: failed?.questionID == question.id ? failed!.errors : [:], idPrefix: "q\(question.id)-", t))\
            \(Components.submit(t("forum.publish_answer")))</form>\(moderation)</li>
            """
        }
        let qr = (try? QRCode(text: link)).map { QRCodeSVG.render($0, label: link) } ?? HTML()
        let paper: HTML = moderator ? """
            <section class="card"><h2>\(t("forum.paper_question"))</h2><form method="post" action="/organise/sessions/\(session.id)/questions" id="paper">\
            \(Components.csrf(context))\(Components.textarea(name: "text", label: t("forum.your_question"), value: nil, errors: [:], idPrefix: "p-", t))\
            \(Components.field(.init(name: "name", label: t("forum.name"), required: false, idPrefix: "p-"), errors: [:], t))\
            \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", inputmode: "tel", required: false, direction: "ltr", idPrefix: "p-"), errors: [:], t))\
            \(Components.checkbox(name: "consent", label: t("forum.consent"), checked: false, errors: [:], idPrefix: "p-", t))\
            \(Components.submit(t("forum.ask")))</form></section>
            """ : ""
        return Layout.page(context, title: "\(t("forum.questions")) · \(session.title[context.language])", """
        <p><a href="/organise/stops/\(stop.id)">\(stop.city)</a> · <a href="/organise/stops/\(stop.id)/questions">\(t("forum.report"))</a></p>\
        <h1>\(session.title[context.language])</h1><section class="card" id="session-qr"><p>\(t("forum.qr_for_questions"))</p>\(qr)\
        <p class="ltr" dir="ltr">\(link)</p></section>\(paper)<ol id="moderation" class="plain">\(items)</ol>
        """)
    }

    static func report(_ context: PageContext, _ stop: ForumProgramme.Stop, _ report: [ForumQuestions.ThemeReport]) -> HTML {
        let t = context.t
        let sections: [HTML] = report.map { theme in
            let top: [HTML] = theme.top.map { "<li>\($0.text) <span class=\"muted\">(\(t("forum.votes", ["count": t.number($0.votes)])))</span></li>" }
            let name = theme.theme.isEmpty ? t("forum.no_theme") : ThemeTaxonomy.shipped.name(theme.theme, in: context.language)
            return """
            <section class="card theme-report" data-theme="\(theme.theme)"><h2>\(name)</h2>\
            <p>\(t("forum.asked", ["count": t.number(theme.asked)])) · \(t("forum.votes", ["count": t.number(theme.votes)]))</p><ol>\(top)</ol></section>
            """
        }
        return Layout.page(context, title: "\(t("forum.report")) · \(stop.city)", """
        <p><a href="/organise/stops/\(stop.id)">\(stop.city)</a></p><h1>\(t("forum.report")) · \(stop.city)</h1>\
        \(sections.isEmpty ? HTML("<p class=\"muted\">\(t("forum.no_question"))</p>") : HTML("<div id=\"question-report\">\(sections)</div>"))
        """)
    }
}
