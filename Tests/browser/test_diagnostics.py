"""An advisor takes a diagnostic on a walk-in's case, then again later, and reads the progress and the advice."""

from selenium.webdriver.common.by import By

from conftest import assert_lang, path_of, submit
from test_accessibility import assert_accessible
from test_accompaniment import register, text_of

TEXT = {
    "fr": {"first": "0 %", "second": "100 %", "all_best": "Toutes les réponses sont au meilleur niveau.", "delta": "+100 points"},
    "ar": {"first": "0 ٪", "second": "100 ٪", "all_best": "كل الأجوبة في أفضل مستوى.", "delta": "+100 نقطة"},
}


def answer_all(driver, pick):
    """Chooses, in every question of the diagnostic form, the option `pick` returns from its radios."""
    form = driver.find_element(By.CSS_SELECTOR, "form#diagnostic-form")
    questions = form.find_elements(By.CSS_SELECTOR, "fieldset")
    assert questions
    for question in questions:
        radio = pick(question.find_elements(By.CSS_SELECTOR, "input[type=radio]"))
        radio.click()
        assert radio.is_selected()
    return len(questions)


def test_advisor_measures_progress_with_a_diagnostic(as_user, lang):
    driver, person = register(as_user, lang)
    start = driver.find_element(By.CSS_SELECTOR, "section#diagnostics a.button")
    instrument = start.text
    start.click()
    assert "/diagnostics/new" in driver.current_url
    assert_lang(driver, lang)
    assert_accessible(driver)

    count = answer_all(driver, lambda radios: radios[0])
    submit(driver, "form#diagnostic-form")
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")
    assert text_of(driver, "#score") == TEXT[lang]["first"]
    advice = driver.find_elements(By.CSS_SELECTOR, "section#recommendations li")
    assert len(advice) == count, "every weakest answer brings its advice"
    assert_accessible(driver)

    driver.get(driver.current_url.split("/diagnostics/")[0])
    assert path_of(driver) == person["case"]
    driver.find_element(By.CSS_SELECTOR, "section#diagnostics a.button").click()
    answer_all(driver, lambda radios: radios[-1])
    submit(driver, "form#diagnostic-form")
    assert text_of(driver, "#score") == TEXT[lang]["second"]
    assert TEXT[lang]["delta"] in text_of(driver, "#progress")
    assert TEXT[lang]["all_best"] in text_of(driver, "section#recommendations")

    driver.get(driver.current_url.split("/diagnostics/")[0])
    progress = text_of(driver, "section#diagnostics")
    assert instrument in progress and TEXT[lang]["delta"] in progress
