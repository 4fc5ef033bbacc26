"""Entrepreneurs use cheap phones: the pages they see fit 360 CSS pixels without sideways scrolling."""

import pytest

from conftest import set_lang

WIDTH = 360


def phone_screen(driver):
    # Device emulation with mobile=True honours the viewport meta tag, as a real phone does.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": 740, "deviceScaleFactor": 2, "mobile": True})


def scroll_width(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollWidth")


@pytest.mark.parametrize("path", ["/login", "/phone"])
def test_public_page_fits(driver, base_url, lang, path):
    phone_screen(driver)
    set_lang(driver, base_url, lang, path)
    assert scroll_width(driver) <= WIDTH + 1


def test_me_fits(driver, as_user, lang):
    phone_screen(driver)
    as_user("entrepreneur", lang, "/me")
    assert scroll_width(driver) <= WIDTH + 1
