"""axe-core on every page a visitor, an advisor and an entrepreneur reach, in French and Arabic.

axe-core-python rather than axe-selenium-python: on Python 3.11 the latter stops at 2.1.6, whose axe-core 3.1 (2018)
flags valid HTML as serious (autocomplete="one-time-code", autocomplete="username" on an e-mail field).
"""

import pytest
from axe_core_python.selenium import Axe
from selenium.webdriver.common.by import By

from conftest import restore, set_lang, sign_in_staff

CASA = "advisor.casa@demo.maillage.ma"
PUBLIC = ["/", "/login", "/phone", "/phone/verify?phone=%2B212612345678", "/no-such-page"]
STAFF = ["/dashboard", "/account/password", "/beneficiaries", "beneficiary"]
ADMIN = ["/admin/users", "/admin/audit", "/admin/tokens"]


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


@pytest.mark.parametrize("path", STAFF)
def test_staff_page(as_user, casa_beneficiary, lang, path):
    assert_accessible(as_user(CASA, lang, casa_beneficiary if path == "beneficiary" else path))


@pytest.mark.parametrize("path", ADMIN)
def test_admin_page(as_user, lang, path):
    assert_accessible(as_user("admin@demo.maillage.ma", lang, path))


def test_entrepreneur_page(as_user, lang):
    assert_accessible(as_user("entrepreneur", lang, "/me"))
