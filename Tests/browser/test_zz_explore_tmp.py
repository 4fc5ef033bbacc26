from selenium.webdriver.common.by import By
from test_accompaniment import register, refer, random_word, LATIN, BANK, CASA, fill, choose
from test_accessibility import assert_accessible
from conftest import submit

def test_explore(as_user, base_url):
    lang = "fr"
    driver, person = register(as_user, lang, share=True)
    refer(driver, person, lang, "A " + random_word(LATIN), "1 000")
    driver = as_user(BANK, lang, "/referrals")
    print(len(driver.find_elements(By.CSS_SELECTOR, "form.answer")))
    try:
        assert_accessible(driver)
    except AssertionError as e:
        print("INBOX", e)
    # error state in inbox
    form = driver.find_elements(By.CSS_SELECTOR, "form.answer")[-1]
    choose(form, "status", "refused")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    import time; time.sleep(2)
    try:
        assert_accessible(driver)
    except AssertionError as e:
        print("INBOX422", e)
    # registration 422 and 409
    driver = as_user(CASA, lang, "/beneficiaries/new")
    submit(driver, 'form[action="/beneficiaries"]')
    print([e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")])
    try:
        assert_accessible(driver)
    except AssertionError as e:
        print("REG422", e)
    driver = as_user(CASA, lang, "/beneficiaries/new")
    f = driver.find_element(By.CSS_SELECTOR, 'form[action="/beneficiaries"]')
    fill(f, "first_name", person["first"]); fill(f, "last_name", person["last"]); fill(f, "phone", person["phone"])
    f.find_element(By.ID, "f-consent").click()
    submit(driver, 'form[action="/beneficiaries"]')
    print("dups", len(driver.find_elements(By.CSS_SELECTOR, "section#duplicates")), driver.find_element(By.CSS_SELECTOR, "section#duplicates").text)
    try:
        assert_accessible(driver)
    except AssertionError as e:
        print("REG409", e)
    # case page error
    driver = as_user(CASA, lang, person["case"])
    f = driver.find_element(By.CSS_SELECTOR, "form#outcome-form")
    choose(f, "kind", "formalised")
    submit(driver, "form#outcome-form")
    print("outcome errors", [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")], driver.current_url)
    # search by phone
    driver.get(base_url + "/beneficiaries?q=" + person["phone"].replace(" ", "+"))
    print("phone search rows", len(driver.find_elements(By.CSS_SELECTOR, "table#beneficiaries tbody tr")))
