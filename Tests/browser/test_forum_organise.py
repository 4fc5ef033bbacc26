"""The forum seen from the organisers' side: building a stop and its sessions, registering someone at the door,
raising a session's capacity for the waiting list, the exports; questions to the speakers (asked and voted on a phone,
merged, tagged, answered, reported by theme, followed up as a case); the satisfaction survey after the stop.

Who does what (demo accounts, password as in conftest):
- organiser@demo.maillage.ma, event organiser nationally: /organise, a stop's page /organise/stops/<id> (sessions as
  <details> forms, walk-in registration, exports), a session's moderation /organise/sessions/<id>/questions, the stop's
  report /organise/stops/<id>/questions and its survey /organise/stops/<id>/survey;
- speaker@demo.maillage.ma answers questions only (the moderation page without the organisers' forms);
- door@demo.maillage.ma checks tickets in (test_door's helpers, the page's script);
- anyone else is a visitor without an account, on a 360 px phone.

The server lives for the whole run and other tests count the demo stops' seats, so every test here works on a stop of
its own, created through the organisers' form, in Casablanca-Settat (the region whose advisor, advisor.casa, may open the
follow-up case), dated after the demo's stops (the last is 80 days away) so the public list keeps the demo stops first.
Each person has a fresh number in the "06 68 xx xx xx" range and a name of their own. Stops other than the browser-built
one are created by posting the same forms over HTTP with the organiser's cookies (`Organiser`), to keep the run short.

The server's public address (MAILLAGE_BASE_URL) is not set in the tests, so links it writes (QR code, text messages)
start with its default address: the tests compare their paths and open them on the server under test.
"""

import csv
import html
import io
import re
import secrets
import subprocess
import tempfile
import urllib.error
import urllib.request
import zipfile
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ARABIC, ROOT, assert_lang, cookies_of, http_status, path_of, restore, set_lang, submit
from test_accessibility import assert_accessible
from test_accompaniment import ARABIC_DIGITS, ARABIC_LETTERS, CASA, LATIN, fill, random_word, text_of, tick
from test_door import DOOR, TEXTS, assert_verdict, open_door, printed, say, scan
from test_forum import (NoRedirect, assert_seat, choose_sessions, fill_registration, post_form, seat_of, session_cards,
                        sms_for, ticket_code)
from test_mobile import WIDTH, phone_screen, scroll_width

ORGANISER = "organiser@demo.maillage.ma"
SPEAKER = "speaker@demo.maillage.ma"
FR = TEXTS["fr"]
REGION = "Casablanca-Settat"
PARTNERS = ["Tamwilcom", "Centre régional d'investissement Casablanca-Settat"]
SPEAKER_NAME = "Leila Benjelloun"  # a demo speaker (forum_speakers), not the speaker@ account
SURVEY_PATH = re.compile(r"/forum/survey/([A-Za-z0-9_-]+)")


def survey_questions():
    """The survey's questions as the migration seeds them: code → kind, subject and texts."""
    source = (ROOT / "Sources/App/Forum/Migrations/CreateForumSurveys.swift").read_text(encoding="utf-8")
    quoted = r'"((?:[^"\\]|\\.)*)"'
    found = {m.group(1): {"kind": m.group(2), "about": m.group(3), "fr": m.group(4), "ar": m.group(5)}
             for m in re.finditer(r"\(" + r",\s*".join([quoted] * 6) + r"\)", source)}
    assert {"overall", "recommend", "session", "speaker", "partner", "comment"} <= found.keys(), found.keys()
    return found


QUESTIONS = survey_questions()


# --- people, days, figures -------------------------------------------------------------------------------------------

def person(lang="fr"):
    """A fresh person: a number nobody used ("06 68 xx xx xx") and a name of their own in the page's script."""
    digits = f"{secrets.randbelow(10**6):06d}"
    typed, e164 = "06 68 " + " ".join(digits[i:i + 2] for i in (0, 2, 4)), "+212668" + digits
    if lang == "ar":
        return {"first": "مريم", "last": random_word(ARABIC_LETTERS, 6), "typed": typed, "e164": e164}
    return {"first": random_word(LATIN, 5).capitalize(), "last": "Orga" + random_word(LATIN), "typed": typed, "e164": e164}


def stop_day():
    """A first day after the demo's stops (80 days away), different from run to run."""
    return date.today() + timedelta(days=120 + secrets.randbelow(200))


def city_name():
    return "Settat " + random_word(LATIN, 5).capitalize()


def western(text):
    """A page's figures read in Western digits with a decimal point, whatever the language wrote."""
    return text.translate(ARABIC_DIGITS).replace("\u066b", ".").replace(",", ".").replace("\u00a0", " ").replace("\u202f", " ")


def same_text(shown, expected):
    assert western(shown.strip()) == western(expected), (shown, expected)


def set_date(form, name, day):
    """A date field set as its picker would (the typed form of <input type=date> depends on the browser's locale)."""
    field = form.find_element(By.NAME, name)
    assert field.get_attribute("type") == "date"
    form.parent.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
        field, day.isoformat())


def check_by_label(form, prefix, label):
    """Ticks the checkbox named `prefix<id>` whose label reads `label`; returns the id."""
    for box in form.find_elements(By.CSS_SELECTOR, f"input[type=checkbox][name^='{prefix}']"):
        if form.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").text.strip() == label:
            if not box.is_selected():
                form.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").click()
            assert box.is_selected()
            return box.get_attribute("name").removeprefix(prefix)
    raise AssertionError(f"no {prefix} checkbox labelled {label}")


def errors_shown(driver):
    return {e.get_attribute("id"): e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")}


# --- http as a signed-in user ----------------------------------------------------------------------------------------

def cookie_header(cookies):
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


def get_as(base_url, cookies, path):
    """(status, headers, body bytes) of a GET with the user's cookies."""
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie_header(cookies)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post_as(base_url, cookies, path, fields):
    """POSTs a form as the signed-in user's browser would (the CSRF cookie echoed): (status, Location, body)."""
    csrf = next(c["value"] for c in cookies if c["name"] == "maillage_csrf")
    request = urllib.request.Request(base_url + path, data=urlencode({"_csrf": csrf, **fields}).encode(), method="POST",
                                     headers={"Cookie": cookie_header(cookies),
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location"), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location"), error.read().decode("utf-8")


def options_of(page, select_id):
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {html.unescape(label): value for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', block)}


def checkboxes_of(page, prefix, id_prefix):
    """Label → id of the checkboxes named `prefix<id>` (ids `f-<id_prefix><prefix><id>`)."""
    return {html.unescape(label): value for value, label in
            re.findall(rf'name="{prefix}(\d+)"[^>]*><label for="f-{re.escape(id_prefix)}{prefix}\d+">([^<]*)</label>', page)}


class Organiser:
    """The organiser's forms posted over HTTP, for tests that need a stop of their own but are about something else."""

    def __init__(self, base_url, cookies):
        # In French whatever the account's saved preference (another test may have chosen Arabic): labels are read.
        self.base_url = base_url
        self.cookies = [c for c in cookies if c["name"] != "maillage_lang"] + [{"name": "maillage_lang", "value": "fr"}]

    def post(self, path, fields, expect=303):
        status, location, body = post_as(self.base_url, self.cookies, path, fields)
        assert status == expect, (path, status, body[:2000])
        return location

    def stop(self, city):
        _, _, page = get_as(self.base_url, self.cookies, "/organise")
        page = page.decode("utf-8")
        edition = next(iter(options_of(page, "f-stop-new-edition_id").values()))
        region = options_of(page, "f-stop-new-region_id")[REGION]
        partners = checkboxes_of(page, "partner_", "stop-new-")
        day = stop_day().isoformat()
        location = self.post("/organise/stops", {
            "edition_id": edition, "region_id": region, "city": city, "venue": "Maison des jeunes", "starts_on": day,
            "ends_on": day, "offer_hours": "24", **{f"partner_{partners[name]}": "on" for name in PARTNERS}})
        return int(re.fullmatch(r"/organise/stops/(\d+)", location).group(1)), day

    def session(self, stop, day, title, theme="budget", capacity=30, starts="10:00", ends="11:30"):
        _, _, page = get_as(self.base_url, self.cookies, f"/organise/stops/{stop}")
        speakers = checkboxes_of(page.decode("utf-8"), "speaker_", "session-new-")
        location = self.post(f"/organise/stops/{stop}/sessions", {
            "kind": "workshop", "theme": theme, "title_fr": title["fr"], "title_ar": title["ar"], "title_en": title["en"],
            "room": "Salle 1", "day": day, "starts_at": starts, "ends_at": ends, "capacity": str(capacity),
            f"speaker_{speakers[SPEAKER_NAME]}": "on"})
        return int(re.fullmatch(rf"/organise/stops/{stop}#session-(\d+)", location).group(1))


def titles(word):
    return {"fr": f"Atelier crédit {word}", "ar": f"ورشة القرض {word}", "en": f"Credit workshop {word}"}


@pytest.fixture
def organiser(base_url, session_cookies):
    return Organiser(base_url, session_cookies(ORGANISER))


def desktop(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def fresh_visitor(driver):
    """Another phone: no cookies (so another form token, hence another voter), a 360 px screen."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    phone_screen(driver)


def read_qr(element):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qr.png"
        path.write_bytes(element.screenshot_as_png)
        read = subprocess.run(["/usr/bin/zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert read.returncode == 0, read.stderr
    return read.stdout.strip()


# --- 1. building a stop ----------------------------------------------------------------------------------------------

def test_organiser_builds_a_stop(driver, base_url, sink, as_user, session_cookies):
    """/organise → a new stop (first ending before it starts: refused, everything kept), a session with one seat, the
    public page; a walk-in takes the seat, the next person waits, the organiser raises the capacity and the seat is
    offered to her; the exports list them."""
    city, venue, first_day = city_name(), "Salle polyvalente " + random_word(LATIN), stop_day()
    driver = as_user(ORGANISER, "fr", "/organise")
    assert_lang(driver, "fr")
    assert text_of(driver, "h1") == FR["organise.title"]
    form = driver.find_element(By.CSS_SELECTOR, "form#stop-new")
    edition = Select(form.find_element(By.NAME, "edition_id"))
    assert edition.options, "the organiser sees the demo's edition"
    edition.select_by_index(0)
    edition_value = edition.first_selected_option.get_attribute("value")
    Select(form.find_element(By.NAME, "region_id")).select_by_visible_text(REGION)
    region_value = Select(form.find_element(By.NAME, "region_id")).first_selected_option.get_attribute("value")
    fill(form, "city", city)
    fill(form, "venue", venue)
    set_date(form, "starts_on", first_day)
    set_date(form, "ends_on", first_day - timedelta(days=1))
    fill(form, "offer_hours", "12")
    partner_ids = [check_by_label(form, "partner_", name) for name in PARTNERS]
    submit(driver, "form#stop-new")

    # Refused: the end's error on its field, everything typed kept, nothing created.
    assert path_of(driver) == "/organise/stops"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    assert errors_shown(driver) == {"f-stop-new-ends_on-error": FR["forum.ends_before_start"]}
    form = driver.find_element(By.CSS_SELECTOR, "form#stop-new")
    ends = form.find_element(By.NAME, "ends_on")
    assert ends.get_attribute("aria-invalid") == "true"
    assert "f-stop-new-ends_on-error" in ends.get_attribute("aria-describedby").split()
    assert form.find_element(By.NAME, "city").get_attribute("value") == city
    assert form.find_element(By.NAME, "venue").get_attribute("value") == venue
    assert form.find_element(By.NAME, "starts_on").get_attribute("value") == first_day.isoformat()
    assert ends.get_attribute("value") == (first_day - timedelta(days=1)).isoformat()
    assert form.find_element(By.NAME, "offer_hours").get_attribute("value") == "12"
    assert Select(form.find_element(By.NAME, "region_id")).first_selected_option.get_attribute("value") == region_value
    assert Select(form.find_element(By.NAME, "edition_id")).first_selected_option.get_attribute("value") == edition_value
    for partner in partner_ids:
        assert form.find_element(By.NAME, f"partner_{partner}").is_selected()
    assert city not in text_of(driver, "ul#organised-stops")
    # The status, which Selenium cannot see.
    status, _, _ = post_as(base_url, session_cookies(ORGANISER), "/organise/stops", {
        "edition_id": edition_value, "region_id": region_value, "city": city, "venue": venue,
        "starts_on": first_day.isoformat(), "ends_on": (first_day - timedelta(days=1)).isoformat(), "offer_hours": "12"})
    assert status == 422

    # Corrected: the stop's own page.
    set_date(form, "ends_on", first_day + timedelta(days=1))
    submit(driver, "form#stop-new")
    match = re.fullmatch(r"/organise/stops/(\d+)", path_of(driver))
    assert match, driver.current_url + "\n" + str(errors_shown(driver))
    stop = match.group(1)
    assert text_of(driver, "h1") == f"{city} · {first_day.isoformat()}"
    assert not driver.find_elements(By.CSS_SELECTOR, "div#organise-sessions details")

    # A workshop with one seat, its times typed two ways, one speaker.
    word = random_word(LATIN)
    title = titles(word)
    form = driver.find_element(By.CSS_SELECTOR, "form#session-new")
    assert form.find_element(By.NAME, "day").get_attribute("value") == first_day.isoformat(), "the day defaults to the stop's"
    Select(form.find_element(By.NAME, "kind")).select_by_value("workshop")
    Select(form.find_element(By.NAME, "theme")).select_by_value("credit")
    for language in ("fr", "ar", "en"):
        fill(form, f"title_{language}", title[language])
    fill(form, "room", "Salle Atlas")
    fill(form, "starts_at", "10h00")
    fill(form, "ends_at", "11:30")
    fill(form, "capacity", "1")
    check_by_label(form, "speaker_", SPEAKER_NAME)
    submit(driver, "form#session-new")
    match = re.fullmatch(rf"/organise/stops/{stop}", path_of(driver))
    assert match and urlparse(driver.current_url).fragment.startswith("session-"), driver.current_url + str(errors_shown(driver))
    session = urlparse(driver.current_url).fragment.removeprefix("session-")
    details = driver.find_element(By.CSS_SELECTOR, f"details#session-{session}")
    summary = details.find_element(By.TAG_NAME, "summary").text
    assert title["fr"] in summary and say(FR, "organise.held", held="0", capacity="1", waiting="0") in summary, summary
    assert_accessible(driver)

    # The public page: the session with its one seat, the partners.
    driver.find_element(By.XPATH, f"//main//a[@href='/forum/stops/{stop}']").click()
    assert path_of(driver) == f"/forum/stops/{stop}"
    assert text_of(driver, "h1").startswith(city + " · ")
    partners_line = text_of(driver, "p#partners")
    assert partners_line.startswith(FR["forum.partners"]) and all(name in partners_line for name in PARTNERS), partners_line
    [shown] = session_cards(driver)
    assert shown["id"] == session and shown["title"] == title["fr"]
    assert shown["seats"] == say(FR, "forum.seats_left", count="1") == "1 place libre"
    assert shown["line"].startswith("10:00 – 11:30 · Salle Atlas · " + FR["forum.kind.workshop"]), shown
    assert SPEAKER_NAME in text_of(driver, f"li#session-{session}")

    # A walk-in at the door takes the seat: the organiser's form, the ticket on screen and by text message.
    walk_in = person()
    driver = as_user(ORGANISER, "fr", f"/organise/stops/{stop}")
    form = driver.find_element(By.CSS_SELECTOR, "form#walk-in-form")
    fill(form, "first_name", walk_in["first"])
    fill(form, "last_name", walk_in["last"])
    fill(form, "phone", walk_in["typed"])
    tick(form, f"input#f-w-session_{session}")
    tick(form, "input#f-w-consent")
    before = sink.count()
    submit(driver, "form#walk-in-form")
    walk_in_code = ticket_code(driver, "fr")
    assert_seat(seat_of(driver, title["fr"]), "confirmed", "fr")
    sms = sms_for(sink, walk_in, "forum_registered", before)
    assert urlparse(sms["data"]["url"]).path == f"/forum/tickets/{walk_in_code}"

    # The next one registers on the public page: the session is full, she waits.
    late = person()
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    set_lang(driver, base_url, "fr", f"/forum/stops/{stop}")
    [shown] = session_cards(driver)
    assert shown["full"] and shown["seats"] == say(FR, "forum.full", count="0"), shown
    choose_sessions(driver, [session], "fr")
    fill_registration(driver, late)
    submit(driver, "form#register")
    late_code = ticket_code(driver, "fr")
    late_ticket = path_of(driver)
    assert_seat(seat_of(driver, title["fr"]), "waiting", "fr")

    # The organiser raises the capacity to 2 in the session's form: the seat is offered to her.
    driver = as_user(ORGANISER, "fr", f"/organise/stops/{stop}")
    details = driver.find_element(By.CSS_SELECTOR, f"details#session-{session}")
    assert say(FR, "organise.held", held="1", capacity="1", waiting="1") in details.find_element(By.TAG_NAME, "summary").text
    details.find_element(By.TAG_NAME, "summary").click()
    form = details.find_element(By.CSS_SELECTOR, "form")
    assert form.get_attribute("action").endswith(f"/organise/stops/{stop}/sessions/{session}")
    assert form.find_element(By.NAME, "starts_at").get_attribute("value") == "10:00"
    assert form.find_element(By.NAME, "ends_at").get_attribute("value") == "11:30"
    assert form.find_element(By.NAME, "capacity").get_attribute("value") == "1"
    assert form.find_element(By.NAME, "title_ar").get_attribute("value") == title["ar"]
    fill(form, "capacity", "2")
    before = sink.count()
    submit(driver, f"details#session-{session} form")
    assert path_of(driver) == f"/organise/stops/{stop}", errors_shown(driver)
    assert say(FR, "organise.held", held="2", capacity="2", waiting="0") in \
        text_of(driver, f"details#session-{session} summary")
    offer = sms_for(sink, late, "forum_offer", before)
    assert urlparse(offer["data"]["url"]).path == late_ticket and offer["data"]["hours"] == "12", offer
    driver.get(base_url + late_ticket)
    assert ticket_code(driver, "fr") == late_code
    assert_seat(seat_of(driver, title["fr"]), "offered", "fr")

    # Lowering it below the seats held is refused on the session's form, opened, with the reason.
    driver = as_user(ORGANISER, "fr", f"/organise/stops/{stop}")
    details = driver.find_element(By.CSS_SELECTOR, f"details#session-{session}")
    details.find_element(By.TAG_NAME, "summary").click()
    fill(details.find_element(By.CSS_SELECTOR, "form"), "capacity", "1")
    submit(driver, f"details#session-{session} form")
    details = driver.find_element(By.CSS_SELECTOR, f"details#session-{session}")
    assert details.get_attribute("open") is not None
    assert errors_shown(driver) == {f"f-s{session}-capacity-error": say(FR, "forum.capacity_below_held", held="2")}

    # The exports: the registrations in CSV (the walk-in at the door, the other on the web) and in XLSX.
    driver = as_user(ORGANISER, "fr", f"/organise/stops/{stop}")
    links = {a.get_attribute("href").removeprefix(base_url): a.text.strip()
             for a in driver.find_elements(By.CSS_SELECTOR, "p#exports a")}
    assert links[f"/organise/stops/{stop}/registrations.csv"] == "CSV"
    assert links[f"/organise/stops/{stop}/registrations.xlsx"] == "XLSX"
    cookies = cookies_of(driver)
    status, headers, body = get_as(base_url, cookies, f"/organise/stops/{stop}/registrations.csv")
    assert status == 200 and headers.get_content_type() == "text/csv", headers
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code.keys() == {walk_in_code, late_code}, rows
    assert by_code[walk_in_code][1] == f"{walk_in['last']} {walk_in['first']}"
    assert by_code[walk_in_code][3] == "door" and by_code[late_code][3] == "web", rows
    assert by_code[walk_in_code][6] == FR["forum.seat.confirmed"] and by_code[late_code][6] == FR["forum.seat.offered"]
    status, headers, body = get_as(base_url, cookies, f"/organise/stops/{stop}/registrations.xlsx")
    assert status == 200 and body[:4] == b"PK\x03\x04", (status, body[:20])
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))
    assert walk_in["last"] in xml and late["last"] in xml
    status, _, body = get_as(base_url, cookies, f"/organise/stops/{stop}/attendance.csv")
    assert status == 200 and title["fr"] in body.decode("utf-8-sig")


# --- 2. questions ----------------------------------------------------------------------------------------------------

def question_items(driver):
    """The public page's questions: id → (text, votes as data-votes, the votes line, the answer or None)."""
    items = {}
    for li in driver.find_elements(By.CSS_SELECTOR, "ol#questions > li.question"):
        answer = li.find_elements(By.CSS_SELECTOR, "p.answer")
        items[li.get_attribute("id").removeprefix("question-")] = {
            "text": li.find_element(By.TAG_NAME, "p").text.strip(), "votes": int(li.get_attribute("data-votes")),
            "line": li.find_element(By.CSS_SELECTOR, "p.muted").text.strip(),
            "answer": answer[0].text.strip() if answer else None}
    return items


def ask(driver, text, phone=None, name=None, consent=True):
    form = driver.find_element(By.CSS_SELECTOR, "form#ask")
    fill(form, "text", text)
    if phone:
        details = form.find_element(By.TAG_NAME, "details")
        if details.get_attribute("open") is None:
            details.find_element(By.TAG_NAME, "summary").click()
        fill(form, "name", name or "")
        fill(form, "phone", phone)
        if consent:
            tick(form, "input#f-consent")
    submit(driver, "form#ask")


def asked_id(driver, session):
    assert path_of(driver) == f"/forum/sessions/{session}/questions", driver.current_url + str(errors_shown(driver))
    fragment = urlparse(driver.current_url).fragment
    assert fragment.startswith("question-"), driver.current_url
    return fragment.removeprefix("question-")


def vote(driver, question):
    submit(driver, f"li#question-{question} form[action='/forum/questions/{question}/vote']")
    return question_items(driver)[question]


def test_questions_asked_merged_answered(driver, base_url, sink, as_user, session_cookies, organiser, lang):
    """A visitor on a phone asks from the stop page's link (a phone without consent first: refused), votes once; another
    asks nearly the same and votes; the organiser (QR code on the moderation page) merges, tags; the speaker answers;
    the report counts both under the theme; the question left with a phone becomes a follow-up case."""
    texts = TEXTS[lang]
    city = city_name()
    stop, day = organiser.stop(city)
    title = titles(random_word(LATIN))
    session = organiser.session(stop, day, title)
    word = random_word(LATIN)
    asking = {"fr": f"Quels papiers faut-il pour un microcrédit {word} ?",
              "ar": f"ما هي الوثائق المطلوبة للقرض الصغير {word}؟"}[lang]
    again = {"fr": f"Quels documents pour obtenir un microcrédit {word} ?",
             "ar": f"ما الوثائق اللازمة للحصول على قرض صغير {word}؟"}[lang]
    visitor = person(lang)

    # The visitor, on a phone, from the stop's page.
    fresh_visitor(driver)
    set_lang(driver, base_url, lang, f"/forum/stops/{stop}")
    link = driver.find_element(By.CSS_SELECTOR, f"li#session-{session} a[href='/forum/sessions/{session}/questions']")
    assert link.text.strip() == texts["forum.questions"]
    link.click()
    assert path_of(driver) == f"/forum/sessions/{session}/questions"
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == title[lang]
    assert scroll_width(driver) <= WIDTH + 1
    assert texts["forum.no_question"] in text_of(driver, "main") and not driver.find_elements(By.CSS_SELECTOR, "ol#questions")
    details = driver.find_element(By.CSS_SELECTOR, "form#ask details")
    assert details.get_attribute("open") is None, "the follow-up part is optional, folded"
    assert text_of(driver, "form#ask details summary") == texts["forum.follow_up_offer"]

    # A phone without consent: refused, said on the box, what was typed kept and the follow-up part open.
    ask(driver, asking, phone=visitor["typed"], name=f"{visitor['first']} {visitor['last']}", consent=False)
    assert path_of(driver) == f"/forum/sessions/{session}/questions"
    assert errors_shown(driver) == {"f-consent-error": texts["forum.consent_required"]}
    form = driver.find_element(By.CSS_SELECTOR, "form#ask")
    assert form.find_element(By.TAG_NAME, "details").get_attribute("open") is not None
    assert form.find_element(By.NAME, "text").get_attribute("value") == asking
    assert form.find_element(By.NAME, "phone").get_attribute("value") == visitor["typed"]
    assert not driver.find_elements(By.CSS_SELECTOR, "ol#questions > li")
    assert scroll_width(driver) <= WIDTH + 1
    status, _ = post_form(base_url, f"/forum/sessions/{session}/questions", {"text": asking, "phone": visitor["typed"]})
    assert status == 422

    # With consent: asked; the visitor votes, once.
    tick(form, "input#f-consent")
    submit(driver, "form#ask")
    first = asked_id(driver, session)
    item = question_items(driver)[first]
    assert item["text"] == asking and item["votes"] == 0 and item["answer"] is None
    assert text_of(driver, f"li#question-{first} button") == texts["forum.vote"]
    item = vote(driver, first)
    assert item["votes"] == 1
    same_text(item["line"], say(texts, "forum.votes", count="1"))
    assert vote(driver, first)["votes"] == 1, "one vote per browser"
    first_visitor = cookies_of(driver)

    # Another phone: nearly the same question, and a vote for it.
    fresh_visitor(driver)
    set_lang(driver, base_url, lang, f"/forum/sessions/{session}/questions")
    ask(driver, again)
    duplicate = asked_id(driver, session)
    assert vote(driver, duplicate)["votes"] == 1
    assert set(question_items(driver)) == {first, duplicate}

    # The organiser's moderation page: the QR code leads to the public page.
    desktop(driver)
    driver = as_user(ORGANISER, lang, f"/organise/sessions/{session}/questions")
    assert_lang(driver, lang)
    link_text = text_of(driver, "section#session-qr p.ltr")
    assert urlparse(link_text).path == f"/forum/sessions/{session}/questions", link_text
    qr = driver.find_element(By.CSS_SELECTOR, "section#session-qr svg.qr")
    assert qr.get_attribute("aria-label") == link_text
    assert read_qr(qr) == link_text
    first_item = driver.find_element(By.CSS_SELECTOR, f"li#q-{first}")
    assert visitor["typed"].replace(" ", "") in first_item.text.replace(" ", ""), "the phone left for follow-up is shown"
    assert_accessible(driver)

    # The duplicate merged into the first: its votes follow, it leaves the list.
    Select(driver.find_element(By.CSS_SELECTOR, f"li#q-{duplicate} select[name=into]")).select_by_value(first)
    submit(driver, f"li#q-{duplicate} form.inline:has(select[name=into])")
    assert not driver.find_elements(By.CSS_SELECTOR, f"li#q-{duplicate}")
    line = text_of(driver, f"li#q-{first} p.muted")
    same_text(line.split(" · ")[0], say(texts, "forum.votes", count="2"))
    same_text(line.split(" · ")[1], say(texts, "forum.merged", count="1"))

    # Themes: credit and bank relations.
    tags = driver.find_element(By.CSS_SELECTOR, f"li#q-{first} form.tags")
    for code in ("credit", "bank_relations"):
        tick(tags, f"input#f-q{first}-theme_{code}")
    submit(driver, f"li#q-{first} form.tags")
    tags = driver.find_element(By.CSS_SELECTOR, f"li#q-{first} form.tags")
    assert tags.find_element(By.CSS_SELECTOR, f"input#f-q{first}-theme_credit").is_selected()
    assert tags.find_element(By.CSS_SELECTOR, f"input#f-q{first}-theme_bank_relations").is_selected()

    # The speaker answers, from a page without the organisers' forms.
    answer = {"fr": f"Une pièce d'identité et un devis {word}.", "ar": f"بطاقة التعريف وعرض أسعار {word}."}[lang]
    driver = as_user(SPEAKER, lang, f"/organise/sessions/{session}/questions")
    assert not driver.find_elements(By.CSS_SELECTOR, "form.tags, form#paper, select[name=into]")
    assert not driver.find_elements(By.CSS_SELECTOR, f"form[action='/organise/questions/{first}/follow-up']")
    fill(driver.find_element(By.CSS_SELECTOR, f"form[action='/organise/questions/{first}/answer']"), "answer", answer)
    submit(driver, f"form[action='/organise/questions/{first}/answer']")
    assert path_of(driver) == f"/organise/sessions/{session}/questions"
    assert driver.find_element(By.CSS_SELECTOR, f"li#q-{first}").get_attribute("data-status") == "answered"
    # The speaker cannot tag or merge: those belong to the organisers.
    assert post_as(base_url, session_cookies(SPEAKER), f"/organise/questions/{first}", {"theme_tax": "on"})[0] == 403

    # The public page: the answer, the merged votes, no duplicate; the first visitor still cannot vote twice.
    fresh_visitor(driver)
    restore(driver, base_url, first_visitor)
    set_lang(driver, base_url, lang, f"/forum/sessions/{session}/questions")
    items = question_items(driver)
    assert list(items) == [first], items
    assert items[first]["votes"] == 2
    assert items[first]["answer"] == f"{texts['forum.answer']} : {answer}", items[first]
    themes_line = items[first]["line"]
    for name in {"fr": ["Crédit", "Relation avec la banque"], "ar": ["القرض", "العلاقة مع البنك"]}[lang]:
        assert name in themes_line, themes_line
    assert vote(driver, first)["votes"] == 2
    assert scroll_width(driver) <= WIDTH + 1
    assert http_status(f"{base_url}/forum/sessions/{session}/questions") == 200

    # The stop's report: both questions under each of the question's themes.
    desktop(driver)
    driver = as_user(ORGANISER, lang, f"/organise/stops/{stop}/questions")
    for code in ("credit", "bank_relations"):
        section = driver.find_element(By.CSS_SELECTOR, f"section.theme-report[data-theme={code}]")
        figures = section.find_element(By.TAG_NAME, "p").text.split(" · ")
        same_text(figures[0], say(texts, "forum.asked", count="2"))
        same_text(figures[1], say(texts, "forum.votes", count="2"))
        assert asking in section.find_element(By.TAG_NAME, "ol").text
    assert say(FR, "forum.asked", count="2") == "2 questions posées"

    # The question with a phone becomes a follow-up case, once; the region's advisor finds it.
    driver = as_user(ORGANISER, lang, f"/organise/sessions/{session}/questions")
    follow = f"li#q-{first} form[action='/organise/questions/{first}/follow-up']"
    assert text_of(driver, follow + " button") == texts["forum.follow_up"]
    submit(driver, follow)
    case_link = driver.find_element(By.CSS_SELECTOR, f"li#q-{first} a[href^='/cases/']")
    assert case_link.text.strip() == texts["forum.case_opened"]
    assert not driver.find_elements(By.CSS_SELECTOR, follow)
    case_path = urlparse(case_link.get_attribute("href")).path
    assert re.fullmatch(r"/cases/\d+", case_path), case_path
    assert http_status(base_url + case_path, session_cookies(CASA)) == 200
    driver = as_user(CASA, lang, case_path)
    assert asking in driver.find_element(By.TAG_NAME, "main").text, "the question is in the case's first note"


def test_merged_question_counts_a_browser_once(driver, base_url, organiser):
    """One vote per browser still holds after a merge: whoever voted for the duplicate has voted for the merged one."""
    stop, day = organiser.stop(city_name())
    session = organiser.session(stop, day, titles(random_word(LATIN)))
    word = random_word(LATIN)
    fresh_visitor(driver)
    set_lang(driver, base_url, "fr", f"/forum/sessions/{session}/questions")
    ask(driver, f"Comment obtenir une carte d'auto-entrepreneur {word} ?")
    first = asked_id(driver, session)
    assert vote(driver, first)["votes"] == 1
    fresh_visitor(driver)
    set_lang(driver, base_url, "fr", f"/forum/sessions/{session}/questions")
    ask(driver, f"Où demander la carte d'auto-entrepreneur {word} ?")
    duplicate = asked_id(driver, session)
    assert vote(driver, duplicate)["votes"] == 1
    second_visitor = cookies_of(driver)
    organiser.post(f"/organise/questions/{duplicate}", {"into": first})

    fresh_visitor(driver)
    restore(driver, base_url, second_visitor)
    set_lang(driver, base_url, "fr", f"/forum/sessions/{session}/questions")
    assert question_items(driver)[first]["votes"] == 2
    assert vote(driver, first)["votes"] == 2, "the second browser had already voted, for the duplicate"


# --- 3. the survey ---------------------------------------------------------------------------------------------------

def survey_form(driver, lang):
    """The survey's fields: (question code, subject name) → field name, from each block's legend or label."""
    fields = {}
    for fieldset in driver.find_elements(By.CSS_SELECTOR, "form#survey-form fieldset.survey"):
        legend = fieldset.find_element(By.TAG_NAME, "legend").text.strip()
        code = next(c for c, q in QUESTIONS.items() if legend == q[lang] or legend.startswith(q[lang] + " — "))
        fields[(code, legend.removeprefix(QUESTIONS[code][lang]).removeprefix(" — "))] = fieldset.get_attribute("id")
    for area in driver.find_elements(By.CSS_SELECTOR, "form#survey-form textarea"):
        label = driver.find_element(By.CSS_SELECTOR, f"label[for='{area.get_attribute('id')}']").text.strip()
        code = next(c for c, q in QUESTIONS.items() if label == q[lang])
        fields[(code, "")] = area.get_attribute("name")
    return fields


def choose_score(driver, field, score):
    driver.find_element(By.CSS_SELECTOR, f"label[for='f-{field}-{score}']").click()
    assert driver.find_element(By.ID, f"f-{field}-{score}").is_selected()


def test_survey_sent_answered_and_read(driver, base_url, sink, as_user, session_cookies, organiser, lang):
    """Two people register on the public page and come through the door; the organiser sends the survey, a text each
    with their link; each answers on a phone (the required stop questions first missed once), then sees the thanks, also
    when opening the link again; the results: 2 answers out of 2, the average, the NPS, the comment, in CSV too."""
    texts = TEXTS[lang]
    city = city_name()
    stop, day = organiser.stop(city)
    title = titles(random_word(LATIN))
    session = organiser.session(stop, day, title)

    # Two registrations on the public page, in the test's language.
    people = [person(lang), person(lang)]
    codes = []
    for someone in people:
        fresh_visitor(driver)
        set_lang(driver, base_url, lang, f"/forum/stops/{stop}")
        choose_sessions(driver, [str(session)], lang)
        fill_registration(driver, someone)
        submit(driver, "form#register")
        codes.append(ticket_code(driver, lang))

    # The door lets both in.
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    restore(driver, base_url, session_cookies(DOOR))
    open_door(driver, base_url, stop, lang)
    for someone, code in zip(people, codes):
        assert_verdict(scan(driver, printed(code)), "admitted", True, text=say(texts, "door.verdict.admitted", name=someone["first"]))

    # The organiser sends the survey: one text each, with a link of its own; sending again sends nothing more.
    desktop(driver)
    driver = as_user(ORGANISER, lang, f"/organise/stops/{stop}/survey")
    same_text(text_of(driver, "p#survey-counts"), say(texts, "forum.survey.counts", answered="0", invited="0"))
    assert text_of(driver, "form#survey-send button") == texts["forum.survey.send_to_attendees"]
    before = sink.count()
    submit(driver, "form#survey-send")
    assert path_of(driver) == f"/organise/stops/{stop}/survey"
    same_text(text_of(driver, "main [role=status]"), say(texts, "forum.survey_sent", count="2"))
    same_text(text_of(driver, "p#survey-counts"), say(texts, "forum.survey.counts", answered="0", invited="2"))
    links = []
    for someone in people:
        sms = sms_for(sink, someone, "forum_survey", before)
        assert sms["locale"] == lang and sms["data"]["url"] in sms["body"], sms
        path = urlparse(sms["data"]["url"]).path
        assert SURVEY_PATH.fullmatch(path), path
        links.append(path)
    assert links[0] != links[1]
    before = sink.count()
    submit(driver, "form#survey-send")
    same_text(text_of(driver, "main [role=status]"), say(texts, "forum.survey_sent", count="0"))
    same_text(text_of(driver, "p#survey-counts"), say(texts, "forum.survey.counts", answered="0", invited="2"))

    # The first answers everything on her phone, with a comment.
    comment = {"fr": "Très bonne organisation, merci " + random_word(LATIN),
               "ar": "تنظيم جيد جدا، شكرا " + random_word(ARABIC_LETTERS)}[lang]
    fresh_visitor(driver)
    set_lang(driver, base_url, lang, links[0])
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == texts["forum.survey.title"]
    assert scroll_width(driver) <= WIDTH + 1
    fields = survey_form(driver, lang)
    assert set(fields) == {("overall", ""), ("recommend", ""), ("session", title[lang]), ("speaker", SPEAKER_NAME),
                           ("comment", ""), *{("partner", name) for name in PARTNERS}}, fields
    assert len(driver.find_elements(By.CSS_SELECTOR, f"fieldset#{fields[('recommend', '')]} input[type=radio]")) == 11
    assert len(driver.find_elements(By.CSS_SELECTOR, f"fieldset#{fields[('overall', '')]} input[type=radio]")) == 5
    choose_score(driver, fields[("overall", "")], 5)
    choose_score(driver, fields[("recommend", "")], 10)
    choose_score(driver, fields[("session", title[lang])], 4)
    choose_score(driver, fields[("speaker", SPEAKER_NAME)], 5)
    fill(driver.find_element(By.CSS_SELECTOR, "form#survey-form"), fields[("comment", "")], comment)
    submit(driver, "form#survey-form")
    assert path_of(driver) == links[0]
    assert text_of(driver, "p#survey-done") == texts["forum.survey.thanks"]
    assert not driver.find_elements(By.CSS_SELECTOR, "form#survey-form")
    driver.get(base_url + links[0])
    assert text_of(driver, "p#survey-done") == texts["forum.survey.thanks"]
    assert not driver.find_elements(By.CSS_SELECTOR, "form#survey-form")
    # Answered once: a second answer (say from the page kept open) is refused with the thanks.
    assert post_form(base_url, links[0], {fields[("overall", "")]: "1", fields[("recommend", "")]: "0"})[0] == 409

    # The second forgets the recommendation: refused on it, her score kept; then she gives it and no comment.
    fresh_visitor(driver)
    set_lang(driver, base_url, lang, links[1])
    fields = survey_form(driver, lang)
    choose_score(driver, fields[("overall", "")], 4)
    submit(driver, "form#survey-form")
    recommend = fields[("recommend", "")]
    assert errors_shown(driver) == {f"{recommend}-error": texts["validation.required"]}
    assert driver.find_element(By.ID, f"f-{fields[('overall', '')]}-4").is_selected()
    assert post_form(base_url, links[1], {fields[("overall", "")]: "4"})[0] == 422
    choose_score(driver, recommend, 8)
    submit(driver, "form#survey-form")
    assert text_of(driver, "p#survey-done") == texts["forum.survey.thanks"]

    # The results: both answered; overall (5 + 4) / 2; NPS one promoter (10), one passive (8): (1 - 0) / 2 = 50.
    desktop(driver)
    driver = as_user(ORGANISER, lang, f"/organise/stops/{stop}/survey")
    same_text(text_of(driver, "p#survey-counts"), say(texts, "forum.survey.counts", answered="2", invited="2"))
    if lang == "fr":
        assert text_of(driver, "p#survey-counts") == "2 réponses sur 2 invitations"

    def row(code, subject):
        section = driver.find_element(By.CSS_SELECTOR, f"section.survey-result[data-code={code}]")
        assert section.find_element(By.TAG_NAME, "h2").text.strip() == QUESTIONS[code][lang]
        for tr in section.find_elements(By.CSS_SELECTOR, "tbody tr"):
            if tr.find_element(By.TAG_NAME, "th").text.strip() == subject:
                return [western(td.text.strip()) for td in tr.find_elements(By.TAG_NAME, "td")], tr
        raise AssertionError(f"no row for {subject} under {code}: {section.text}")

    cells, _ = row("overall", city)
    assert cells == ["2", "4.5"], cells
    cells, tr = row("recommend", city)
    assert cells == ["2", "9", "50"], cells
    assert western(tr.find_element(By.CSS_SELECTOR, "td.nps").text.strip()) == "50"
    assert row("session", title[lang])[0] == ["1", "4"]
    assert row("speaker", SPEAKER_NAME)[0] == ["1", "5"]
    comments = [li.text.strip() for li in driver.find_elements(By.CSS_SELECTOR, "section[data-code=comment] ul.comments > li")]
    assert comments == [comment]
    assert_accessible(driver)

    # The CSV export has the comment.
    status, headers, body = get_as(base_url, cookies_of(driver), f"/organise/stops/{stop}/survey.csv")
    assert status == 200 and headers.get_content_type() == "text/csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert any(comment in row for row in rows), rows
    status, _, body = get_as(base_url, cookies_of(driver), f"/organise/stops/{stop}/survey.xlsx")
    assert status == 200 and body[:4] == b"PK\x03\x04"


# --- 4. accessibility ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def prepared(base_url, sink, session_cookies):
    """A stop with a session, two questions (one with a phone), two people through the door and the survey sent to
    them, one answered: the paths of the pages to scan."""
    organiser = Organiser(base_url, session_cookies(ORGANISER))
    stop, day = organiser.stop(city_name())
    session = organiser.session(stop, day, titles(random_word(LATIN)))
    asker = person()
    assert post_form(base_url, f"/forum/sessions/{session}/questions",
                     {"text": "Comment ouvrir un compte professionnel ?", "name": "Amal Test", "phone": asker["typed"],
                      "consent": "on"})[0] == 303
    assert post_form(base_url, f"/forum/sessions/{session}/questions", {"text": "Et pour un compte personnel ?"})[0] == 303
    people = [person(), person()]
    door = session_cookies(DOOR)
    for someone in people:
        status, location = post_form(base_url, f"/forum/stops/{stop}/register",
                                     {"first_name": someone["first"], "last_name": someone["last"], "phone": someone["typed"],
                                      "gender": "f", "consent": "on", f"session_{session}": "on"})
        assert status == 303, status
        code = location.rsplit("/", 1)[1]
        status, _, body = post_as(base_url, door, f"/door/stops/{stop}/scan", {"code": code, "device": "organise-test"})
        assert status == 200 and 'data-verdict="admitted"' in body, body[-3000:]
    before = sink.count()
    organiser.post(f"/organise/stops/{stop}/survey", {})
    links = [urlparse(sink.wait_for(someone["e164"], "forum_survey", after=before)["json"]["data"]["url"]).path
             for someone in people]
    _, _, page = get_as(base_url, [], links[0])
    fields = dict.fromkeys(re.findall(r'<fieldset class="checks survey" id="(q_\d+_\d+)"', page.decode("utf-8")), "4")
    comment = re.search(r'<textarea id="f-(q_\d+_0)"', page.decode("utf-8")).group(1)
    assert post_form(base_url, links[0], {**fields, comment: "Bien."})[0] == 303
    return {"organise": "/organise", "stop": f"/organise/stops/{stop}", "questions": f"/forum/sessions/{session}/questions",
            "moderation": f"/organise/sessions/{session}/questions", "report": f"/organise/stops/{stop}/questions",
            "survey": links[1], "results": f"/organise/stops/{stop}/survey"}


@pytest.mark.parametrize("page", ["organise", "stop", "questions", "moderation", "report", "survey", "results"])
def test_accessible(request, driver, base_url, as_user, lang, page):
    path = request.getfixturevalue("prepared")[page]
    if page in ("questions", "survey"):
        phone_screen(driver)
        set_lang(driver, base_url, lang, path)
        assert scroll_width(driver) <= WIDTH + 1
    else:
        as_user(ORGANISER, lang, path)
    assert path_of(driver) == path
    assert_lang(driver, lang)
    if lang == "ar":
        assert ARABIC.search(text_of(driver, "h1")) or page == "stop", text_of(driver, "h1")
    expected = {"questions": "ol#questions", "moderation": "section#session-qr svg.qr",
                "survey": "form#survey-form", "results": "p#survey-counts", "report": "div#question-report",
                "stop": "form#walk-in-form", "organise": "form#stop-new"}[page]
    assert driver.find_elements(By.CSS_SELECTOR, expected), expected
    assert_accessible(driver)
    if page == "questions":
        # With the form's errors: the follow-up part opened on them.
        ask(driver, "Oui", phone="06 68", consent=False)
        assert len(errors_shown(driver)) == 3, errors_shown(driver)
        assert_accessible(driver)
    if page == "survey":
        submit(driver, "form#survey-form")
        assert len(errors_shown(driver)) == 2, errors_shown(driver)
        assert_accessible(driver)
