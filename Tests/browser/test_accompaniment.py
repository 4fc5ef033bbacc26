"""An advisor registers a walk-in entrepreneur and follows the case to its close; a partner answers a referral.

The server lives for the whole run and other tests read the demo data, so each test works on people and referrals
it creates itself, told apart by a random word in their names and measures.
"""

import re
import secrets
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_lang, path_of, submit

CASA = "advisor.casa@demo.maillage.ma"
BANK = "partner.bank@demo.maillage.ma"
BANK_NAME = "Banque partenaire (démo)"

# What the user reads, per page language.
TEXT = {
    "fr": {"closed": "Clôturé · Objectif atteint", "intake": "Accueil", "formalised": "Formalisation",
           "auto_entrepreneur": "Auto-entrepreneur", "call": "Appel", "sent": "En attente de réponse",
           "granted": "Accordé", "saved": "C'est enregistré.", "registered": "La personne est enregistrée",
           "reason_required": "Indiquez le motif du refus."},
    "ar": {"closed": "مغلق · تحقق الهدف", "intake": "الاستقبال", "formalised": "الإدماج في القطاع المهيكل",
           "auto_entrepreneur": "مقاول ذاتي", "call": "مكالمة", "sent": "في انتظار الرد",
           "granted": "ممنوح", "saved": "تم الحفظ.", "registered": "تم تسجيل الشخص",
           "reason_required": "اذكر سبب الرفض."},
}

LATIN = "bcdfgjklmnprstvz"
# Letters the name folding keeps as they are (no alef, yeh or teh marbuta forms), so the typed fragment matches.
ARABIC_LETTERS = "بتجدرزسشصطعفقكلمن"
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def random_word(alphabet, length=7):
    return "".join(secrets.choice(alphabet) for _ in range(length))


def random_phone():
    """A mobile number as people say it, "06 6x xx xx xx", different in every call."""
    digits = f"{secrets.randbelow(10**7):07d}"
    return f"06 6{digits[0]} {digits[1:3]} {digits[3:5]} {digits[5:7]}"


def digits_of(text):
    """The figures in a text, whatever the digits and group separators of the page language."""
    return re.sub(r"\D", "", text.translate(ARABIC_DIGITS))


def granted_amount(text, lang):
    """The digits of the amount shown right after the "granted" status in a "a · b · c" line."""
    parts = [part.strip() for part in text.split("·")]
    assert TEXT[lang]["granted"] in parts, text
    return digits_of(parts[parts.index(TEXT[lang]["granted"]) + 1])


def fill(form, name, value):
    field = form.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def choose(form, name, value):
    Select(form.find_element(By.CSS_SELECTOR, f"select[name={name}]")).select_by_value(value)


def tick(form, css):
    box = form.find_element(By.CSS_SELECTOR, css)
    if not box.is_selected():
        box.click()
    assert box.is_selected()


def text_of(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text.strip()


def notice(driver):
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "main [role=status]"))


def register(as_user, lang, share=False):
    """Registers a new informal entrepreneur as advisor.casa; returns the driver on the case page and the person."""
    person = {"first": "Salma", "last": "Tst" + random_word(LATIN), "arabic": "سلمى " + random_word(ARABIC_LETTERS),
              "phone": random_phone(), "business": "Couture " + random_word(LATIN, 4)}
    driver = as_user(CASA, lang, "/beneficiaries/new")
    assert path_of(driver) == "/beneficiaries/new"
    assert_lang(driver, lang)
    form_css = 'form[action="/beneficiaries"]'
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    fill(form, "first_name", person["first"])
    fill(form, "last_name", person["last"])
    fill(form, "full_name_ar", person["arabic"])
    choose(form, "gender", "f")
    fill(form, "birth_year", "1991")
    fill(form, "phone", person["phone"])
    choose(form, "preferred_language", lang)
    choose(form, "business_kind", "business")
    fill(form, "business_name", person["business"])
    choose(form, "legal_status", "informal")
    tick(form, "input#f-consent")
    if share:
        tick(form, "input[name=share_with_partners]")
    submit(driver, form_css)
    if driver.find_elements(By.CSS_SELECTOR, "section#duplicates"):
        # A look-alike of someone already registered: the advisor checked, it is another person.
        tick(driver.find_element(By.CSS_SELECTOR, form_css), "input[name=confirm_duplicate]")
        submit(driver, form_css)
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert re.fullmatch(r"/cases/\d+", path_of(driver)), driver.current_url
    assert parse_qs(urlparse(driver.current_url).query).get("registered") == ["1"]
    assert TEXT[lang]["registered"] in notice(driver)
    assert text_of(driver, "h1") == f"{person['last']} {person['first']}"
    assert text_of(driver, "dd#case-stage") == TEXT[lang]["intake"]
    person["case"] = path_of(driver)
    person["file"] = driver.find_element(By.CSS_SELECTOR, "main a[href^='/beneficiaries/']").get_attribute("pathname")
    return driver, person


def save(driver, form_css, case_path, lang):
    """Submits one of the case page's forms and checks the advisor is back on the case with the saved notice."""
    submit(driver, form_css)
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert path_of(driver) == case_path
    assert parse_qs(urlparse(driver.current_url).query).get("saved") == ["1"]
    assert TEXT[lang]["saved"] in notice(driver)


def refer(driver, person, lang, measure, amount):
    form = driver.find_element(By.CSS_SELECTOR, "form#referral-form")
    Select(form.find_element(By.NAME, "partner_id")).select_by_visible_text(BANK_NAME)
    fill(form, "measure", measure)
    fill(form, "requested_amount", amount)
    fill(form, "note", "Fonds de roulement pour le tissu.")
    save(driver, "form#referral-form", person["case"], lang)
    referral = [li for li in driver.find_elements(By.CSS_SELECTOR, "#referrals li") if measure in li.text]
    assert len(referral) == 1, text_of(driver, "#referrals")
    assert BANK_NAME in referral[0].text
    assert TEXT[lang]["sent"] in referral[0].text


def test_advisor_follows_a_walk_in_to_a_closed_case(as_user, base_url, lang):
    driver, person = register(as_user, lang)
    case = person["case"]

    notes = f"Premier appel {random_word(LATIN)}"
    form = driver.find_element(By.CSS_SELECTOR, "form#interaction-form")
    choose(form, "kind", "call")
    assert form.find_element(By.NAME, "occurred_on").get_attribute("value"), "the date should be today's by default"
    fill(form, "duration_minutes", "30")
    tick(form, "input[name=topics]")
    fill(form, "notes", notes)
    save(driver, "form#interaction-form", case, lang)
    timeline = text_of(driver, "#timeline ul")
    assert notes in timeline and TEXT[lang]["call"] in timeline

    action = f"Déposer le dossier auto-entrepreneur {random_word(LATIN)}"
    form = driver.find_element(By.CSS_SELECTOR, "form#action-form")
    fill(form, "title", action)
    choose(form, "owner", "beneficiary")
    save(driver, "form#action-form", case, lang)
    assert action in text_of(driver, "#plan ul")

    refer(driver, person, lang, f"Intelaka {random_word(LATIN)}", "30 000")

    form = driver.find_element(By.CSS_SELECTOR, "form#outcome-form")
    choose(form, "kind", "formalised")
    choose(form, "legal_status", "auto_entrepreneur")
    save(driver, "form#outcome-form", case, lang)
    outcomes = text_of(driver, "#outcomes ul")
    assert TEXT[lang]["formalised"] in outcomes and TEXT[lang]["auto_entrepreneur"] in outcomes

    form = driver.find_element(By.CSS_SELECTOR, "form#stage-form")
    choose(form, "stage", "closed")
    choose(form, "closed_reason", "goal_reached")
    save(driver, "form#stage-form", case, lang)

    assert_lang(driver, lang)
    assert text_of(driver, "dd#case-stage") == TEXT[lang]["closed"]
    outcomes = text_of(driver, "#outcomes ul")
    assert TEXT[lang]["formalised"] in outcomes and TEXT[lang]["auto_entrepreneur"] in outcomes
    assert notes in text_of(driver, "#timeline ul") and action in text_of(driver, "#plan ul")
    # A closed case takes no new exchanges, actions or referrals.
    for css in ("form#interaction-form", "form#action-form", "form#referral-form"):
        assert not driver.find_elements(By.CSS_SELECTOR, css), css

    # The person is found again by a fragment of the name in the page's script.
    fragment = person["arabic"].split()[1][:4] if lang == "ar" else person["last"][:6].lower()
    driver.get(base_url + "/beneficiaries")
    search = driver.find_element(By.CSS_SELECTOR, "form.search")
    fill(search, "q", fragment)
    submit(driver, "form.search")
    assert path_of(driver) == "/beneficiaries"
    assert_lang(driver, lang)
    links = driver.find_elements(By.CSS_SELECTOR, f"table#beneficiaries tbody a[href='{person['file']}']")
    assert len(links) == 1, text_of(driver, "main")
    assert person["last"] in links[0].text
    assert person["arabic"] in links[0].find_element(By.XPATH, "ancestor::tr").text


def test_partner_answers_a_referral(as_user, lang):
    driver, person = register(as_user, lang, share=True)
    measure = f"Microcrédit {random_word(LATIN)}"
    refer(driver, person, lang, measure, "50 000")

    driver = as_user(BANK, lang, "/referrals")
    assert path_of(driver) == "/referrals"
    assert_lang(driver, lang)
    mine = [li for li in driver.find_elements(By.CSS_SELECTOR, "ul#inbox > li[id^=referral-]")
            if li.find_element(By.TAG_NAME, "h2").text.strip() == measure]
    assert len(mine) == 1, text_of(driver, "main")
    item = f"li#{mine[0].get_attribute('id')}"
    # She agreed to share her contact details with partners: the bank sees who to call.
    assert f"{person['last']} {person['first']}" in text_of(driver, item)
    assert text_of(driver, f"{item} .status") == TEXT[lang]["sent"]

    form_css = f"{item} form.answer"
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    choose(form, "status", "refused")
    submit(driver, form_css)
    errors = driver.find_elements(By.CSS_SELECTOR, f"{item} .field-error")
    assert [e.text.strip() for e in errors] == [TEXT[lang]["reason_required"]]
    assert driver.find_element(By.CSS_SELECTOR, f"{item} [name=answer_reason]").get_attribute("aria-invalid") == "true"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    assert text_of(driver, f"{item} .status") == TEXT[lang]["sent"], "a refused answer without a reason is not saved"

    form = driver.find_element(By.CSS_SELECTOR, form_css)
    choose(form, "status", "granted")
    fill(form, "granted_amount", "40 000")
    submit(driver, form_css)
    assert path_of(driver) == "/referrals"
    assert TEXT[lang]["saved"] in notice(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")
    assert text_of(driver, f"{item} .status") == TEXT[lang]["granted"]
    answer = driver.find_element(By.CSS_SELECTOR, f"{item} .status").find_element(By.XPATH, "..").text
    assert granted_amount(answer, lang) == "4000000", answer  # 40 000,00 DH
    assert not driver.find_elements(By.CSS_SELECTOR, form_css), "an answered referral takes no further answer"

    # The advisor sees the answer on the case.
    driver = as_user(CASA, lang, person["case"])
    referral = [li for li in driver.find_elements(By.CSS_SELECTOR, "#referrals li") if measure in li.text]
    assert len(referral) == 1
    assert granted_amount(referral[0].text, lang) == "4000000", referral[0].text
