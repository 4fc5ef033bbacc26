"""The language switcher: Arabic pages are right-to-left and actually in Arabic, and the choice sticks."""

import pytest
from selenium.webdriver.common.by import By

from conftest import ARABIC, assert_lang, path_of, set_lang, wait


def switch(driver, lang):
    driver.find_element(By.CSS_SELECTOR, f"nav#lang a[hreflang={lang}]").click()
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang)


@pytest.mark.parametrize("path", ["/login", "/phone"])
def test_switch_to_arabic_and_back(driver, base_url, path):
    set_lang(driver, base_url, "fr", path)
    assert_lang(driver, "fr")

    switch(driver, "ar")
    assert path_of(driver) == path
    assert_lang(driver, "ar")
    assert ARABIC.search(driver.find_element(By.CSS_SELECTOR, "main#main").text)
    assert ARABIC.search(driver.find_element(By.TAG_NAME, "h1").text)

    driver.get(base_url + path)
    assert_lang(driver, "ar")

    switch(driver, "fr")
    assert_lang(driver, "fr")
    assert not ARABIC.search(driver.find_element(By.CSS_SELECTOR, "main#main").text)


def test_signed_in_pages_follow_the_language(as_user):
    driver = as_user("advisor.casa@demo.maillage.ma", "fr", "/dashboard")
    switch(driver, "ar")

    assert path_of(driver) == "/dashboard"
    assert_lang(driver, "ar")
    assert ARABIC.search(driver.find_element(By.CSS_SELECTOR, "main#main").text)
