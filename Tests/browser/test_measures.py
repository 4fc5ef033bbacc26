"""A visitor browses the public catalogue of support measures and asks "am I eligible?", without signing in.

The questionnaire asks one question per page and works without JavaScript (GET forms); which question comes next
depends on the answers, so the tests read the question each page asks and answer from a profile, or skip it.
The catalogue is the shipped one (Resources/Reference/measures.json): no browser test edits it.
"""

import secrets

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARABIC, assert_lang, http_status, path_of, set_lang, submit
from test_accessibility import assert_accessible
from test_accompaniment import LATIN, fill, random_word, text_of, tick
from test_mobile import WIDTH, phone_screen, scroll_width

# A young urban graduate starting a digital services business, as they would answer each question.
PROFILE = {
    "age": "24", "setting": "urban", "residence": "morocco", "graduate": "yes", "legal_status": "project",
    "sector": "digital", "turnover": "0", "business_age": "0", "loan_amount": "50000", "investment": "50000",
    "own_funds_share": "20", "bank_loan": "no", "exports_to_africa": "no", "staff": "1", "gender": "f", "region": "06",
}
MAX_QUESTIONS = 20
RESULTS = "section#eligible, section#cannot-tell, section#not-eligible"
FORSA_AR = "برنامج فرصة"


# --- helpers -------------------------------------------------------------------------------------------------------

def press(driver, form_css, button_css):
    """Clicks one given button of a form (the question form has two) and waits for the next page, as `submit` does."""
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    form.find_element(By.CSS_SELECTOR, button_css).click()
    next_page(driver, form)


def next_page(driver, old):
    patient = WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,))
    patient.until(EC.staleness_of(old))
    patient.until(lambda d: d.execute_script("return document.readyState") == "complete")


def on_results(driver):
    return bool(driver.find_elements(By.CSS_SELECTOR, RESULTS))


def question(driver):
    """The field the page asks about: the id of the only `fieldset#q-FIELD` of form#question, less its prefix."""
    fieldsets = driver.find_elements(By.CSS_SELECTOR, "form#question fieldset[id^='q-']")
    assert len(fieldsets) == 1, f"one question per page, found {len(fieldsets)} at {driver.current_url}"
    assert text_of(driver, "p#progress"), "the page says how far the visitor is"
    return fieldsets[0].get_attribute("id").removeprefix("q-")


def errors(driver):
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".error")]


def answer(driver, field, value):
    """Types a number or clicks a radio; a radio whose value the profile does not give gets the first choice."""
    form = driver.find_element(By.CSS_SELECTOR, "form#question")
    typed = form.find_elements(By.CSS_SELECTOR, f"input[name='a_{field}'][inputmode=decimal]")
    if typed:
        typed[0].clear()
        typed[0].send_keys(value)
        return value
    radios = form.find_elements(By.CSS_SELECTOR, f"input[type=radio][name='a_{field}']")
    assert radios, f"question {field} has neither a number field nor choices"
    chosen = next((r for r in radios if r.get_attribute("value") == value), radios[0])
    chosen.click()
    assert chosen.is_selected()
    return chosen.get_attribute("value")


def answer_all(driver, profile):
    """Answers every question from `profile` until the results show; returns the fields asked, in order."""
    asked = []
    while not on_results(driver):
        assert len(asked) < MAX_QUESTIONS, f"still asking after {asked}"
        field = question(driver)
        assert field not in asked, f"{field} asked again after {asked}; errors: {errors(driver)}"
        asked.append(field)
        if field in profile:
            answer(driver, field, profile[field])
            press(driver, "form#question", "button#next")
        else:
            press(driver, "form#question", f"button#skip[value='{field}']")
    return asked


def skip_until(driver, done):
    """Presses "I don't know" until `done(driver)`; returns the fields skipped."""
    skipped = []
    while not done(driver):
        assert len(skipped) < MAX_QUESTIONS, f"still asking after skipping {skipped}"
        field = question(driver)
        assert field not in skipped, f"{field} asked again after it was skipped"
        skipped.append(field)
        press(driver, "form#question", f"button#skip[value='{field}']")
    return skipped


def start_questionnaire(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/eligibility")
    assert path_of(driver) == "/eligibility"
    assert_lang(driver, lang)


def skip_to_results(driver, base_url, lang):
    """Answers "I don't know" to everything; returns the fields skipped."""
    start_questionnaire(driver, base_url, lang)
    skipped = skip_until(driver, on_results)
    assert_lang(driver, lang)
    return skipped


def codes_in(driver, section):
    return [a.get_attribute("data-code") for a in driver.find_elements(By.CSS_SELECTOR, f"section#{section} article.match")]


def match(driver, section, code):
    found = driver.find_elements(By.CSS_SELECTOR, f"section#{section} article.match[data-code='{code}']")
    assert found, f"{code} not in #{section}; it has {codes_in(driver, section)}"
    return found[0]


def text_content(driver, element):
    """The text even when it is folded away (the not-eligible list may sit in a closed <details>)."""
    return driver.execute_script("return arguments[0].textContent", element).strip()


def heading_of(driver, section):
    """What a section is called: its aria-labelledby target, its own heading, or the summary of its <details>."""
    return driver.execute_script("""
        const s = arguments[0], by = s.getAttribute('aria-labelledby');
        if (by && document.getElementById(by)) return document.getElementById(by).textContent;
        const own = [...s.querySelectorAll('h1, h2, h3')].find(h => !h.closest('article'));
        if (own) return own.textContent;
        const summary = s.closest('details') && s.closest('details').querySelector('summary');
        return summary ? summary.textContent : '';
        """, section).strip()


def form_status(driver, form_css):
    """The status the server answers to the form as it stands: Selenium cannot see it, the page's fetch can."""
    return driver.execute_async_script("""
        const form = document.querySelector(arguments[0]), done = arguments[arguments.length - 1];
        fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)), redirect: 'manual'})
            .then(r => done(r.status), e => done(String(e)));
        """, form_css)


def contact_phone():
    """A mobile number nobody typed yet: 06 then 8 random digits, grouped as people write it."""
    digits = f"{secrets.randbelow(10**8):08d}"
    return "06 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def fill_contact(driver, consent):
    form = driver.find_element(By.CSS_SELECTOR, "form#contact")
    fill(form, "first_name", "Salma")
    fill(form, "last_name", "Mesure" + random_word(LATIN))
    fill(form, "phone", contact_phone())
    select = Select(form.find_element(By.CSS_SELECTOR, "select[name=province_id]"))
    provinces = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
    assert provinces, "no province to choose"
    select.select_by_value(provinces[0])
    box = form.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=consent]")
    if consent:
        tick(form, "input[type=checkbox][name=consent]")
    else:
        assert not box.is_selected(), "consent must not be ticked for the visitor"


# --- catalogue -----------------------------------------------------------------------------------------------------

def test_catalogue_search_and_detail(driver, base_url):
    set_lang(driver, base_url, "fr", "/measures")
    assert_lang(driver, "fr")
    listed = text_of(driver, "ul#measures")
    assert "Forsa" in listed and "Tatwir" in listed, "the whole catalogue shows before any search"

    search = driver.find_element(By.CSS_SELECTOR, "form#measure-search")
    fill(search, "q", "forsa")
    submit(driver, "form#measure-search")
    listed = text_of(driver, "ul#measures")
    assert "Forsa" in listed and "Tatwir" not in listed, listed
    assert not driver.find_elements(By.CSS_SELECTOR, "ul#measures a[href$='/measures/tatwir']")

    driver.find_element(By.CSS_SELECTOR, "ul#measures li.measure a[href$='/measures/forsa']").click()
    assert path_of(driver) == "/measures/forsa"
    assert "Forsa" in text_of(driver, "h1")
    rule = driver.find_elements(By.CSS_SELECTOR, "section#rule li")
    assert rule and all(li.text.strip() for li in rule)
    assert "at_least" not in text_of(driver, "section#rule"), "the conditions read in words, not as criteria text"
    check = driver.find_element(By.CSS_SELECTOR, "a#check-eligibility")
    assert check.get_attribute("href").endswith("/eligibility")
    check.click()
    assert path_of(driver) == "/eligibility"
    question(driver)


def test_catalogue_filters_and_nothing_found(driver, base_url):
    set_lang(driver, base_url, "fr", "/measures")
    Select(driver.find_element(By.CSS_SELECTOR, "form#measure-search select[name=kind]")).select_by_value("guarantee")
    submit(driver, "form#measure-search")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ul#measures li.measure a")]
    assert any(h.endswith("/measures/damane_express") for h in links), links
    assert any(h.endswith("/measures/damane_istitmar") for h in links), links
    assert not any(h.endswith("/measures/forsa") for h in links), links

    driver.get(base_url + "/measures")
    fill(driver.find_element(By.CSS_SELECTOR, "form#measure-search"), "q", "zz" + random_word(LATIN))
    submit(driver, "form#measure-search")
    assert text_of(driver, "p#no-measures")
    assert not driver.find_elements(By.CSS_SELECTOR, "ul#measures li.measure")


def test_catalogue_in_arabic(driver, base_url):
    set_lang(driver, base_url, "ar", "/measures")
    assert_lang(driver, "ar")
    link = driver.find_element(By.CSS_SELECTOR, "ul#measures li.measure a[href$='/measures/forsa']")
    assert link.text.strip() == FORSA_AR
    link.click()
    assert_lang(driver, "ar")
    assert FORSA_AR in text_of(driver, "h1")
    assert ARABIC.search(text_of(driver, "section#rule")), "the conditions are in Arabic"


def test_unknown_measure_is_not_found(base_url):
    assert http_status(base_url + "/measures/no_such_measure") == 404
    assert http_status(base_url + "/measures/forsa") == 200


# --- questionnaire -------------------------------------------------------------------------------------------------

def test_questionnaire_reaches_result_in_french(driver, base_url):
    phone_screen(driver)
    start_questionnaire(driver, base_url, "fr")
    assert scroll_width(driver) <= WIDTH + 1
    asked = answer_all(driver, PROFILE)
    assert asked, "at least one question before the results"
    assert_lang(driver, "fr")
    assert scroll_width(driver) <= WIDTH + 1

    eligible = codes_in(driver, "eligible")
    assert "forsa" in eligible and "indh_youth" in eligible, f"eligible: {eligible}; asked: {asked}"
    assert "damane_istitmar" in codes_in(driver, "not-eligible"), "a 50 000 DH loan is not over 1 MDH"
    for article in driver.find_elements(By.CSS_SELECTOR, "section#eligible article.match"):
        assert article.find_element(By.CSS_SELECTOR, "h3").text.strip()
        assert article.find_elements(By.CSS_SELECTOR, "ul.explanation li.met"), article.get_attribute("data-code")
    istitmar = match(driver, "not-eligible", "damane_istitmar")
    assert istitmar.find_elements(By.CSS_SELECTOR, "ul.explanation li.not_met"), "the visitor reads what fails"


def test_questionnaire_in_arabic_is_rtl_and_explains(driver, base_url):
    skipped = skip_to_results(driver, base_url, "ar")
    assert skipped
    forsa = match(driver, "cannot-tell", "forsa")
    assert FORSA_AR in text_content(driver, forsa.find_element(By.CSS_SELECTOR, "h3"))
    unknown = forsa.find_elements(By.CSS_SELECTOR, "ul.explanation li.unknown")
    assert unknown and ARABIC.search(text_content(driver, unknown[0]))
    sections = driver.find_elements(By.CSS_SELECTOR, RESULTS)
    for section in sections:
        heading = heading_of(driver, section)
        assert ARABIC.search(heading), f"#{section.get_attribute('id')} heading: {heading!r}"


def test_wrong_number_is_explained(driver, base_url, lang):
    start_questionnaire(driver, base_url, lang)
    skip_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "fieldset#q-age"))
    driver.find_element(By.CSS_SELECTOR, "form#question input[name=a_age]").send_keys("abc")
    press(driver, "form#question", "button#next")

    driver.find_element(By.CSS_SELECTOR, "form#question fieldset#q-age")
    shown = [e for e in errors(driver) if e]
    assert shown, "the page says what is wrong with the age"
    assert all(bool(ARABIC.search(e)) == (lang == "ar") for e in shown), shown
    assert driver.find_elements(By.CSS_SELECTOR, ".error[role=alert], [role=alert] .error, [role=alert].error")
    assert_lang(driver, lang)
    assert http_status(driver.current_url) == 422


def test_enter_key_continues_rather_than_skips(driver, base_url):
    """Enter, or a phone keyboard's "Go", presses the form's first button: it must answer, not say "I don't know"."""
    start_questionnaire(driver, base_url, "fr")
    skip_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "fieldset#q-age"))
    form = driver.find_element(By.CSS_SELECTOR, "form#question")
    form.find_element(By.CSS_SELECTOR, "input[name=a_age]").send_keys("abc" + Keys.ENTER)
    next_page(driver, form)
    assert driver.find_elements(By.CSS_SELECTOR, "fieldset#q-age"), "Enter skipped the question instead of checking it"
    assert [e for e in errors(driver) if e]


# --- contact -------------------------------------------------------------------------------------------------------

def test_contact_from_results(driver, base_url):
    skip_to_results(driver, base_url, "fr")
    results = driver.current_url

    fill_contact(driver, consent=True)
    submit(driver, "form#contact")
    assert text_of(driver, "p#contact-done")
    assert_lang(driver, "fr")

    driver.get(results)
    fill_contact(driver, consent=False)
    assert form_status(driver, "form#contact") == 422
    submit(driver, "form#contact")
    assert not driver.find_elements(By.CSS_SELECTOR, "p#contact-done")
    consent = driver.find_element(By.CSS_SELECTOR, "form#contact input[name=consent]")
    described = (consent.get_attribute("aria-describedby") or "").split()
    shown = driver.find_elements(By.CSS_SELECTOR, ".error, .field-error")
    assert any(e.text.strip() and (e.get_attribute("id") in described or "consent" in (e.get_attribute("id") or "")
                                   or "consent" in e.text.lower()) for e in shown), \
        [(e.get_attribute("id"), e.text) for e in shown]


# --- accessibility -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["catalogue", "detail", "questions", "wrong_number", "results"])
def test_accessible(driver, base_url, lang, page):
    if page == "catalogue":
        set_lang(driver, base_url, lang, "/measures")
    elif page == "detail":
        set_lang(driver, base_url, lang, "/measures/forsa")
    elif page == "questions":
        start_questionnaire(driver, base_url, lang)
        assert_accessible(driver)  # the first question, then the first one with choices
        skip_until(driver, lambda d: on_results(d) or d.find_elements(By.CSS_SELECTOR, "form#question input[type=radio]"))
        assert not on_results(driver), "no question with choices"
    elif page == "wrong_number":
        start_questionnaire(driver, base_url, lang)
        skip_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "fieldset#q-age"))
        driver.find_element(By.CSS_SELECTOR, "form#question input[name=a_age]").send_keys("abc")
        press(driver, "form#question", "button#next")
        assert errors(driver)
    else:
        skip_to_results(driver, base_url, lang)
    assert_lang(driver, lang)
    assert_accessible(driver)
