"""axe-core on every page a visitor, an advisor and an entrepreneur reach, in French and Arabic.

axe-core-python rather than axe-selenium-python: on Python 3.11 the latter stops at 2.1.6, whose axe-core 3.1 (2018)
flags valid HTML as serious (autocomplete="one-time-code", autocomplete="username" on an e-mail field).
"""

import pytest
from axe_core_python.selenium import Axe
from selenium.webdriver.common.by import By

from conftest import cookies_of, restore, set_lang, sign_in_staff, submit
from test_accompaniment import BANK, CASA, LATIN, random_word, refer, register
from test_rights import open_my_data, self_register, sign_in_new_entrepreneur

PUBLIC = ["/", "/login", "/phone", "/phone/verify?phone=%2B212612345678", "/no-such-page"]
STAFF = ["/dashboard", "/account/password", "/beneficiaries", "beneficiary", "/beneficiaries?q=a", "/beneficiaries/new",
         "/cases", "/cases?all=1", "case"]
ADMIN = ["/admin/users", "/admin/audit", "/admin/tokens", "/admin/instruments", "/admin/instruments/2"]


def assert_accessible(driver):
    driver.find_element(By.CSS_SELECTOR, "main#main")
    violations = [v for v in Axe().run(driver)["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, driver.current_url + "".join(
        f"\n{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})"
        + "".join(f"\n  {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in violations)


@pytest.fixture(scope="session")
def casa_beneficiary(chromium, base_url, session_cookies):
    """A beneficiary detail path within advisor.casa's scope, taken from his list."""
    restore(chromium, base_url, session_cookies(CASA))
    chromium.get(base_url + "/beneficiaries")
    link = chromium.find_element(By.CSS_SELECTOR, "table#beneficiaries tbody tr a[href*='/beneficiaries/']")
    return link.get_attribute("href").removeprefix(base_url)


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page(driver, base_url, lang, path):
    set_lang(driver, base_url, lang, path)
    assert_accessible(driver)


def test_wrong_password_page(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/login")
    # A failed attempt counts towards the account's 5 per 15 minutes: a dedicated account keeps other tests clear.
    sign_in_staff(driver, base_url, "speaker@demo.maillage.ma", password="not-the-password")
    assert_accessible(driver)


@pytest.fixture(scope="session")
def casa_case(chromium, base_url, session_cookies):
    """A case page path from advisor.casa's caseload: its first line."""
    restore(chromium, base_url, session_cookies(CASA))
    chromium.get(base_url + "/cases")
    link = chromium.find_element(By.CSS_SELECTOR, "table#caseload tbody tr a[href*='/cases/']")
    return link.get_attribute("href").removeprefix(base_url)


@pytest.mark.parametrize("path", STAFF)
def test_staff_page(request, as_user, lang, path):
    if path == "beneficiary":
        path = request.getfixturevalue("casa_beneficiary")
    elif path == "case":
        path = request.getfixturevalue("casa_case")
    assert_accessible(as_user(CASA, lang, path))


@pytest.mark.parametrize("path", ADMIN)
def test_admin_page(as_user, lang, path):
    assert_accessible(as_user("admin@demo.maillage.ma", lang, path))


def test_registration_problems_page(as_user, lang):
    """The registration form as it comes back: with field errors (422), then with possible duplicates (409)."""
    driver = as_user(CASA, lang, "/beneficiaries/new")
    form = 'form[action="/beneficiaries"]'
    submit(driver, form)
    assert driver.find_elements(By.CSS_SELECTOR, ".field-error")
    assert_accessible(driver)

    # The demo entrepreneur's number under another name: the look-alike stops the form, nothing is saved.
    driver.find_element(By.CSS_SELECTOR, f"{form} [name=last_name]").send_keys("Doublon")
    driver.find_element(By.CSS_SELECTOR, f"{form} [name=first_name]").send_keys("Essai")
    driver.find_element(By.CSS_SELECTOR, f"{form} [name=phone]").send_keys("06 12 34 56 78")
    driver.find_element(By.CSS_SELECTOR, "#f-consent").click()
    submit(driver, form)
    driver.find_element(By.CSS_SELECTOR, "section#duplicates")
    driver.find_element(By.CSS_SELECTOR, f"{form} [name=confirm_duplicate]")
    assert_accessible(driver)


def test_partner_page(as_user, lang):
    """The partner officer's inbox as a bank sees it: several referrals waiting, each with its answer form.

    The demo holds one waiting referral to the bank; a second one is sent first if needed, so the scan does not
    depend on which tests ran before.
    """
    driver = as_user(BANK, lang, "/referrals")
    if len(driver.find_elements(By.CSS_SELECTOR, "ul#inbox > li form.answer")) < 2:
        _, person = register(as_user, lang, share=True)
        refer(as_user(CASA, lang, person["case"]), person, lang, "Accessibilité " + random_word(LATIN), "10 000")
        driver = as_user(BANK, lang, "/referrals")
    assert len(driver.find_elements(By.CSS_SELECTOR, "ul#inbox > li form.answer")) >= 2
    assert_accessible(driver)


def test_entrepreneur_page(as_user, lang):
    assert_accessible(as_user("entrepreneur", lang, "/me"))


@pytest.fixture(scope="session")
def entrepreneur_with_record(chromium, base_url, sink):
    """Cookies of a new entrepreneur who registered themselves (the shared one has no record; the demo one's codes
    are kept for the sign-in tests)."""
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    sign_in_new_entrepreneur(chromium, base_url, sink, "fr")
    open_my_data(chromium, base_url, "fr")
    self_register(chromium, "fr")
    return cookies_of(chromium)


def test_my_data_page_without_a_record(as_user, lang):
    """The self-registration form, then as it comes back with field errors (422); nothing is saved."""
    driver = as_user("entrepreneur", lang, "/me/data")
    driver.find_element(By.CSS_SELECTOR, "form#self-register-form")
    assert_accessible(driver)
    submit(driver, "form#self-register-form")
    assert driver.find_elements(By.CSS_SELECTOR, ".field-error")
    assert_accessible(driver)


def test_my_data_page_with_a_record(driver, base_url, entrepreneur_with_record, lang):
    """Everything held, the forms to correct, withdraw and erase; then with the erase form's error (422)."""
    restore(driver, base_url, entrepreneur_with_record)
    set_lang(driver, base_url, lang, "/me/data")
    driver.find_element(By.CSS_SELECTOR, "section#held")
    driver.find_element(By.CSS_SELECTOR, "form#withdraw-form")
    assert_accessible(driver)
    submit(driver, "form#erase-form")  # the box left unticked: refused, nothing erased
    assert driver.find_elements(By.CSS_SELECTOR, "form#erase-form .field-error")
    assert_accessible(driver)
