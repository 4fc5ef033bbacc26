"""An entrepreneur's rights over their own record (law 09-08): register, see, correct, download, withdraw, erase.

Tests that register sign in a fresh phone number, so each owns a record nobody else touches and the demo
entrepreneur's codes (3 per 15 minutes) stay for the sign-in tests. Mind the 10 code requests per address in 15 minutes
the whole run shares: this module asks for 3, test_accessibility's record for 1 more. The test without a record uses
the shared entrepreneur of `session_cookies` and must leave it without one.
"""

import json
import re
import secrets
import urllib.error
import urllib.request
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_lang, cookies_of, http_status, path_of, restore, set_lang, sign_in_phone, submit
from test_accompaniment import ARABIC_LETTERS, CASA, LATIN, TEXT, choose, fill, notice, random_word, text_of, tick

# What the user reads on /me/data, per page language.
RIGHTS = {
    "fr": {"no_consent": "Pas de consentement enregistré", "consent": "accompagnement par la structure",
           "erase_required": "Cochez la case pour confirmer l'effacement."},
    "ar": {"no_consent": "لا توجد موافقة مسجلة", "consent": "المواكبة من طرف البنية",
           "erase_required": "ضع علامة في الخانة لتأكيد المحو."},
}


# How staff pages name a person whose record was erased (the person's file already does).
ERASED = {"fr": "Personne effacée à sa demande"}


def fresh_phone():
    """A mobile number nobody used yet in this run: "07 xx xx xx xx" as typed, and its E.164 form."""
    digits = f"{secrets.randbelow(10**8):08d}"
    typed = "07 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return typed, "+2127" + digits


def sign_in_new_entrepreneur(driver, base_url, sink, lang):
    typed, e164 = fresh_phone()
    set_lang(driver, base_url, lang, "/phone")
    sign_in_phone(driver, base_url, sink, typed, e164=e164)
    assert path_of(driver) == "/me", driver.current_url
    assert text_of(driver, "[data-testid=user-phone]") == e164
    return e164


def open_my_data(driver, base_url, lang):
    driver.get(base_url + "/me/data")
    assert path_of(driver) == "/me/data", driver.current_url
    assert_lang(driver, lang)


def field_errors(driver):
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]


def choose_casablanca(form):
    """The first province of Casablanca-Settat in the list (advisor.casa's region), else the first province at all."""
    select = Select(form.find_element(By.CSS_SELECTOR, "select[name=province_id]"))
    options = [o for o in select.options if o.get_attribute("value")]
    assert options, "no province to choose"
    casa = [o for o in options if "Casablanca" in o.text]
    chosen = (casa or options)[0]
    select.select_by_value(chosen.get_attribute("value"))
    return chosen.text.strip()


def self_register(driver, lang):
    """Fills and sends form#self-register-form; returns the person as typed."""
    person = {"first": "Nadia", "last": "Auto" + random_word(LATIN), "arabic": "نادية " + random_word(ARABIC_LETTERS),
              "business": "Atelier " + random_word(LATIN, 4)}
    form_css = "form#self-register-form"
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    fill(form, "first_name", person["first"])
    fill(form, "last_name", person["last"])
    fill(form, "full_name_ar", person["arabic"])
    choose(form, "gender", "f")
    fill(form, "birth_year", "1994")
    person["province"] = choose_casablanca(form)
    choose(form, "preferred_language", lang)
    choose(form, "business_kind", "business")
    fill(form, "business_name", person["business"])
    choose(form, "legal_status", "informal")
    assert form.find_element(By.CSS_SELECTOR, "input#f-consent").get_attribute("name") == "consent"
    tick(form, "input#f-consent")
    submit(driver, form_css)
    assert not field_errors(driver), field_errors(driver)
    assert path_of(driver) == "/me/data", driver.current_url
    assert parse_qs(urlparse(driver.current_url).query).get("saved") == ["1"]
    return person


def fetch_json(base_url, path, cookies):
    """GETs with the browser's cookies (Selenium cannot read a download); returns (status, headers, parsed body)."""
    request = urllib.request.Request(base_url + path, headers={
        "Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, json.loads(response.read().decode("utf-8"))


def post_status(base_url, path, cookies, fields):
    """POSTs a form the way the browser would (the CSRF cookie echoed) and returns the status, redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    csrf = next(c["value"] for c in cookies if c["name"] == "maillage_csrf")
    body = urlencode({"_csrf": csrf, **fields}).encode()
    request = urllib.request.Request(base_url + path, data=body, method="POST", headers={
        "Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies),
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def held(driver):
    return text_of(driver, "section#held")


def test_entrepreneur_page_without_a_record(as_user, base_url, lang):
    """The shared entrepreneur has no record: /me/data offers to register, refuses an incomplete form, saves nothing."""
    driver = as_user("entrepreneur", lang, "/me")
    driver.find_element(By.CSS_SELECTOR, "main a[href='/me/data']")
    open_my_data(driver, base_url, lang)
    form = driver.find_element(By.CSS_SELECTOR, "form#self-register-form")
    for name in ("first_name", "last_name", "full_name_ar", "birth_year", "business_name"):
        form.find_element(By.CSS_SELECTOR, f"input[name={name}]")
    for name in ("gender", "province_id", "preferred_language", "business_kind", "legal_status"):
        form.find_element(By.CSS_SELECTOR, f"select[name={name}]")
    assert {o.get_attribute("value") for o in Select(form.find_element(By.NAME, "gender")).options} >= {"f", "m"}
    assert {o.get_attribute("value") for o in Select(form.find_element(By.NAME, "business_kind")).options} \
        == {"none", "business", "project"}
    assert Select(form.find_element(By.NAME, "preferred_language")).first_selected_option.get_attribute("value") == lang
    form.find_element(By.CSS_SELECTOR, "input#f-consent[name=consent][type=checkbox]")
    form.find_element(By.CSS_SELECTOR, "input[name=share_with_partners][type=checkbox]")
    for css in ("a#download-data", "section#held", "section#my-cases", "form#correct-form", "form#withdraw-form",
                "form#erase-form"):
        assert not driver.find_elements(By.CSS_SELECTOR, css), css
    cookies = cookies_of(driver)
    assert http_status(base_url + "/me/data.json", cookies) == 404
    for action in ("correct", "consent", "erase"):
        assert post_status(base_url, f"/me/data/{action}", cookies, {"confirm": "on"}) == 404, action

    # Without consent: refused (422), the box says why.
    last = "Sans" + random_word(LATIN)
    fill(form, "first_name", "Essai")
    fill(form, "last_name", last)
    assert post_status(base_url, "/me/data/register", cookies, {"first_name": "Essai", "last_name": last}) == 422
    submit(driver, "form#self-register-form")
    assert_lang(driver, lang)
    assert driver.find_element(By.CSS_SELECTOR, "main [role=alert]")
    box = driver.find_element(By.CSS_SELECTOR, "form#self-register-form input#f-consent")
    assert box.get_attribute("aria-invalid") == "true"
    assert box.find_element(By.XPATH, "..").find_elements(By.CSS_SELECTOR, ".field-error")
    form = driver.find_element(By.CSS_SELECTOR, "form#self-register-form")
    assert form.find_element(By.NAME, "last_name").get_attribute("value") == last, "what was typed comes back"
    assert form.find_element(By.NAME, "province_id").get_attribute("aria-invalid") == "true", "every problem is told at once"

    # Consent but no province: refused too, the province says why (the record needs a region to belong to).
    tick(form, "input#f-consent")
    submit(driver, "form#self-register-form")
    assert_lang(driver, lang)
    province = driver.find_element(By.CSS_SELECTOR, "form#self-register-form select[name=province_id]")
    assert province.get_attribute("aria-invalid") == "true", field_errors(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "form#self-register-form input#f-consent[aria-invalid]")

    open_my_data(driver, base_url, lang)
    assert driver.find_element(By.CSS_SELECTOR, "form#self-register-form"), "a refused registration saves nothing"


def test_entrepreneur_exercises_their_rights(driver, base_url, sink, session_cookies, lang):
    phone = sign_in_new_entrepreneur(driver, base_url, sink, lang)
    open_my_data(driver, base_url, lang)
    person = self_register(driver, lang)
    assert_lang(driver, lang)
    assert TEXT[lang]["saved"] in notice(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "form#self-register-form")

    # Everything held, in one place: names, phone, province, consent, the business, the case at intake.
    facts = held(driver)
    for value in (person["first"], person["last"], person["arabic"], person["province"], person["business"],
                  RIGHTS[lang]["consent"], "1994"):
        assert value in facts, (value, facts)
    assert re.sub(r"\D", "", phone)[-8:] in re.sub(r"\D", "", facts), facts
    cases = driver.find_elements(By.CSS_SELECTOR, "section#my-cases > ul > li")
    assert len(cases) == 1, text_of(driver, "section#my-cases")
    assert cases[0].text.split("·")[0].strip() == TEXT[lang]["intake"], cases[0].text
    assert text_of(driver, "section#accesses ul"), "the registration itself is an access the person sees"
    download = driver.find_element(By.CSS_SELECTOR, "a#download-data")
    assert download.get_attribute("pathname") == "/me/data.json"
    driver.find_element(By.CSS_SELECTOR, "form#withdraw-form")

    # The record went to the region's structure: advisor.casa finds the person and their open case.
    if "Casablanca" in person["province"]:
        assert_advisor_sees(driver, base_url, session_cookies, person, lang, present=True)

    # Correction: a new last name, shown at once.
    corrected = "Corrige" + random_word(LATIN)
    form = driver.find_element(By.CSS_SELECTOR, "form#correct-form")
    assert form.find_element(By.NAME, "last_name").get_attribute("value") == person["last"]
    assert form.find_element(By.NAME, "full_name_ar").get_attribute("value") == person["arabic"]
    fill(form, "last_name", corrected)
    submit(driver, "form#correct-form")
    assert not field_errors(driver), field_errors(driver)
    assert path_of(driver) == "/me/data"
    assert parse_qs(urlparse(driver.current_url).query).get("saved") == ["1"]
    assert_lang(driver, lang)
    assert TEXT[lang]["saved"] in notice(driver)
    assert corrected in held(driver) and person["last"] not in held(driver), held(driver)
    assert driver.find_element(By.CSS_SELECTOR, "form#correct-form [name=last_name]").get_attribute("value") == corrected
    assert person["arabic"] in held(driver), "a correction keeps what was not changed"

    # The copy to take away: JSON, as an attachment, with the corrected name and the case.
    cookies = cookies_of(driver)
    status, headers, data = fetch_json(base_url, "/me/data.json", cookies)
    assert status == 200
    assert headers.get_content_type() == "application/json"
    assert "attachment" in headers.get("Content-Disposition", ""), headers.get("Content-Disposition")
    assert {"person", "businesses", "cases", "accesses", "generatedAt"} <= set(data), sorted(data)
    assert data["person"]["lastName"] == corrected
    assert data["person"]["firstName"] == person["first"]
    assert data["person"]["fullNameAr"] == person["arabic"]
    assert data["person"]["phone"] == phone
    assert data["person"]["consentAt"]
    assert [b["name"] for b in data["businesses"]] == [person["business"]]
    assert len(data["cases"]) == 1 and data["cases"][0]["stage"] == "intake", data["cases"]
    actions = {a["action"] for a in data["accesses"]}
    assert {"create", "update"} <= actions, actions

    # Withdrawing consent: the record stays, the consent goes, and so does the form to withdraw it.
    submit(driver, "form#withdraw-form")
    assert path_of(driver) == "/me/data"
    assert_lang(driver, lang)
    assert TEXT[lang]["saved"] in notice(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "form#withdraw-form")
    assert RIGHTS[lang]["no_consent"] in held(driver), held(driver)
    assert RIGHTS[lang]["consent"] not in held(driver)
    assert corrected in held(driver)
    _, _, data = fetch_json(base_url, "/me/data.json", cookies_of(driver))
    assert data["person"].get("consentAt") is None

    # Erasing without ticking the box: refused (422), nothing erased, still signed in.
    cookies = cookies_of(driver)
    assert post_status(base_url, "/me/data/erase", cookies, {}) == 422
    submit(driver, "form#erase-form")
    assert_lang(driver, lang)
    assert field_errors(driver) == [RIGHTS[lang]["erase_required"]]
    box = driver.find_element(By.CSS_SELECTOR, "form#erase-form input[name=confirm]")
    assert box.get_attribute("aria-invalid") == "true"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    driver.find_element(By.CSS_SELECTOR, "form#logout-form")
    open_my_data(driver, base_url, lang)
    assert corrected in held(driver), "a refused erasure keeps the record"

    # Erasing for real: the person lands on the home page, signed out, and the old session opens nothing.
    cookies = cookies_of(driver)
    tick(driver.find_element(By.CSS_SELECTOR, "form#erase-form"), "input[name=confirm]")
    submit(driver, "form#erase-form")
    assert path_of(driver) == "/", driver.current_url
    assert_lang(driver, lang)
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")
    driver.get(base_url + "/me/data")
    assert path_of(driver) == "/login", driver.current_url
    assert parse_qs(urlparse(driver.current_url).query).get("next") == ["/me/data"]
    assert http_status(base_url + "/me/data", cookies) == 303, "the erased account's old session still works"
    assert http_status(base_url + "/me/data.json", cookies) == 303

    # Staff no longer find the person by name or phone.
    if "Casablanca" in person["province"]:
        person["last"] = corrected
        assert_advisor_sees(driver, base_url, session_cookies, person, lang, present=False, phone=phone)


def assert_advisor_sees(driver, base_url, session_cookies, person, lang, present, phone=None):
    """advisor.casa's search and caseload, then back to the entrepreneur's session (or none, once erased)."""
    mine = cookies_of(driver)
    staff = session_cookies(CASA)  # may sign in with the shared browser: the entrepreneur's cookies are kept above
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    restore(driver, base_url, staff)
    set_lang(driver, base_url, lang, "/beneficiaries?q=" + quote(person["last"]))
    assert_lang(driver, lang)
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "table#beneficiaries tbody tr") if person["last"] in r.text]
    if present:
        assert len(rows) == 1, text_of(driver, "main")
        assert person["arabic"] in rows[0].text
        driver.get(base_url + "/cases?all=1")
        lines = [r for r in driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr") if person["last"] in r.text]
        assert len(lines) == 1, text_of(driver, "table#caseload")
        assert TEXT[lang]["intake"] in lines[0].text
    else:
        assert not rows, text_of(driver, "main")
        for q in (person["arabic"].split()[1], phone):
            driver.get(base_url + "/beneficiaries?q=" + quote(q))
            text = text_of(driver, "main")
            assert person["arabic"] not in text and person["last"] not in text, (q, text)
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    if present:
        restore(driver, base_url, mine)
        driver.get(base_url + "/me/data")
        assert path_of(driver) == "/me/data"


def test_erased_persons_case_keeps_a_label_for_the_advisor(driver, base_url, sink, session_cookies):
    """Erasure keeps the case for the figures; advisor.casa still sees it, named as erased rather than blank."""
    lang = "fr"
    sign_in_new_entrepreneur(driver, base_url, sink, lang)
    open_my_data(driver, base_url, lang)
    person = self_register(driver, lang)
    assert "Casablanca" in person["province"], "needs a Casablanca-Settat province, advisor.casa's region"
    _, _, data = fetch_json(base_url, "/me/data.json", cookies_of(driver))
    case = f"/cases/{data['cases'][0]['id']}"
    tick(driver.find_element(By.CSS_SELECTOR, "form#erase-form"), "input[name=confirm]")
    submit(driver, "form#erase-form")
    assert path_of(driver) == "/"

    staff = session_cookies(CASA)
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    restore(driver, base_url, staff)
    set_lang(driver, base_url, lang, "/cases?all=1")
    links = driver.find_elements(By.CSS_SELECTOR, f"table#caseload a[href='{case}']")
    assert len(links) == 1, "the case stays in the structure's caseload"
    assert links[0].text.strip() == ERASED[lang], links[0].get_attribute("outerHTML")
    driver.get(base_url + case)
    assert text_of(driver, "h1") == ERASED[lang]
