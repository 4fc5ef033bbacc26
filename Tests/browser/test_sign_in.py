"""Signing in and out: staff by password, entrepreneurs by a one-time code sent through the gateway."""

import pytest
from selenium.webdriver.common.by import By

from conftest import (ENTREPRENEUR_PHONE, assert_lang, path_of, set_lang, sign_in_phone, sign_in_staff, submit)


def test_staff_sign_in_then_out(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/login")
    sign_in_staff(driver, base_url, "advisor.casa@demo.maillage.ma")

    assert path_of(driver) == "/dashboard"
    assert_lang(driver, lang)
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=user-name]").text.strip()

    submit(driver, "form#logout-form")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")
    driver.get(base_url + "/dashboard")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=user-name]")


def test_wrong_password_shows_an_alert(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/login")
    # A failed attempt counts towards the account's 5 per 15 minutes: a dedicated account keeps other tests clear.
    sign_in_staff(driver, base_url, "organiser@demo.maillage.ma", password="not-the-password")

    assert driver.find_element(By.CSS_SELECTOR, "[role=alert]").text.strip()
    assert driver.find_elements(By.CSS_SELECTOR, "form#login-form input[name=password]")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")
    assert_lang(driver, lang)


# Three spellings people type for the same number: the server sends at most 3 codes per number in 15 minutes.
@pytest.mark.parametrize("lang,typed", [("fr", "06 12 34 56 78"), ("ar", "+212 612-345678"), ("fr", "00212612345678")])
def test_entrepreneur_sign_in_by_phone_code(driver, base_url, sink, lang, typed):
    set_lang(driver, base_url, lang, "/phone")
    message = sign_in_phone(driver, base_url, sink, typed)

    assert path_of(driver) == "/me"
    assert_lang(driver, lang)
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=user-phone]").text.strip() == ENTREPRENEUR_PHONE
    assert message["signature_ok"], message["headers"]
    assert message["json"]["locale"] == lang
    assert message["headers"].get("idempotency-key") == message["json"]["id"]


def test_invalid_phone_names_the_field(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/phone")
    driver.find_element(By.CSS_SELECTOR, "form#phone-form input[name=phone]").send_keys("0612")
    submit(driver, "form#phone-form")

    errors = driver.find_elements(By.CSS_SELECTOR, "form#phone-form .field-error")
    assert errors and errors[0].text.strip()
    assert_lang(driver, lang)
