"""An advisor sees the beneficiaries of their own structure and nobody else's."""

from selenium.webdriver.common.by import By

from conftest import assert_lang, cookies_of, http_status, path_of

BM = "advisor.bm@demo.maillage.ma"
CASA = "advisor.casa@demo.maillage.ma"


def first_beneficiary(driver):
    """The URL and link text of the first person in the list."""
    links = driver.find_elements(By.CSS_SELECTOR, "table#beneficiaries tbody tr a[href*='/beneficiaries/']")
    assert links, "no link to a beneficiary in table#beneficiaries"
    return links[0].get_attribute("href"), links[0].text.strip()


def test_advisor_lists_beneficiaries(as_user, lang):
    driver = as_user(CASA, lang, "/beneficiaries")

    assert path_of(driver) == "/beneficiaries"
    assert_lang(driver, lang)
    assert 1 <= len(driver.find_elements(By.CSS_SELECTOR, "table#beneficiaries tbody tr")) <= 50


def test_other_regions_beneficiary_is_not_found(as_user, lang):
    driver = as_user(BM, lang, "/beneficiaries")
    url, name = first_beneficiary(driver)
    assert http_status(url, cookies_of(driver)) == 200

    driver = as_user(CASA, lang, "/beneficiaries")
    assert http_status(url, cookies_of(driver)) == 404
    driver.get(url)
    assert_lang(driver, lang)
    assert driver.find_element(By.TAG_NAME, "h1").text.strip()
    assert name not in driver.find_element(By.TAG_NAME, "body").text
