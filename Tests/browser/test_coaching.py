"""The coaching tools: a 12-month budget from a template (with live totals as one types), a loan schedule, the
auto-entrepreneur simulator, the bank-readiness check before a loan, the digital check-up.

Anyone uses them on a phone without an account (forms sent by GET, so a result can be bookmarked or printed); an
entrepreneur signed in by phone may save a result, share it with their advisor, who finds it on the case page, and show
it to a partner bank, then take it back; an advisor fills a tool in with a person and saves it to their case.

The saving tests share one entrepreneur, the `saver` fixture: a fresh number registered in Casablanca-Settat
(advisor.casa's region) rather than the demo entrepreneur, whose 3 codes per 15 minutes the sign-in tests spend. It asks
for one code: with conftest's shared entrepreneur (1), test_accessibility's record (1), test_rights (3) and test_sign_in
(3), the run asks for 9 of the 10 codes an address may request in 15 minutes. The other tests here sign staff in by
password (advisor.casa, partner.bank) or stay signed out.
"""

import base64
import csv
import io
import json
import re
import secrets
import unicodedata
from decimal import Decimal
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

LOCALES = ROOT / "Sources/App/Resources/Locales"
AR = json.loads((LOCALES / "ar.json").read_text(encoding="utf-8"))
FR = json.loads((LOCALES / "fr.json").read_text(encoding="utf-8"))
TEXTS = {"fr": FR, "ar": AR}
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

TOOLS = ["/tools/budget", "/tools/loan", "/tools/auto-entrepreneur", "/tools/bank", "/tools/digital"]
# 100 000 DH at 12 % a year over 12 months: 1 % a month, a constant instalment of 8 884,88 DH. French groups thousands
# with a (narrow) no-break space; Moroccan French (fr_MA, as the rest of the site shows amounts) with a point.
INSTALMENT = re.compile(r"8[\u202f\u00a0 .]?884,88")
LOAN = "/tools/loan?principal=100000&rate=12&months=12&deferral=&deferral_kind=interest_only&fees=&go=1"
AE = "/tools/auto-entrepreneur?activity=services&turnover=150000&largest_client=100000&go=1"

# A loan the plan does not carry: 49 000 DH at 2 % over 12 months (4 127,70 DH a month) on top of 500 DH already repaid
# each month, out of 3 000 DH of income: 154,26 %. With past arrears, 1 000 DH more than the project needs after her
# 2 000 DH (4 % of it), 2 months in the trade, and 2 of the 8 documents at hand.
BANK_FIELDS = {"requested": "49 000", "rate": "2", "months": "12", "project_cost": "50 000", "own_contribution": "2 000",
               "experience_months": "2", "monthly_income": "3 000", "existing_repayments": "500"}
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


# --- the tools, signed out -----------------------------------------------------------------------------------------

def test_budget_from_template_on_a_phone(driver, base_url):
    phone_screen(driver)
    set_lang(driver, base_url, "fr", "/tools")
    assert_lang(driver, "fr")
    links = [a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "ul#tools a")]
    assert sorted(links) == sorted(TOOLS), links
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


def test_entrepreneur_saves_and_shares_a_budget(driver, base_url, sink, session_cookies):
    lang = "fr"
    sign_in_new_entrepreneur(driver, base_url, sink, lang)
    open_my_data(driver, base_url, lang)
    person = self_register(driver, lang)
    assert "Casablanca" in person["province"], "needs a Casablanca-Settat province, advisor.casa's region"
    _, _, data = fetch_json(base_url, "/me/data.json", cookies_of(driver))
    case = f"/cases/{data['cases'][0]['id']}"

    # A budget from a template, her own fixed costs typed in, shared with her advisor.
    driver.get(base_url + "/tools/budget")
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


# --- accessibility -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["tools", "loan", "budget", "auto_entrepreneur"])
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
    else:
        set_lang(driver, base_url, lang, AE)
        driver.find_element(By.CSS_SELECTOR, "section#ae-result p#ae-verdict")
    assert_lang(driver, lang)
    assert_accessible(driver)
