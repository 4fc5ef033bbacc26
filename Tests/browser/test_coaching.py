"""The coaching tools: a 12-month budget from a template (with live totals as one types), a loan schedule, the
auto-entrepreneur simulator, the bank-readiness check before a loan, the digital check-up.

Anyone uses them on a phone without an account (forms sent by GET, so a result can be bookmarked or printed, and the
language switch keeps it), typing figures in Western or Arabic digits; an entrepreneur signed in by phone may save a
result, share it with their advisor, who finds it on the case page, and show it to a partner bank (which sees who she is
only if she agreed to share her contact details with partners), then take it back; an advisor fills a tool in with a
person and saves it to their case.

The saving tests share one entrepreneur, the `saver` fixture: a fresh number registered in Casablanca-Settat
(advisor.casa's region) rather than the demo entrepreneur, whose 3 codes per 15 minutes the sign-in tests spend. It asks
for one code: with conftest's shared entrepreneur (1), test_accessibility's record (1), test_rights (3) and test_sign_in
(3), and test_forum's prefilled registration form (1), the run asks for all 10 codes an address may request in 15
minutes: a new test that signs an entrepreneur in must reuse a session (conftest's `as_user`) rather than ask for a code. The other tests here sign staff in by password (advisor.casa, partner.bank) or stay signed out.
"""

import base64
import csv
import io
import json
import re
import secrets
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import Select

from conftest import ARABIC, ROOT, assert_lang, cookies_of, http_status, path_of, restore, set_lang, submit, wait
from test_accessibility import assert_accessible
from test_accompaniment import BANK, BANK_NAME, CASA, choose, digits_of, fill, register, text_of, tick
from test_mobile import WIDTH, phone_screen, scroll_width
from test_rights import fetch_json, open_my_data, self_register, sign_in_new_entrepreneur
from locales import AR, FR, TEXTS, say

REFERENCE_DIR = ROOT / "Sources/App/Resources/Reference"
REFERENCE = json.loads((REFERENCE_DIR / "coaching.json").read_text(encoding="utf-8"))
TEMPLATES = {t["code"]: t for t in REFERENCE["budgetTemplates"]}
SERVICES_AR = REFERENCE["autoEntrepreneur"][-1]["activities"]["services"]["name"]["ar"]
BANK_RULES = REFERENCE["bankReadiness"][-1]
DIGITAL = next(i for i in json.loads((REFERENCE_DIR / "instruments.json").read_text(encoding="utf-8"))
               if i["code"] == "digital_checkup")
MEASURES = json.loads((REFERENCE_DIR / "measures.json").read_text(encoding="utf-8"))
with open(REFERENCE_DIR / "themes.csv", encoding="utf-8", newline="") as themes:
    THEMES = {row["code"]: row for row in csv.DictReader(themes)}

WESTERN_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC_DIGIT = re.compile("[\u0660-\u0669]")
TOOLS = ["/tools/budget", "/tools/loan", "/tools/auto-entrepreneur", "/tools/bank", "/tools/digital"]
# 100 000 DH at 12 % a year over 12 months: 1 % a month, a constant instalment of 8 884,88 DH. French groups thousands
# with a (narrow) no-break space; Moroccan French (fr_MA, as the rest of the site shows amounts) with a point.
INSTALMENT = re.compile(r"8[\u202f\u00a0 .]?884,88")
LOAN = "/tools/loan?principal=100000&rate=12&months=12&deferral=&deferral_kind=interest_only&fees=&go=1"
AE = "/tools/auto-entrepreneur?activity=services&turnover=150000&largest_client=100000&go=1"

# A loan the plan does not carry: 49 000 DH at 2 % over 12 months (4 127,70 DH a month) on top of 500 DH already repaid
# each month, out of 3 000 DH of income: 154,26 %. With past arrears, 1 000 DH more than the project needs after her
# 2 000 DH (4 % of it), 2 months in the trade, and 2 of the 8 documents at hand.
BANK_FIELDS = {"requested": "49 000", "rate": "2", "months": "12", "project_cost": "50 000",
               "own_contribution": "2 000", "experience_months": "2", "monthly_income": "3 000",
               "existing_repayments": "500"}
DOCUMENTS_HELD = ["cin", "business_plan"]
BANK_CHECK = "/tools/bank?" + urlencode({**{k: v.replace(" ", "") for k, v in BANK_FIELDS.items()}, "past_unpaid": "on",
                                         **{f"doc_{code}": "on" for code in DOCUMENTS_HELD}, "go": "1"})

# The option chosen per question of the digital check-up: weak answers, except full marks in digital skills, the one
# dimension that gets no advice.
WEAK = {"social_page": 0, "maps_listing": 1, "online_orders": 0, "e_payment": 0, "customer_contacts": 1, "reviews": 1,
        "bookkeeping_app": 0, "online_admin": 1, "phone_skills": 2, "training": 2}
BEST = {q["code"]: max(range(len(q["options"])), key=lambda n: q["options"][n]["points"]) for q in DIGITAL["questions"]}
DIGITAL_CHECK = "/tools/digital?" + urlencode({**{f"q_{code}": n for code, n in WEAK.items()}, "go": "1"})


# --- helpers -------------------------------------------------------------------------------------------------------

def use_template(driver, code):
    """Chooses a template with its own form; the page comes back with the budget form filled from it."""
    choose(driver.find_element(By.CSS_SELECTOR, "form#template-form"), "template", code)
    submit(driver, "form#template-form")
    assert path_of(driver) == "/tools/budget"
    form = driver.find_element(By.CSS_SELECTOR, "form#budget-form")
    assert form.find_element(By.NAME, "template").get_attribute("value") == code
    assert form.find_element(By.NAME, "fixed_costs").get_attribute("value") == str(TEMPLATES[code]["monthlyFixedCosts"])
    assert form.find_element(By.NAME, "variable_percent").get_attribute("value") == str(TEMPLATES[code]["variableCostPercent"])
    assert all(form.find_element(By.NAME, f"sales_{n}").get_attribute("value") for n in range(1, 13)), \
        "the template fills every month's sales"
    return form


def compute_budget(driver):
    submit(driver, "form#budget-form")
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]
    driver.find_element(By.CSS_SELECTOR, "section#budget-result")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table#forecast tbody tr")) == 12
    assert re.search(r"\d", text_of(driver, "#break-even")), text_of(driver, "#break-even")
    assert bool(driver.find_elements(By.CSS_SELECTOR, "p#no-warnings")) \
        != bool(driver.find_elements(By.CSS_SELECTOR, "ul#warnings li")), "either no warning or the warnings"


def compute_loan(driver, principal, rate, months, deferral=""):
    form = driver.find_element(By.CSS_SELECTOR, "form#loan-form")
    fill(form, "principal", principal)
    fill(form, "rate", rate)
    fill(form, "months", months)
    fill(form, "deferral", deferral)
    submit(driver, "form#loan-form")


def budget_figures(driver):
    return text_of(driver, "#break-even"), text_of(driver, "table#forecast tbody")


def letters(text):
    """The Arabic letters of a text, nothing else: presentation forms folded back (NFKC), no spaces or marks.

    A PDF's text may come out in logical or in visual order and cut anywhere; comparing letters only, either way
    round, reads the same word from both.
    """
    return "".join(c for c in unicodedata.normalize("NFKC", text) if "\u0621" <= c <= "\u064a" and c != "\u0640")


def contains_word(text_letters, word):
    word = letters(word)
    assert len(word) >= 4, word
    return word in text_letters or word[::-1] in text_letters


def main_text_without_forms(driver):
    return driver.execute_script("""
        const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('form').forEach(f => f.remove());
        return main.textContent;
        """)


def mad(amount, texts):
    """An amount as the site writes it in French and in Arabic (Moroccan style): "1.000,00 MAD", "1.000,00 درهم"."""
    return f"{Decimal(amount):,.2f}".translate(str.maketrans(",.", ".,")) + " " + texts["currency.mad"]


def assert_prints(driver, section):
    """The result's print button (kept off paper) opens the browser's printing."""
    button = driver.find_element(By.CSS_SELECTOR, f"section#{section} .no-print button[data-print]")
    assert button.get_attribute("type") == "button", "the print button must not send the form"
    driver.execute_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    button.click()
    assert driver.execute_script("return window.printed") == 1


# The bank-readiness check.

def check_bank_readiness(driver, fields, unpaid, documents):
    form = driver.find_element(By.CSS_SELECTOR, "form#bank-form")
    for name, value in fields.items():
        fill(form, name, value)
    if unpaid:
        tick(form, "input[type=checkbox][name=past_unpaid]")
    for code in documents:
        tick(form, f"fieldset#documents input[type=checkbox][name=doc_{code}]")
    submit(driver, "form#bank-form")


def bank_findings(texts):
    """What the check says of BANK_FIELDS, in order, each with whether it blocks the loan (shown as a warning)."""
    return [(say(texts, "coaching.bank.debt_too_high", ratio="154,26", max="40"), True),
            (texts["coaching.bank.past_unpaid_advice"], True),
            (say(texts, "coaching.bank.amount_above_plan", excess=mad(1000, texts)), False),
            (say(texts, "coaching.bank.low_contribution", percent="4", min="10"), False),
            (say(texts, "coaching.bank.little_experience", months="2", min="12"), False)]


def assert_bank_summary(driver, lang):
    """The summary of BANK_CHECK in `lang`: not ready yet, why, and the documents still to gather."""
    texts = TEXTS[lang]
    driver.find_element(By.CSS_SELECTOR, "section#bank-result")
    level = driver.find_element(By.CSS_SELECTOR, "p#bank-level")
    assert level.text.strip() == texts["coaching.bank.level.not_yet"]
    assert "warning" in level.get_attribute("class").split() and "ok" not in level.get_attribute("class").split()
    assert text_of(driver, "dd#debt-ratio") == "154,26 %"
    findings = [(li.text.strip(), "warning" in (li.get_attribute("class") or "").split())
                for li in driver.find_elements(By.CSS_SELECTOR, "ul#bank-findings > li")]
    assert findings == bank_findings(texts)
    missing = [li.text.strip() for li in driver.find_elements(By.CSS_SELECTOR, "ul#missing-documents > li")]
    assert missing == [d["name"][lang] for d in BANK_RULES["documents"] if d["code"] not in DOCUMENTS_HELD]
    assert not driver.find_elements(By.CSS_SELECTOR, "p#documents-complete")
    assert text_of(driver, "p#bank-source").endswith(BANK_RULES["source"])


# The digital check-up.

def answer_digital(driver, answers):
    """Taps, for every question, the label of the chosen option (its index); then computes."""
    form = driver.find_element(By.CSS_SELECTOR, "form#digital-form")
    for code, index in answers.items():
        form.find_element(By.CSS_SELECTOR, f"label[for='f-q_{code}-{index}']").click()
        assert form.find_element(By.ID, f"f-q_{code}-{index}").is_selected()
    submit(driver, "form#digital-form")
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]


def question_points(question, answers):
    return question["options"][answers[question["code"]]]["points"], max(o["points"] for o in question["options"])


def dimension_percents(answers):
    """The percent per dimension (a question's theme), rounded half up, in the instrument's order."""
    totals = {}
    for question in DIGITAL["questions"]:
        points, top = question_points(question, answers)
        before = totals.get(question["theme"], (0, 0))
        totals[question["theme"]] = (before[0] + points, before[1] + top)
    return {theme: (200 * points + top) // (2 * top) for theme, (points, top) in totals.items()}


def digital_score(answers):
    points, top = map(sum, zip(*(question_points(q, answers) for q in DIGITAL["questions"])))
    return (200 * points + top) // (2 * top)


def expected_advice(answers, lang):
    """Per dimension below 100 %, the advice of its questions not answered at best, weakest answer first."""
    weak = sorted((points, number, question) for number, question in enumerate(DIGITAL["questions"])
                  for points, top in [question_points(question, answers)] if points < top)
    advice = {theme: [] for theme, percent in dimension_percents(answers).items() if percent < 100}
    for _, _, question in weak:
        advice[question["theme"]].append(question["recommendation"][lang])
    return advice


def related_measures(theme):
    """The shipped measures open to apply on a dimension's theme, the theme above it or any below it (none today:
    no shipped measure is about digital matters, so no advice links to one)."""
    related = {theme, THEMES[theme]["parent"]}
    frontier = [theme]
    while frontier:
        parent = frontier.pop()
        children = [code for code, row in THEMES.items() if row["parent"] == parent and code not in related]
        related.update(children)
        frontier.extend(children)
    return sorted(m["code"] for m in MEASURES if m["status"] == "open" and related & set(m["themes"]))


def digital_rows(driver):
    """Per dimension of the result table: its name, the percent of the last saved check-up if shown, the meter's
    value and the percent written next to it."""
    rows = {}
    for tr in driver.find_elements(By.CSS_SELECTOR, "table#dimensions tbody tr"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        assert len(cells) in (1, 2), tr.text
        rows[tr.get_attribute("data-dimension")] = {
            "name": tr.find_element(By.TAG_NAME, "th").text.strip(),
            "before": cells[0].text.strip() if len(cells) == 2 else None,
            "meter": tr.find_element(By.CSS_SELECTOR, "meter").get_attribute("value"),
            "percent": tr.find_element(By.CSS_SELECTOR, "span.percent").text.strip()}
    return rows


def assert_digital_result(driver, answers, lang):
    """The score, a meter per dimension, and the advice for every dimension below 100 %, in `lang`."""
    texts = TEXTS[lang]
    assert text_of(driver, "section#digital-result p#digital-score") \
        == say(texts, "diagnostic.score", score=str(digital_score(answers)))
    percents = dimension_percents(answers)
    rows = digital_rows(driver)
    assert list(rows) == list(percents), list(rows)
    for theme, percent in percents.items():
        assert rows[theme]["name"] == THEMES[theme][lang]
        assert rows[theme]["meter"] == str(percent), (theme, rows[theme])
        assert rows[theme]["percent"] == f"{percent} %", (theme, rows[theme])
    advice = expected_advice(answers, lang)
    items = driver.find_elements(By.CSS_SELECTOR, "ol#digital-advice > li")
    assert [li.get_attribute("id") for li in items] == [f"advice-{theme}" for theme in advice]
    for item, (theme, texts_of_theme) in zip(items, advice.items()):
        assert item.find_element(By.TAG_NAME, "h3").text.strip() == THEMES[theme][lang]
        assert [li.text.strip() for li in item.find_elements(By.CSS_SELECTOR, "h3 + ul > li")] == texts_of_theme
        links = item.find_elements(By.CSS_SELECTOR, "ul.linked-measures a")
        assert sorted(a.get_attribute("pathname").removeprefix("/measures/") for a in links) == related_measures(theme)
    if not advice:
        assert texts["diagnostic.no_recommendation"] in text_of(driver, "section#digital-result")


# The live budget totals.

def live(driver, total):
    return text_of(driver, f"form#budget-form section#live-totals dd[data-total={total}]")


def cents(amount):
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def form_amount(form, name):
    """A figure of the budget form as the server wrote it ("27000", "1234.5"); empty counts as zero."""
    return Decimal(form.find_element(By.NAME, name).get_attribute("value") or "0")


# --- the tools, signed out -----------------------------------------------------------------------------------------

def test_budget_from_template_on_a_phone(driver, base_url):
    phone_screen(driver)
    set_lang(driver, base_url, "fr", "/tools")
    assert_lang(driver, "fr")
    links = [a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "ul#tools a")]
    assert sorted(links) == sorted(TOOLS), links
    assert not driver.find_elements(By.CSS_SELECTOR, "a#my-results"), "signed out: nothing saved to go back to"
    assert scroll_width(driver) <= WIDTH + 1

    driver.find_element(By.CSS_SELECTOR, "ul#tools a[href='/tools/budget']").click()
    assert path_of(driver) == "/tools/budget"
    use_template(driver, "tailoring")
    assert scroll_width(driver) <= WIDTH + 1
    compute_budget(driver)
    assert_lang(driver, "fr")
    assert scroll_width(driver) <= WIDTH + 1, "the 8-column forecast scrolls inside its frame, not the page"


def test_loan_schedule_and_refused_deferral(driver, base_url):
    set_lang(driver, base_url, "fr", "/tools/loan")
    assert_lang(driver, "fr")
    compute_loan(driver, "100 000", "12", "12")
    driver.find_element(By.CSS_SELECTOR, "section#loan-result")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table#schedule tbody tr")) == 12
    summary = text_of(driver, "dl#loan-summary")
    assert INSTALMENT.search(summary), summary
    assert http_status(driver.current_url) == 200

    compute_loan(driver, "100 000", "12", "12", deferral="12")
    assert_lang(driver, "fr")
    error = driver.find_element(By.CSS_SELECTOR, "form#loan-form p.field-error#f-deferral-error")
    assert error.is_displayed()
    assert error.text.strip() == FR["coaching.deferral_too_long"]
    assert error.text.strip() == "Le différé doit être plus court que la durée du prêt."
    deferral = driver.find_element(By.CSS_SELECTOR, "form#loan-form input[name=deferral]")
    assert deferral.get_attribute("aria-invalid") == "true"
    assert "f-deferral-error" in (deferral.get_attribute("aria-describedby") or "").split()
    assert deferral.get_attribute("value") == "12", "what was typed comes back"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    assert not driver.find_elements(By.CSS_SELECTOR, "table#schedule")
    assert not driver.find_elements(By.CSS_SELECTOR, "section#loan-result")
    assert http_status(driver.current_url) == 422


def test_auto_entrepreneur_in_arabic(driver, base_url):
    set_lang(driver, base_url, "ar", "/tools/auto-entrepreneur")
    assert_lang(driver, "ar")
    form = driver.find_element(By.CSS_SELECTOR, "form#ae-form")
    choose(form, "activity", "services")
    assert Select(form.find_element(By.NAME, "activity")).first_selected_option.text.strip() == SERVICES_AR
    fill(form, "turnover", "150000")
    fill(form, "largest_client", "100000")
    submit(driver, "form#ae-form")

    assert_lang(driver, "ar")
    driver.find_element(By.CSS_SELECTOR, "section#ae-result")
    verdict = driver.find_element(By.CSS_SELECTOR, "p#ae-verdict")
    classes = verdict.get_attribute("class").split()
    assert "ok" in classes and "warning" not in classes, classes
    assert ARABIC.search(verdict.text), verdict.text
    assert AR["coaching.ae.fits"].split(":")[0] in verdict.text, verdict.text
    # 1 % of the 130 000 not withheld, plus 30 % of the 20 000 the largest client pays above 80 000: 7 300,00 DH.
    assert digits_of(text_of(driver, "#ae-total")) == "730000", text_of(driver, "#ae-total")
    assert text_of(driver, "p#ae-source")


def test_budget_prints_cleanly_in_arabic(driver, base_url):
    set_lang(driver, base_url, "ar", "/tools/budget")
    assert_lang(driver, "ar")
    use_template(driver, "food_stand")
    compute_budget(driver)
    assert_lang(driver, "ar")

    # Words that only the budget form shows on screen, and the result's heading that the page shows outside it.
    # (Not the "sales of month n" label: its word is part of the forecast's "sales" column heading.)
    form_only = [AR["coaching.budget.own_funds"].split()[0], AR["coaching.budget.investments"].split()[0]]
    heading = AR["coaching.result"]
    form_letters = letters(driver.find_element(By.CSS_SELECTOR, "form#budget-form").get_attribute("textContent"))
    rest = main_text_without_forms(driver)
    for word in form_only:
        assert contains_word(form_letters, word), f"{word} is not a label of the budget form"
        assert not contains_word(letters(rest), word), f"{word} also shows outside the forms: the check proves nothing"
    assert contains_word(letters(rest), heading)
    assert "Maillage" in text_of(driver, "header.top") and "Maillage" not in rest

    pdf = base64.b64decode(driver.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF"), pdf[:20]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    text = reader.pages[0].extract_text() or ""
    printed = letters(text)
    assert ARABIC.search(unicodedata.normalize("NFKC", text)), text[:500]
    assert contains_word(printed, heading), f"the result's heading {heading} is not on the printed page: {text[:500]!r}"
    for word in form_only:
        assert not contains_word(printed, word), f"the budget form ({word}) is printed: {text[:500]!r}"
    whole = "".join(page.extract_text() or "" for page in reader.pages)
    assert "Maillage" not in whole, "the page header is printed"


def test_bank_readiness_on_a_phone(driver, base_url):
    phone_screen(driver)
    set_lang(driver, base_url, "fr", "/tools")
    driver.find_element(By.CSS_SELECTOR, "ul#tools a[href='/tools/bank']").click()
    assert path_of(driver) == "/tools/bank"
    assert not driver.find_elements(By.CSS_SELECTOR, "section#bank-result")
    assert scroll_width(driver) <= WIDTH + 1

    check_bank_readiness(driver, BANK_FIELDS, unpaid=True, documents=DOCUMENTS_HELD)
    assert_lang(driver, "fr")
    assert_bank_summary(driver, "fr")
    assert http_status(driver.current_url) == 200
    assert scroll_width(driver) <= WIDTH + 1
    form = driver.find_element(By.CSS_SELECTOR, "form#bank-form")
    assert form.find_element(By.NAME, "past_unpaid").is_selected(), "what was ticked comes back"
    held = form.find_elements(By.CSS_SELECTOR, "fieldset#documents input:checked")
    assert [box.get_attribute("name") for box in held] == [f"doc_{code}" for code in DOCUMENTS_HELD]
    assert_prints(driver, "bank-result")

    # The same summary in Arabic, right to left: the language link comes back to the result, figures and all.
    switch = driver.find_element(By.CSS_SELECTOR, "nav#lang a[hreflang=ar]")
    back = parse_qs(urlparse(switch.get_attribute("href")).query)["back"][0]
    assert back.startswith("/tools/bank?") and parse_qs(urlparse(back).query).get("go") == ["1"], back
    switch.click()
    assert path_of(driver) == "/tools/bank"
    assert_lang(driver, "ar")
    assert_bank_summary(driver, "ar")
    assert ARABIC.search(text_of(driver, "section#bank-result h2"))
    assert scroll_width(driver) <= WIDTH + 1

    # More brought than the project costs: refused (422), the field says why, nothing is computed.
    fill(driver.find_element(By.CSS_SELECTOR, "form#bank-form"), "own_contribution", "60 000")
    submit(driver, "form#bank-form")
    assert_lang(driver, "ar")
    error = driver.find_element(By.CSS_SELECTOR, "form#bank-form p.field-error#f-own_contribution-error")
    assert error.is_displayed()
    assert error.text.strip() == AR["coaching.bank.contribution_above_cost"]
    field = driver.find_element(By.CSS_SELECTOR, "form#bank-form input[name=own_contribution]")
    assert field.get_attribute("aria-invalid") == "true"
    assert "f-own_contribution-error" in (field.get_attribute("aria-describedby") or "").split()
    assert field.get_attribute("value") == "60 000", "what was typed comes back"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    assert not driver.find_elements(By.CSS_SELECTOR, "section#bank-result")
    assert http_status(driver.current_url) == 422
    assert scroll_width(driver) <= WIDTH + 1


def test_arabic_digits_count_as_figures(driver, base_url):
    """Typed on an Arabic keyboard, every figure (months and percentages too) gives what Western digits give."""
    def arabic(text):
        return text.translate(WESTERN_TO_ARABIC)

    set_lang(driver, base_url, "ar", "/tools/bank")
    check_bank_readiness(driver, {name: arabic(value) for name, value in BANK_FIELDS.items()}, unpaid=True,
                         documents=DOCUMENTS_HELD)
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert_bank_summary(driver, "ar")
    form = driver.find_element(By.CSS_SELECTOR, "form#bank-form")
    assert form.find_element(By.NAME, "months").get_attribute("value") == "١٢", "what was typed comes back"

    driver.get(base_url + "/tools/loan")
    compute_loan(driver, arabic("100 000"), arabic("12"), arabic("12"))
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table#schedule tbody tr")) == 12
    assert INSTALMENT.search(text_of(driver, "dl#loan-summary")), text_of(driver, "dl#loan-summary")

    # A budget from a template, computed as it comes, then with its percentage and costs retyped in Arabic digits.
    driver.get(base_url + "/tools/budget")
    form = use_template(driver, "grocery")
    compute_budget(driver)
    figures = budget_figures(driver)
    form = driver.find_element(By.CSS_SELECTOR, "form#budget-form")
    for name in ("variable_percent", "fixed_costs"):
        fill(form, name, arabic(form.find_element(By.NAME, name).get_attribute("value")))
    assert ARABIC_DIGIT.search(form.find_element(By.NAME, "variable_percent").get_attribute("value"))
    compute_budget(driver)
    assert budget_figures(driver) == figures


def test_digital_check_up(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/tools/digital")
    assert_lang(driver, lang)
    headings = [h.text.strip() for h in driver.find_elements(By.CSS_SELECTOR, "form#digital-form h2")]
    assert headings == [THEMES[theme][lang] for theme in dimension_percents(WEAK)], "questions grouped by dimension"

    answer_digital(driver, WEAK)
    assert_lang(driver, lang)
    assert_digital_result(driver, WEAK, lang)
    assert "advice-digital_skills" not in [li.get_attribute("id") for li in
                                           driver.find_elements(By.CSS_SELECTOR, "ol#digital-advice > li")]
    assert not driver.find_elements(By.CSS_SELECTOR, "p#digital-progress"), "signed out: nothing to compare with"
    assert not driver.find_elements(By.CSS_SELECTOR, "form#save-result"), "signed out: nowhere to save it"
    form = driver.find_element(By.CSS_SELECTOR, "form#digital-form")
    assert all(form.find_element(By.ID, f"f-q_{code}-{n}").is_selected() for code, n in WEAK.items()), \
        "the answers come back"
    assert_prints(driver, "digital-result")

    # An unanswered question (the browser asks first; a hand-made address gets the server's answer): refused.
    assert http_status(base_url + DIGITAL_CHECK.replace("q_training=2&", "")) == 422


def test_live_budget_totals(driver, base_url):
    set_lang(driver, base_url, "fr", "/tools/budget?template=grocery")
    form = driver.find_element(By.CSS_SELECTOR, "form#budget-form")
    box = form.find_element(By.CSS_SELECTOR, "section#live-totals")
    wait(driver).until(lambda d: box.is_displayed())
    sales = [form_amount(form, f"sales_{n}") for n in range(1, 13)]
    fixed, percent = form_amount(form, "fixed_costs"), form_amount(form, "variable_percent")
    financing = sum(form_amount(form, name) for name in ("own_funds", "grant", "loan_principal", "honour_principal"))
    assert live(driver, "sales") == mad(sum(sales), FR)
    assert live(driver, "fixed") == mad(12 * fixed, FR)
    assert live(driver, "break_even") == mad(cents(fixed * 100 / (100 - percent)), FR)
    assert live(driver, "financing_gap") == mad(financing - form_amount(form, "investments"), FR)

    # A better first month, typed the way people write it: the totals follow, nothing is sent.
    page = driver.find_element(By.TAG_NAME, "html")
    url = driver.current_url
    fill(form, "sales_1", "41 250,50")
    year = Decimal("41250.50") + sum(sales[1:])
    wait(driver).until(lambda d: live(d, "sales") == mad(year, FR))
    assert live(driver, "margin") == mad(year - cents(year * percent / 100), FR)
    assert page.tag_name == "html" and driver.current_url == url, "the page was not reloaded"
    assert not driver.find_elements(By.CSS_SELECTOR, "section#budget-result")

    # The server's computation agrees with what the page showed.
    break_even = live(driver, "break_even")
    compute_budget(driver)
    assert text_of(driver, "#break-even") == break_even
    assert live(driver, "sales") == mad(year, FR), "the totals are there again on the result page"


# --- saving and sharing a result -----------------------------------------------------------------------------------

def saved_tools(driver):
    """The items of /me/tools as (item, the pathname of its link)."""
    assert path_of(driver) == "/me/tools", driver.current_url
    return [(li, li.find_element(By.CSS_SELECTOR, "a").get_attribute("pathname"))
            for li in driver.find_elements(By.CSS_SELECTOR, "li.saved-tool")]


def save_result(driver, section, share):
    """Saves the result shown in `section`, shared with the advisor or not; lands on /me/tools."""
    form_css = f"section#{section} form#save-result"
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    assert (form.get_attribute("method") or "").lower() == "post"
    assert form.get_attribute("action").endswith("/tools/save"), form.get_attribute("action")
    box = form.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=share]")
    if share:
        tick(form, "input[type=checkbox][name=share]")
    elif box.is_selected():
        box.click()
        assert not box.is_selected()
    submit(driver, form_css)
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert path_of(driver) == "/me/tools", driver.current_url


@pytest.fixture(scope="module")
def saver(chromium, base_url, sink):
    """The entrepreneur of the saving tests: a fresh number, registered by herself in Casablanca-Settat. Her person
    (as typed), her case's path and her cookies; one phone code for the whole module."""
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    phone = sign_in_new_entrepreneur(chromium, base_url, sink, "fr")
    open_my_data(chromium, base_url, "fr")
    person = self_register(chromium, "fr")  # not sharing her contact details with partners
    assert "Casablanca" in person["province"], "needs a Casablanca-Settat province, advisor.casa's region"
    person["phone"] = phone
    person["cookies"] = cookies_of(chromium)
    _, _, data = fetch_json(base_url, "/me/data.json", person["cookies"])
    person["case"] = f"/cases/{data['cases'][0]['id']}"
    return person


def as_saver(driver, base_url, saver, path):
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    restore(driver, base_url, saver["cookies"])
    set_lang(driver, base_url, "fr", path)
    assert_lang(driver, "fr")
    return driver


def save_to_case(driver, section, case):
    """An advisor filling a tool in with someone saves the result to their case; back on the case's tools."""
    form_css = f"section#{section} form#save-result"
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    assert (form.get_attribute("method") or "").lower() == "post"
    assert form.get_attribute("action").endswith(f"{case}/tools"), form.get_attribute("action")
    assert not form.find_elements(By.NAME, "share"), "what is filled in together goes to the case, shared"
    submit(driver, form_css)
    assert path_of(driver) == case, driver.current_url
    assert urlparse(driver.current_url).fragment == "tools"
    return [li.find_element(By.CSS_SELECTOR, "a").get_attribute("pathname")
            for li in driver.find_elements(By.CSS_SELECTOR, "section#tools li.saved-tool")]


def show_to_bank(driver, result_id, bank):
    """Chooses on /me/tools which bank may see a result (`bank` is a name, or "" for none) and confirms."""
    form_css = f"li#result-{result_id} form[action='/me/tools/{result_id}/share']"
    field = driver.find_element(By.CSS_SELECTOR, f"{form_css} select#f-r{result_id}-partner_id")
    assert field.get_attribute("name") == "partner_id"
    select = Select(field)
    if bank:
        select.select_by_visible_text(bank)
    else:
        select.select_by_value("")
    submit(driver, form_css)
    assert path_of(driver) == "/me/tools", driver.current_url
    assert urlparse(driver.current_url).fragment == f"result-{result_id}"
    item = driver.find_element(By.CSS_SELECTOR, f"li#result-{result_id}")
    chosen = Select(item.find_element(By.NAME, "partner_id")).first_selected_option
    assert chosen.text.strip() == (bank or FR["coaching.no_bank"])
    return item


def shown_to_bank(driver, href):
    """The lines of the partner's /partner/tools that link to a saved result (its address, from /me/tools)."""
    assert path_of(driver) == "/partner/tools", driver.current_url
    return [li for li in driver.find_elements(By.CSS_SELECTOR, "ul#shared-results > li")
            if li.find_element(By.CSS_SELECTOR, "a").get_attribute("href") == href]


def test_entrepreneur_saves_and_shares_a_budget(driver, base_url, saver, session_cookies):
    lang = "fr"
    case = saver["case"]

    # A budget from a template, her own fixed costs typed in, shared with her advisor.
    as_saver(driver, base_url, saver, "/tools/budget")
    form = use_template(driver, "tailoring")
    fixed = str(2000 + secrets.randbelow(900))
    fill(form, "fixed_costs", fixed)
    compute_budget(driver)
    figures = budget_figures(driver)
    save_result(driver, "budget-result", share=True)
    assert_lang(driver, lang)
    items = saved_tools(driver)
    assert [path for _, path in items] == ["/tools/budget"], [li.text for li, _ in items]
    assert items[0][0].text.strip()

    # Opening it shows the same budget again.
    items[0][0].find_element(By.CSS_SELECTOR, "a").click()
    assert path_of(driver) == "/tools/budget"
    driver.find_element(By.CSS_SELECTOR, "section#budget-result")
    assert budget_figures(driver) == figures
    assert driver.find_element(By.CSS_SELECTOR, "form#budget-form [name=fixed_costs]").get_attribute("value") == fixed

    # A loan she keeps to herself.
    driver.get(base_url + "/tools/loan")
    compute_loan(driver, "50 000", "6", "24")
    driver.find_element(By.CSS_SELECTOR, "section#loan-result")
    save_result(driver, "loan-result", share=False)
    assert sorted(path for _, path in saved_tools(driver)) == ["/tools/budget", "/tools/loan"]
    assert_accessible(driver)

    # The tools' page leads her back to them.
    driver.get(base_url + "/tools")
    mine = driver.find_element(By.CSS_SELECTOR, "a#my-results")
    assert mine.text.strip() == FR["coaching.mine"]
    mine.click()
    assert sorted(path for _, path in saved_tools(driver)) == ["/tools/budget", "/tools/loan"]

    # Every tool's result offers to save it.
    driver.get(base_url + AE)
    driver.find_element(By.CSS_SELECTOR, "section#ae-result form#save-result input[type=checkbox][name=share]")

    # Her advisor finds the shared budget on her case, and only that.
    staff = session_cookies(CASA)  # may sign in with the shared browser: the entrepreneur is done
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    restore(driver, base_url, staff)
    set_lang(driver, base_url, lang, case)
    assert path_of(driver) == case, driver.current_url
    items = driver.find_elements(By.CSS_SELECTOR, "section#tools li.saved-tool")
    shared = [li.find_element(By.CSS_SELECTOR, "a") for li in items]
    assert [a.get_attribute("pathname") for a in shared] == ["/tools/budget"], \
        [a.get_attribute("href") for a in shared]
    shared[0].click()
    assert path_of(driver) == "/tools/budget"
    assert budget_figures(driver) == figures


def test_entrepreneur_sees_her_progress_in_the_digital_check_up(driver, base_url, saver):
    as_saver(driver, base_url, saver, DIGITAL_CHECK)
    assert_digital_result(driver, WEAK, "fr")
    assert not driver.find_elements(By.CSS_SELECTOR, "p#digital-progress"), "her first check-up"
    save_result(driver, "digital-result", share=False)
    assert "/tools/digital" in [path for _, path in saved_tools(driver)]

    # Some weeks of work later: every answer at its best, compared with the saved one.
    driver.get(base_url + "/tools/digital")
    answer_digital(driver, BEST)
    assert_digital_result(driver, BEST, "fr")
    assert text_of(driver, "p#digital-progress").startswith(FR["coaching.digital.since"].split("{")[0])
    rows = digital_rows(driver)
    assert {theme: row["before"] for theme, row in rows.items()} \
        == {theme: f"{percent} %" for theme, percent in dimension_percents(WEAK).items()}
    assert len(driver.find_elements(By.CSS_SELECTOR, "table#dimensions thead th")) == 3


def test_entrepreneur_shows_a_result_to_a_partner_bank(driver, base_url, saver, as_user):
    # Before going to the bank, on her phone: her readiness, saved for herself only.
    phone_screen(driver)
    as_saver(driver, base_url, saver, BANK_CHECK)
    assert_bank_summary(driver, "fr")
    save_result(driver, "bank-result", share=False)
    items = [(li, path) for li, path in saved_tools(driver) if path == "/tools/bank"]
    assert len(items) == 1, [li.text for li, _ in saved_tools(driver)]
    result_id = items[0][0].get_attribute("id").removeprefix("result-")
    assert not items[0][0].find_elements(By.CSS_SELECTOR, "span.shared-bank")
    assert scroll_width(driver) <= WIDTH + 1
    options = Select(items[0][0].find_element(By.NAME, "partner_id")).options
    assert (options[0].get_attribute("value"), options[0].text.strip()) == ("", FR["coaching.no_bank"])
    assert BANK_NAME in [o.text.strip() for o in options]

    item = show_to_bank(driver, result_id, BANK_NAME)
    assert text_of(driver, f"li#result-{result_id} span.shared-bank") \
        == say(FR, "coaching.shared_with", partner=BANK_NAME)
    assert scroll_width(driver) <= WIDTH + 1
    assert item.find_element(By.CSS_SELECTOR, "a").get_attribute("pathname") == "/tools/bank"
    href = item.find_element(By.CSS_SELECTOR, "a").get_attribute("href")
    assert_accessible(driver)

    # The bank's officer finds it under "shared calculations" and reads the same summary; she did not agree to share
    # her contact details with partners, so the line says so instead of her name and number.
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    as_user(BANK, "fr", "/referrals")
    driver.find_element(By.CSS_SELECTOR, "nav.main-nav a[href='/partner/tools']").click()
    lines = shown_to_bank(driver, href)
    assert len(lines) == 1, text_of(driver, "main")
    line = lines[0].text
    assert FR["referral.no_consent"] in line, line
    assert saver["last"] not in line and saver["first"] not in line, line
    assert digits_of(saver["phone"])[-8:] not in digits_of(line), line
    assert_accessible(driver)
    link = lines[0].find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("pathname") == "/tools/bank"
    link.click()
    assert path_of(driver) == "/tools/bank"
    assert_bank_summary(driver, "fr")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#save-result")

    # She takes it back: the bank no longer sees it.
    as_saver(driver, base_url, saver, "/me/tools")
    item = show_to_bank(driver, result_id, "")
    assert not item.find_elements(By.CSS_SELECTOR, "span.shared-bank")
    assert not shown_to_bank(as_user(BANK, "fr", "/partner/tools"), href)


def test_advisor_fills_the_digital_check_up_with_a_person(as_user):
    driver, person = register(as_user, "fr")
    case = person["case"]
    case_id = case.rsplit("/", 1)[1]
    links = driver.find_elements(By.CSS_SELECTOR, "section#tools a[href*='?for=']")
    assert sorted(a.get_attribute("pathname") for a in links) == sorted(TOOLS)
    assert all(parse_qs(urlparse(a.get_attribute("href")).query) == {"for": [case_id]} for a in links)
    assert FR["coaching.none_shared"] in text_of(driver, "section#tools")

    # A first check-up together: the page says whose case it is for, and keeps it from one computation to the next.
    driver.find_element(By.CSS_SELECTOR, f"section#tools a[href='/tools/digital?for={case_id}']").click()
    assert path_of(driver) == "/tools/digital"
    assert text_of(driver, "p#filling-for").startswith(say(FR, "coaching.filling_for", case=case_id))
    assert driver.find_element(By.CSS_SELECTOR, "p#filling-for a").get_attribute("pathname") == case
    assert driver.find_element(By.CSS_SELECTOR, "form#digital-form input[type=hidden][name=for]") \
        .get_attribute("value") == case_id
    answer_digital(driver, WEAK)
    assert parse_qs(urlparse(driver.current_url).query).get("for") == [case_id]
    driver.find_element(By.CSS_SELECTOR, "p#filling-for")
    assert_digital_result(driver, WEAK, "fr")
    assert not driver.find_elements(By.CSS_SELECTOR, "p#digital-progress"), "a new person: nothing to compare with"
    assert save_to_case(driver, "digital-result", case) == ["/tools/digital"]
    assert FR["coaching.digital_checkup.title"] in text_of(driver, "section#tools li.saved-tool")

    # A second one, every answer at its best: compared with the first, then saved next to it.
    driver.find_element(By.CSS_SELECTOR, f"section#tools a[href='/tools/digital?for={case_id}']").click()
    answer_digital(driver, BEST)
    assert_digital_result(driver, BEST, "fr")
    driver.find_element(By.CSS_SELECTOR, "p#digital-progress")
    assert {theme: row["before"] for theme, row in digital_rows(driver).items()} \
        == {theme: f"{percent} %" for theme, percent in dimension_percents(WEAK).items()}
    assert save_to_case(driver, "digital-result", case) == ["/tools/digital", "/tools/digital"]

    # The first one, opened from the case, shows its answers again.
    driver.find_elements(By.CSS_SELECTOR, "section#tools li.saved-tool a")[-1].click()
    assert path_of(driver) == "/tools/digital"
    assert_digital_result(driver, WEAK, "fr")


# --- accessibility -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["tools", "loan", "budget", "auto_entrepreneur", "bank", "digital"])
def test_accessible(driver, base_url, lang, page):
    if page == "tools":
        set_lang(driver, base_url, lang, "/tools")
        driver.find_element(By.CSS_SELECTOR, "ul#tools")
    elif page == "loan":
        set_lang(driver, base_url, lang, LOAN)
        driver.find_element(By.CSS_SELECTOR, "section#loan-result table#schedule")
    elif page == "budget":
        set_lang(driver, base_url, lang, "/tools/budget")
        use_template(driver, "grocery")
        compute_budget(driver)
    elif page == "auto_entrepreneur":
        set_lang(driver, base_url, lang, AE)
        driver.find_element(By.CSS_SELECTOR, "section#ae-result p#ae-verdict")
    elif page == "bank":
        set_lang(driver, base_url, lang, BANK_CHECK)
        driver.find_element(By.CSS_SELECTOR, "section#bank-result ul#bank-findings")
    else:
        set_lang(driver, base_url, lang, DIGITAL_CHECK)
        driver.find_element(By.CSS_SELECTOR, "section#digital-result table#dimensions meter")
    assert_lang(driver, lang)
    assert_accessible(driver)
