"""The caseload downloads as a workbook that a spreadsheet program other than ours opens: openpyxl reads it."""

import io
import re
import urllib.request

import openpyxl
from selenium.webdriver.common.by import By

from conftest import cookies_of
from test_accompaniment import CASA

HEADER = {"fr": "Nom", "ar": "الاسم"}
ARABIC = re.compile("[\u0600-\u06FF]")


def test_caseload_workbook_opens_with_arabic_names_and_numbers(as_user, lang):
    driver = as_user(CASA, lang, "/cases")
    link = driver.find_element(By.CSS_SELECTOR, "a#caseload-xlsx").get_attribute("href")
    cookies = cookies_of(driver)
    request = urllib.request.Request(link, headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = openpyxl.load_workbook(io.BytesIO(response.read()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == HEADER[lang]
    shown = len(driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr"))
    assert len(rows) - 1 == shown, "one line per case on the page"
    assert any(row[1] and ARABIC.search(row[1]) for row in rows[1:]), "Arabic names intact"
    assert all(isinstance(row[5], int) and isinstance(row[7], int) for row in rows[1:]), "counts and ids are numbers"
