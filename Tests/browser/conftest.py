"""Fixtures for the browser tests: a notification sink, one `maillage serve` per run, one headless Chromium.

The database is SQLite in a temporary data folder unless --database-url names a PostgreSQL database, which should be
fresh so the run starts from the demo data alone.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from sink import Sink

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "maillage-demo"
ENTREPRENEUR_PHONE = "+212612345678"
LANGS = ["fr", "ar"]
ARABIC = re.compile("[\u0600-\u06ff]")


def pytest_addoption(parser):
    parser.addoption("--database-url", default="", help="PostgreSQL URL for the server under test; empty means SQLite")
    parser.addoption("--binary", default=str(ROOT / ".build/debug/maillage"), help="the maillage executable")
    parser.addoption("--server-log", default="", help="where to keep the server's output (default: a temp file)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sink():
    sink = Sink(secrets.token_hex(32)).start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def base_url(pytestconfig, sink):
    data_dir = tempfile.mkdtemp(prefix="maillage-browser-")
    log_path = pytestconfig.getoption("--server-log") or tempfile.mkstemp(prefix="maillage-server-", suffix=".log")[1]
    pytestconfig.server_log = log_path
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MAILLAGE_NOTIFY_URL")}
    env.update(MAILLAGE_DATA_DIR=data_dir, MAILLAGE_NOTIFY_URL=sink.url,
               MAILLAGE_NOTIFY_SECRET=sink.secret.decode())
    if pytestconfig.getoption("--database-url"):
        env["DATABASE_URL"] = pytestconfig.getoption("--database-url")
    port = free_port()
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [pytestconfig.getoption("--binary"), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, server, log_path)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, config):
    if getattr(config, "server_log", None):
        terminalreporter.write_line(f"server log: {config.server_log}")


def wait_ready(url, server, log_path, timeout=180):
    """First start migrates and loads the demo data, so allow minutes rather than seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.exit(f"server exited with {server.returncode}; see {log_path}", returncode=1)
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.exit(f"server not ready after {timeout}s; see {log_path}", returncode=1)


def new_chromium():
    """A headless Chromium of its own (its own profile and storage), at desktop size."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    # Both paths given, or Selenium tries to download a driver (impossible offline).
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def chromium():
    driver = new_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def driver(chromium):
    """The shared browser, signed out and at desktop size for each test."""
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return chromium


@pytest.fixture(params=LANGS)
def lang(request):
    return request.param


def path_of(driver) -> str:
    return urlparse(driver.current_url).path


def wait(driver, timeout=15):
    return WebDriverWait(driver, timeout)


def submit(driver, form_css: str):
    """Submits a form by its button and waits for the next page, so callers never read the old one.

    While the old document is being replaced Chromium may answer "node does not belong to the document" rather
    than "stale element": both mean the navigation is under way, so the wait ignores them and tries again.
    """
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    patient = WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,))
    patient.until(EC.staleness_of(form))
    patient.until(lambda d: d.execute_script("return document.readyState") == "complete")


def set_lang(driver, base_url, lang, path):
    """Chooses the language the way the switcher does; the switcher's redirect then loads `path`."""
    driver.get(f"{base_url}/lang/{lang}?back={quote(path, safe='/')}")


def assert_lang(driver, lang):
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


def sign_in_staff(driver, base_url, email, password=PASSWORD):
    driver.get(base_url + "/login")
    form = driver.find_element(By.CSS_SELECTOR, "form#login-form")
    form.find_element(By.NAME, "email").send_keys(email)
    form.find_element(By.NAME, "password").send_keys(password)
    submit(driver, "form#login-form")


def sign_in_phone(driver, base_url, sink, typed_phone, e164=ENTREPRENEUR_PHONE):
    """Signs in by one-time code; returns the SMS the sink received."""
    driver.get(base_url + "/phone")
    driver.find_element(By.CSS_SELECTOR, "form#phone-form input[name=phone]").send_keys(typed_phone)
    before = sink.count()
    submit(driver, "form#phone-form")
    assert path_of(driver) == "/phone/verify", driver.page_source[:2000]
    assert parse_qs(urlparse(driver.current_url).query).get("phone") == [e164]
    message = sink.wait_for(e164, "login_code", after=before)
    driver.find_element(By.CSS_SELECTOR, "form#code-form input[name=code]").send_keys(message["json"]["data"]["code"])
    submit(driver, "form#code-form")
    return message


def cookies_of(driver):
    return [{"name": c["name"], "value": c["value"], "path": c.get("path", "/")} for c in driver.get_cookies()]


def restore(driver, base_url, cookies):
    driver.get(base_url + "/readyz")  # cookies can only be set on the site's own origin
    for cookie in cookies:
        driver.add_cookie(cookie)


@pytest.fixture(scope="session")
def session_cookies(chromium, base_url, sink):
    """Signs each kind of user in once per run and replays the cookies, so tests do not ask for a phone code each."""
    cache = {}

    def get(who):
        if who not in cache:
            chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
            if who == "entrepreneur":
                # Not the demo number, whose 3 codes per 15 minutes the sign-in tests spend; any number gets an account.
                sign_in_phone(chromium, base_url, sink, "07 01 02 03 04", e164="+212701020304")
                assert path_of(chromium) == "/me"
            else:
                sign_in_staff(chromium, base_url, who)
                assert path_of(chromium) == "/dashboard"
            cache[who] = cookies_of(chromium)
        return cache[who]

    return get


@pytest.fixture
def as_user(driver, base_url, session_cookies):
    """as_user(who, lang, path): `driver` signed in as `who` (an e-mail or "entrepreneur"), at `path` in `lang`."""
    def go(who, lang, path):
        cookies = session_cookies(who)
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        restore(driver, base_url, cookies)
        set_lang(driver, base_url, lang, path)
        return driver

    return go


def http_status(url, cookies=()) -> int:
    """The status the server answers, redirects not followed: Selenium cannot see status codes."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
