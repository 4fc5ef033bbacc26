"""The travelling forum's public pages: the edition's stops, a stop's programme with its registration form, the ticket
where one gives up or takes a seat, and the calendar feed.

Registering needs no account and no phone code: the ticket comes by text message (the sink) and whoever holds its code
manages its seats. So these tests spend one phone code only, for the entrepreneur signed in whose form is filled from
her file, and each person registers with a fresh number.
The server lives for the whole run, so the tests that count seats keep to a stop of their own: Casablanca for the
ordinary registration, Béni Mellal's one-to-one advice (8 seats) for the waiting list, Marrakech for the form's errors
and the accessibility scans. Filling the advice session posts its 8 registrations from 127.0.0.1 at once, as the form
would: nothing limits registrations per address today.
"""

import json
import re
import secrets
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from urllib.parse import urlencode, urlparse
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ARABIC, LANGS, ROOT, assert_lang, cookies_of, http_status, path_of, set_lang, submit, wait
from test_accessibility import assert_accessible
from test_accompaniment import ARABIC_DIGITS, ARABIC_LETTERS, LATIN, digits_of, fill, random_word, text_of, tick
from test_coaching import TEXTS, say
from test_mobile import WIDTH, phone_screen, scroll_width
from test_rights import open_my_data, self_register, sign_in_new_entrepreneur

FR = TEXTS["fr"]
MOROCCO = ZoneInfo("Africa/Casablanca")
CITIES = ["Casablanca", "Marrakech", "Béni Mellal"]
TICKET_PATH = re.compile(r"/forum/tickets/([0-9A-Z]{9})")
WESTERN_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# --- people and http -----------------------------------------------------------------------------------------------

def fresh_mobile():
    """A number nobody used yet in this run, as people type it ("06 61 23 45 67"), and its E.164 form."""
    digits = f"{secrets.randbelow(10**6):06d}"
    return "06 61 " + " ".join(digits[i:i + 2] for i in (0, 2, 4)), "+212661" + digits


def new_person(lang="fr"):
    typed, e164 = fresh_mobile()
    if lang == "ar":
        return {"first": "سلمى", "last": random_word(ARABIC_LETTERS, 6), "typed": typed, "e164": e164}
    return {"first": "Salma", "last": "Forum" + random_word(LATIN), "typed": typed, "e164": e164}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(base_url, path, fields):
    """POSTs as a browser's form would (a CSRF cookie from a first page, echoed in the form): (status, Location)."""
    with urllib.request.urlopen(base_url + "/forum", timeout=10) as response:
        csrf = re.search(r"maillage_csrf=([^;]+)", " ".join(response.headers.get_all("Set-Cookie") or [])).group(1)
    request = urllib.request.Request(base_url + path, data=urlencode({"_csrf": csrf, **fields}).encode(), method="POST",
                                     headers={"Cookie": f"maillage_csrf={csrf}",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def post_registration(base_url, stop, person, sessions, consent=True):
    fields = {"first_name": person["first"], "last_name": person["last"], "phone": person["typed"], "gender": "f",
              **{f"session_{session}": "on" for session in sessions}}
    if consent:
        fields["consent"] = "on"
    return post_form(base_url, f"/forum/stops/{stop}/register", fields)


def registered_code(status_and_location):
    status, location = status_and_location
    assert status == 303, status_and_location
    match = TICKET_PATH.fullmatch(urlparse(location).path)
    assert match, location
    return match.group(1)


def fetch(url, cookies=()):
    request = urllib.request.Request(url, headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode("utf-8")


# --- pages ---------------------------------------------------------------------------------------------------------

def open_stop(driver, city):
    """From /forum, follows the stop's link; returns its id."""
    assert path_of(driver) == "/forum", driver.current_url
    items = [li for li in driver.find_elements(By.CSS_SELECTOR, "ol#stops > li.stop.card")
             if li.find_element(By.TAG_NAME, "strong").text.strip() == city]
    assert len(items) == 1, text_of(driver, "ol#stops")
    items[0].find_element(By.CSS_SELECTOR, "a").click()
    match = re.fullmatch(r"/forum/stops/(\d+)", path_of(driver))
    assert match, driver.current_url
    assert text_of(driver, "h1").startswith(city + " · ")
    return match.group(1)


def session_cards(driver):
    """The programme as shown: per session its id, title, first line (time, room, kind, theme), start and seats."""
    cards = []
    for li in driver.find_elements(By.CSS_SELECTOR, "form#register ol#sessions > li.session.card"):
        seats = li.find_element(By.CSS_SELECTOR, "span.seats")
        full = "warning" in seats.get_attribute("class").split()
        assert full != ("ok" in seats.get_attribute("class").split()), seats.get_attribute("outerHTML")
        cards.append({"id": li.get_attribute("id").removeprefix("session-"),
                      "title": li.find_element(By.TAG_NAME, "h3").text.strip(),
                      "line": li.find_element(By.CSS_SELECTOR, "p.muted").text.strip(),
                      "start": li.find_element(By.TAG_NAME, "time").get_attribute("datetime"),
                      "seats": seats.text.strip(), "full": full,
                      # The count is in words for some numbers in Arabic ("مقعدان شاغران"): the figure is in the attribute.
                      "left": 0 if full else int(seats.get_attribute("data-left"))})
    assert cards, "no session on the stop page"
    return cards


def card(driver, session_id):
    return next(c for c in session_cards(driver) if c["id"] == session_id)


def choose_sessions(driver, ids, lang):
    form = driver.find_element(By.CSS_SELECTOR, "form#register")
    for session_id in ids:
        label = form.find_element(By.CSS_SELECTOR, f"li#session-{session_id} label[for='f-session_{session_id}']")
        assert label.text.strip() == TEXTS[lang]["forum.choose"]
        label.click()
        assert form.find_element(By.ID, f"f-session_{session_id}").is_selected()


def fill_registration(driver, person, consent=True):
    form = driver.find_element(By.CSS_SELECTOR, "form#register")
    assert (form.get_attribute("method") or "").lower() == "post"
    fill(form, "first_name", person["first"])
    fill(form, "last_name", person["last"])
    phone = form.find_element(By.NAME, "phone")
    assert phone.get_attribute("type") == "tel"
    fill(form, "phone", person["typed"])
    Select(form.find_element(By.CSS_SELECTOR, "select[name=gender]")).select_by_value("f")
    if consent:
        tick(form, "input#f-consent[name=consent]")


def ticket_code(driver, lang):
    """On the ticket page: the code from the address, checked against the one shown (XXXX-XXXX-X, left to right)."""
    match = TICKET_PATH.fullmatch(path_of(driver))
    assert match, driver.current_url
    code = match.group(1)
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == TEXTS[lang]["forum.ticket"]
    shown = driver.find_element(By.CSS_SELECTOR, "p#ticket-code")
    assert shown.text.strip() == f"{code[:4]}-{code[4:8]}-{code[8]}"
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction", shown) == "ltr"
    return code


def ticket_seats(driver):
    """Per seat on the ticket: the session's title, data-status, the status as read, and the buttons' labels."""
    seats = []
    for li in driver.find_elements(By.CSS_SELECTOR, "ul#seats > li.seat.card"):
        seats.append({"title": li.find_element(By.TAG_NAME, "p").text.split(" · ", 1)[1].strip(),
                      "status": li.get_attribute("data-status"),
                      "read": li.find_element(By.CSS_SELECTOR, "strong.status").text.strip(),
                      "text": li.text,
                      "buttons": [b.text.strip() for b in li.find_elements(By.CSS_SELECTOR, "form button[type=submit]")],
                      "actions": {f.get_attribute("action").rsplit("/", 1)[1]: urlparse(f.get_attribute("action")).path
                                  for f in li.find_elements(By.CSS_SELECTOR, "form")}})
    return seats


def seat_of(driver, title):
    seats = [s for s in ticket_seats(driver) if s["title"] == title]
    assert len(seats) == 1, ticket_seats(driver)
    return seats[0]


def assert_seat(seat, status, lang):
    """A seat in `status`, read in `lang`, with the buttons that status offers."""
    texts = TEXTS[lang]
    buttons = {"confirmed": [texts["forum.cancel_seat"]], "waiting": [texts["forum.leave_list"]],
               "offered": [texts["forum.accept_offer"], texts["forum.cancel_seat"]], "cancelled": [], "expired": []}
    assert seat["status"] == status, seat
    assert seat["read"] == texts[f"forum.seat.{status}"], seat
    assert seat["buttons"] == buttons[status], seat


def sms_for(sink, person, template, after):
    message = sink.wait_for(person["e164"], template, after=after)
    assert message["signature_ok"]
    assert message["json"]["channel"] == "sms"
    return message["json"]


# --- registering -----------------------------------------------------------------------------------------------------

def test_forum_is_in_the_menu(driver, base_url, as_user):
    set_lang(driver, base_url, "fr", "/")
    link = driver.find_element(By.CSS_SELECTOR, "nav.main-nav a[href='/forum']")
    assert link.text.strip() == FR["nav.forum"]
    link.click()
    assert path_of(driver) == "/forum"
    assert text_of(driver, "h1") == FR["forum.title"]
    assert [li.find_element(By.TAG_NAME, "strong").text.strip()
            for li in driver.find_elements(By.CSS_SELECTOR, "ol#stops > li.stop.card")] == CITIES
    marrakech = driver.find_elements(By.CSS_SELECTOR, "ol#stops > li.stop.card")[1]
    assert [b.text.strip() for b in marrakech.find_elements(By.CSS_SELECTOR, "span.badge")] == [FR["forum.mini_forum"]]
    assert not driver.find_elements(By.CSS_SELECTOR, "ol#stops > li:not(:nth-child(2)) span.badge")
    open_stop(driver, "Béni Mellal")
    current = driver.find_element(By.CSS_SELECTOR, "nav.main-nav a[href='/forum']")
    assert current.get_attribute("aria-current") == "page", "a stop's page belongs to the forum"

    # An entrepreneur signed in finds it too.
    driver = as_user("entrepreneur", "ar", "/me")
    assert text_of(driver, "nav.main-nav a[href='/forum']") == TEXTS["ar"]["nav.forum"]


def test_entrepreneur_registers_on_a_phone(driver, base_url, sink, lang):
    """Found from /forum on a 360 px screen, two workshops chosen, the ticket on screen and by text message; later,
    one more session with the same number typed another way goes to the same ticket."""
    texts = TEXTS[lang]
    person = new_person(lang)
    phone_screen(driver)
    set_lang(driver, base_url, lang, "/forum")
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == texts["forum.title"]
    assert scroll_width(driver) <= WIDTH + 1
    stop = open_stop(driver, "Casablanca")
    assert_lang(driver, lang)
    assert scroll_width(driver) <= WIDTH + 1
    assert text_of(driver, "p#partners").startswith(texts["forum.partners"])
    assert "Banque partenaire (démo)" in text_of(driver, "p#partners")

    # Two workshops, one in the morning and one in the afternoon.
    workshops = [c for c in session_cards(driver) if f" · {texts['forum.kind.workshop']}" in c["line"]]
    chosen = [workshops[0], next(c for c in workshops if c["start"] != workshops[0]["start"])]
    assert not any(c["full"] for c in chosen), chosen
    choose_sessions(driver, [c["id"] for c in chosen], lang)
    fill_registration(driver, person)
    before = sink.count()
    submit(driver, "form#register")
    assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), \
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")]

    code = ticket_code(driver, lang)
    assert scroll_width(driver) <= WIDTH + 1
    assert person["first"] in text_of(driver, "section.ticket")
    assert person["last"] not in text_of(driver, "main"), "the ticket shows the first name only"
    seats = ticket_seats(driver)
    assert [s["title"] for s in seats] == [c["title"] for c in chosen]
    for seat in seats:
        assert_seat(seat, "confirmed", lang)
    if lang == "ar":
        assert ARABIC.search(text_of(driver, "h1")) and all(ARABIC.search(s["title"]) for s in seats)
    assert_accessible(driver)

    # The text message carries the same code, the sessions and a link to the ticket.
    sms = sms_for(sink, person, "forum_registered", before)
    assert sms["locale"] == lang
    formatted = f"{code[:4]}-{code[4:8]}-{code[8]}"
    assert sms["data"]["code"] == formatted and formatted in sms["body"], sms
    assert "Casablanca" in sms["body"] and all(c["title"] in sms["body"] for c in chosen), sms["body"]
    if lang == "ar":
        assert ARABIC.search(sms["body"].replace(chosen[0]["title"], "").replace(chosen[1]["title"], "")), sms["body"]
    link = urlparse(sms["data"]["url"])
    assert link.path == f"/forum/tickets/{code}" and sms["data"]["url"] in sms["body"], sms

    # The code as someone types it from the message opens the ticket; one wrong character does not.
    assert http_status(f"{base_url}/forum/tickets/{formatted.lower()}") == 200
    wrong = formatted[:-1] + ("0" if formatted[-1] != "0" else "1")
    assert http_status(f"{base_url}/forum/tickets/{wrong}") == 404

    # Back to the programme: each chosen session has one seat less.
    back = [a for a in driver.find_elements(By.CSS_SELECTOR, f"main a[href='/forum/stops/{stop}']")
            if a.text.strip() == texts["forum.add_sessions"]]
    assert len(back) == 1
    back[0].click()
    assert path_of(driver) == f"/forum/stops/{stop}"
    for c in chosen:
        assert card(driver, c["id"])["left"] == c["left"] - 1, card(driver, c["id"])

    # Later, the plenary too, her number and name typed another way: the same ticket, now three seats.
    plenary = next(c for c in session_cards(driver) if f" · {texts['forum.kind.plenary']}" in c["line"])
    choose_sessions(driver, [plenary["id"]], lang)
    if lang == "ar":
        again = dict(person, typed=person["typed"].translate(WESTERN_TO_ARABIC))
    else:
        again = dict(person, typed="+212 " + person["typed"][1:], last=person["last"].upper())
    fill_registration(driver, again)
    before = sink.count()
    submit(driver, "form#register")
    assert ticket_code(driver, lang) == code
    assert sorted(s["title"] for s in ticket_seats(driver)) == sorted([c["title"] for c in chosen] + [plenary["title"]])
    assert all(s["status"] == "confirmed" for s in ticket_seats(driver))
    sms = sms_for(sink, person, "forum_registered", before)
    assert sms["data"]["code"] == formatted and plenary["title"] in sms["body"], sms


def test_form_errors_keep_what_was_typed(driver, base_url, lang):
    """A wrong number and no session: refused (422), every problem said at once, the names kept; then corrected."""
    texts = TEXTS[lang]
    person = new_person(lang)
    set_lang(driver, base_url, lang, "/forum")
    stop = open_stop(driver, "Marrakech")
    session = session_cards(driver)[0]
    fill_registration(driver, dict(person, typed="06 61 23"), consent=False)
    submit(driver, "form#register")
    assert_lang(driver, lang)
    assert path_of(driver) == f"/forum/stops/{stop}/register"
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=alert]")
    assert text_of(driver, "form#register p.field-error#sessions-error") == texts["forum.choose_session"]
    assert text_of(driver, "form#register p.field-error#f-phone-error") == texts["phone.wrong_length"]
    assert text_of(driver, "form#register p.field-error#f-consent-error") == texts["forum.consent_required"]
    form = driver.find_element(By.CSS_SELECTOR, "form#register")
    phone = form.find_element(By.NAME, "phone")
    assert phone.get_attribute("aria-invalid") == "true"
    assert "f-phone-error" in (phone.get_attribute("aria-describedby") or "").split()
    assert phone.get_attribute("value") == "06 61 23"
    assert form.find_element(By.NAME, "first_name").get_attribute("value") == person["first"]
    assert form.find_element(By.NAME, "last_name").get_attribute("value") == person["last"]
    assert Select(form.find_element(By.NAME, "gender")).first_selected_option.get_attribute("value") == "f"
    assert card(driver, session["id"])["seats"] == session["seats"]
    status, _ = post_registration(base_url, stop, dict(person, typed="06 61 23"), [])
    assert status == 422

    # The number corrected and a session chosen, but still no consent: only that is refused; the choice stays.
    fill(form, "phone", person["typed"])
    choose_sessions(driver, [session["id"]], lang)
    submit(driver, "form#register")
    assert [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")] == ["f-consent-error"]
    assert driver.find_element(By.ID, f"f-session_{session['id']}").is_selected()
    assert card(driver, session["id"])["seats"] == session["seats"], "a refused registration holds no seat"

    tick(driver.find_element(By.CSS_SELECTOR, "form#register"), "input#f-consent")
    submit(driver, "form#register")
    ticket_code(driver, lang)
    assert [s["title"] for s in ticket_seats(driver)] == [session["title"]]


# --- the waiting list ------------------------------------------------------------------------------------------------

def test_waiting_list_passes_a_given_up_seat_on(driver, base_url, sink):
    """The one-to-one advice (8 seats) filled up: the next person waits; a seat given up is offered to her, she takes
    it. A seat given up twice (from a page opened before) is refused with the ticket as it now stands (409)."""
    set_lang(driver, base_url, "fr", "/forum")
    stop = open_stop(driver, "Béni Mellal")
    advice = session_cards(driver)[-1]
    assert f" · {FR['forum.kind.advice']}" in advice["line"], advice
    assert not advice["full"] and advice["left"] >= 2, advice

    # Everyone else at once, through the form's address: exactly as many confirmed seats as the session has left.
    people = [new_person() for _ in range(advice["left"])]
    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        codes = [registered_code(r) for r in pool.map(lambda p: post_registration(base_url, stop, p, [advice["id"]]),
                                                       people)]
    assert len(set(codes)) == len(people)
    for code in codes:
        _, page = fetch(f"{base_url}/forum/tickets/{code}")
        assert re.findall(r'data-status="(\w+)"', page) == ["confirmed"], code
    driver.refresh()
    full = card(driver, advice["id"])
    assert full["full"] and full["seats"] == say(FR, "forum.full", count="0"), full

    # The next one waits.
    late = new_person()
    choose_sessions(driver, [advice["id"]], "fr")
    fill_registration(driver, late)
    before = sink.count()
    submit(driver, "form#register")
    late_code = ticket_code(driver, "fr")
    assert_seat(seat_of(driver, advice["title"]), "waiting", "fr")
    late_ticket = driver.current_url
    sms = sms_for(sink, late, "forum_registered_waiting", before)
    assert sms["data"]["code"] == f"{late_code[:4]}-{late_code[4:8]}-{late_code[8]}" and sms["data"]["code"] in sms["body"]
    assert advice["title"] in sms["data"]["waiting"], sms
    driver.get(f"{base_url}/forum/stops/{stop}")
    assert card(driver, advice["id"])["seats"] == say(FR, "forum.full", count="1")

    # One of the first gives her seat up from her ticket.
    driver.get(f"{base_url}/forum/tickets/{codes[0]}")
    seat = seat_of(driver, advice["title"])
    assert_seat(seat, "confirmed", "fr")
    before = sink.count()
    submit(driver, f"form[action='{seat['actions']['cancel']}']")
    assert path_of(driver) == f"/forum/tickets/{codes[0]}"
    assert_seat(seat_of(driver, advice["title"]), "cancelled", "fr")
    assert sms_for(sink, people[0], "forum_seat_cancelled", before)["data"]["session"] == advice["title"]

    # The seat is offered to the one waiting, for the stop's 24 hours; she takes it.
    offer = sms_for(sink, late, "forum_offer", before)
    assert offer["data"]["hours"] == "24" and urlparse(offer["data"]["url"]).path == f"/forum/tickets/{late_code}"
    driver.get(late_ticket)
    seat = seat_of(driver, advice["title"])
    assert_seat(seat, "offered", "fr")
    assert FR["forum.offer_until"].split("{")[0].strip() in seat["text"], seat
    assert_accessible(driver)
    driver.get(f"{base_url}/forum/stops/{stop}")
    assert card(driver, advice["id"])["seats"] == say(FR, "forum.full", count="0"), "the offered seat is held for her"
    driver.get(late_ticket)
    before = sink.count()
    submit(driver, f"form[action='{seat['actions']['confirm']}']")
    assert path_of(driver) == f"/forum/tickets/{late_code}"
    assert_seat(seat_of(driver, advice["title"]), "confirmed", "fr")
    sms_for(sink, late, "forum_offer_confirmed", before)

    # Another one opened her ticket on her phone, then gave the seat up from another one: the old page's button is
    # refused with a notice and the ticket as it stands. Nobody waits now, so the seat is free again.
    driver.get(f"{base_url}/forum/tickets/{codes[1]}")
    cancel = seat_of(driver, advice["title"])["actions"]["cancel"]
    assert post_form(base_url, cancel, {}) == (303, f"/forum/tickets/{codes[1]}")
    submit(driver, f"form[action='{cancel}']")
    assert text_of(driver, "main [role=status]") == FR["forum.too_late"]
    assert_seat(seat_of(driver, advice["title"]), "cancelled", "fr")
    assert post_form(base_url, cancel, {})[0] == 409
    driver.get(f"{base_url}/forum/stops/{stop}")
    assert card(driver, advice["id"])["seats"] == say(FR, "forum.seats_left", count="1")


# --- the calendar ----------------------------------------------------------------------------------------------------

def calendar_of(driver, base_url):
    """The stop's calendar as served to the browser's session (language included): headers and unfolded lines."""
    href = driver.find_element(By.CSS_SELECTOR, "a#calendar").get_attribute("href")
    assert urlparse(href).path == path_of(driver) + "/calendar.ics"
    headers, body = fetch(href, cookies_of(driver))
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", ""), "lines end with CRLF"
    return headers, body.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines):
    found, event = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            found.append(event)
            event = None
        elif event is not None:
            name, _, value = line.partition(":")
            event[name] = value.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    return found


def test_calendar_lists_the_stops_sessions(driver, base_url, lang):
    set_lang(driver, base_url, lang, "/forum")
    for city in CITIES:
        driver.get(base_url + "/forum")
        open_stop(driver, city)
        assert text_of(driver, "a#calendar") == TEXTS[lang]["forum.calendar"]
        cards = session_cards(driver)
        headers, lines = calendar_of(driver, base_url)
        assert headers.get_content_type() == "text/calendar"
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", lines
        assert sum(line == "BEGIN:VEVENT" for line in lines) == len(cards) == len(events(lines))
        found = events(lines)
        assert [e["SUMMARY"] for e in found] == [c["title"] for c in cards]
        starts = [datetime.fromisoformat(c["start"]).strftime("%Y%m%dT%H%M%SZ") for c in cards]
        assert [e["DTSTART"] for e in found] == starts
        assert all(e["LOCATION"].endswith(city) for e in found), found
        assert all(urlparse(e["URL"]).path == path_of(driver) for e in found), found


def test_calendar_events_fall_on_the_announced_day(driver, base_url):
    """The date a stop announces (its list entry, its page) is the day its sessions take place in Morocco."""
    set_lang(driver, base_url, "fr", "/forum")
    for city in CITIES:
        driver.get(base_url + "/forum")
        listed = next(li for li in driver.find_elements(By.CSS_SELECTOR, "ol#stops > li")
                      if li.find_element(By.TAG_NAME, "strong").text.strip() == city)
        listed_date = listed.find_element(By.TAG_NAME, "p").text.split(" · ")[0].strip()
        open_stop(driver, city)
        heading = text_of(driver, "h1")
        announced = heading.split(" · ", 1)[1]
        assert announced == listed_date
        day, year = int(digits_of(announced.split()[0])), int(digits_of(announced.split()[-1]))
        for event in events(calendar_of(driver, base_url)[1]):
            local = datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).astimezone(MOROCCO)
            assert (local.day, local.year) == (day, year), \
                f"{heading} announces {announced}, but «{event['SUMMARY']}» starts {local:%Y-%m-%d %H:%M} in Morocco"


# --- accessibility ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def marrakech_ticket(base_url):
    """A ticket at Marrakech with one seat confirmed and one given up, registered without the browser."""
    _, page = fetch(base_url + "/forum")
    stop = re.search(r'href="/forum/stops/(\d+)"><strong>Marrakech<', page).group(1)
    _, page = fetch(f"{base_url}/forum/stops/{stop}")
    sessions = re.findall(r'id="session-(\d+)"', page)[:2]
    code = registered_code(post_registration(base_url, stop, new_person(), sessions))
    _, page = fetch(f"{base_url}/forum/tickets/{code}")
    cancel = re.findall(r'action="(/forum/tickets/[^"]+/cancel)"', page)[0]
    assert post_form(base_url, cancel, {})[0] == 303
    return f"/forum/tickets/{code}"


@pytest.mark.parametrize("page", ["index", "stop", "errors", "ticket"])
def test_accessible(request, driver, base_url, lang, page):
    if page == "ticket":
        set_lang(driver, base_url, lang, request.getfixturevalue("marrakech_ticket"))
        assert sorted(s["status"] for s in ticket_seats(driver)) == ["cancelled", "confirmed"]
    else:
        set_lang(driver, base_url, lang, "/forum")
        if page != "index":
            open_stop(driver, "Marrakech")
        if page == "errors":
            fill_registration(driver, dict(new_person(lang), typed="12"), consent=False)
            submit(driver, "form#register")
            assert len(driver.find_elements(By.CSS_SELECTOR, ".field-error")) == 3
    assert_lang(driver, lang)
    assert_accessible(driver)


# --- the map, speakers and partners ----------------------------------------------------------------------------------

ORGANISER = "organiser@demo.maillage.ma"
CAPITALS = json.loads((ROOT / "Sources/App/Resources/Reference/capitals.json").read_text(encoding="utf-8"))["capitals"]


def box(driver, element):
    """Where the element is drawn on screen: left, top, right, bottom in CSS pixels."""
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]", element)


def test_map_of_the_stops_on_a_phone(driver, base_url, lang):
    """Above the list, the stops as dots numbered like the list on a small map that fits a 360 px screen, with no
    name cut off and the capitals named in the page's language; tapping a dot opens that stop's agenda."""
    phone_screen(driver)
    set_lang(driver, base_url, lang, "/forum")
    assert_lang(driver, lang)
    assert scroll_width(driver) <= WIDTH + 1
    svg = driver.find_element(By.CSS_SELECTOR, "figure.forum-map svg#stops-map")
    assert driver.find_element(By.ID, "stops-map-title").get_attribute("textContent") == TEXTS[lang]["forum.map"]
    left, top, right, bottom = box(driver, svg)
    assert 0 <= left and right <= WIDTH, (left, right)
    for text in svg.find_elements(By.TAG_NAME, "text"):
        l, t, r, b = box(driver, text)
        assert left <= l and r <= right and top <= t and b <= bottom, (text.get_attribute("textContent"), l, r)

    # The country's outline from Tangier to Dakhla: the 12 regional capitals, those named in the page's language.
    assert len(svg.find_elements(By.CSS_SELECTOR, "circle.capital")) == len(CAPITALS) == 12
    names = [t.get_attribute("textContent") for t in svg.find_elements(By.CSS_SELECTOR, "text.capital")]
    assert next(c[lang] for c in CAPITALS if c["fr"] == "Dakhla") in names, names
    assert set(names) <= {c[lang] for c in CAPITALS}, names
    if lang == "ar":
        assert all(ARABIC.search(name) for name in names), names

    # One dot per stop, in the list's order, numbered 1, 2, 3… and named after its city.
    listed = [(a.get_attribute("pathname"), a.text.strip())
              for a in driver.find_elements(By.CSS_SELECTOR, "ol#stops > li.stop.card > a")]
    assert [city for _, city in listed[:3]] == CITIES
    dots = svg.find_elements(By.CSS_SELECTOR, "a.stop-dot")
    assert [(dot.get_dom_attribute("href"), dot.find_element(By.CSS_SELECTOR, "text.city").get_attribute("textContent"))
            for dot in dots] == listed
    assert [digits_of(dot.find_element(By.CSS_SELECTOR, "text:not(.city)").get_attribute("textContent"))
            for dot in dots] == [str(n) for n in range(1, len(listed) + 1)]

    # A tap on Marrakech's dot (its number sits on it) opens Marrakech's agenda.
    ActionChains(driver).move_to_element(dots[1].find_element(By.TAG_NAME, "circle")).click().perform()
    wait(driver).until(lambda d: path_of(d) == listed[1][0]
                       and d.execute_script("return document.readyState") == "complete")
    assert_lang(driver, lang)
    assert text_of(driver, "h1").startswith("Marrakech · ")


def test_speaker_and_partner_from_the_agenda(driver, base_url, lang):
    """On a phone, a session's speaker opens the speaker's page, which lists that session and leads back to it on the
    agenda; a partner present at the stop opens the partner's page, which lists the stop."""
    texts = TEXTS[lang]
    phone_screen(driver)
    set_lang(driver, base_url, lang, "/forum")
    stop = open_stop(driver, "Casablanca")
    session = driver.find_elements(By.CSS_SELECTOR, "ol#sessions > li.session.card")[1]
    session_id = session.get_attribute("id").removeprefix("session-")
    title = session.find_element(By.TAG_NAME, "h3").text.strip()
    link = session.find_element(By.CSS_SELECTOR, "p.speakers a[href^='/forum/speakers/']")
    name = link.text.strip()
    link.click()
    assert re.fullmatch(r"/forum/speakers/\d+", path_of(driver)), driver.current_url
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == name
    assert scroll_width(driver) <= WIDTH + 1
    anchor = f"/forum/stops/{stop}#session-{session_id}"
    back = [a for a in driver.find_elements(By.CSS_SELECTOR, "ol#speaker-sessions > li a")
            if a.get_attribute("pathname") + a.get_attribute("hash") == anchor]
    assert len(back) == 1, text_of(driver, "ol#speaker-sessions")
    assert back[0].text.strip() == title
    assert "Casablanca" in back[0].find_element(By.XPATH, "..").text

    # Back on the agenda, scrolled to that session.
    back[0].click()
    assert path_of(driver) + "#" + urlparse(driver.current_url).fragment == anchor
    assert abs(box(driver, driver.find_element(By.ID, f"session-{session_id}"))[1]) < 2

    partner = driver.find_elements(By.CSS_SELECTOR, "p#partners a[href^='/forum/partners/']")[0]
    name = partner.text.strip()
    partner.click()
    assert re.fullmatch(r"/forum/partners/\d+", path_of(driver)), driver.current_url
    assert_lang(driver, lang)
    assert text_of(driver, "h1") == name
    assert text_of(driver, "h2") == texts["forum.partner_stops"]
    assert scroll_width(driver) <= WIDTH + 1
    stops = [a for a in driver.find_elements(By.CSS_SELECTOR, "ol#partner-stops > li a")
             if a.get_attribute("pathname") == f"/forum/stops/{stop}"]
    assert [a.text.strip() for a in stops] == ["Casablanca"], text_of(driver, "ol#partner-stops")
    stops[0].click()
    assert path_of(driver) == f"/forum/stops/{stop}"


def test_partner_at_no_stop_has_no_page(base_url, session_cookies):
    """Of the partners an organiser can bring to a stop, those on some stop's agenda have a page, the others none."""
    _, page = fetch(base_url + "/organise", session_cookies(ORGANISER))
    partners = set(re.findall(r'name="partner_(\d+)"', page))
    present = set()
    for stop in re.findall(r'<li class="stop card"><a href="/forum/stops/(\d+)"', fetch(base_url + "/forum")[1]):
        present |= set(re.findall(r'href="/forum/partners/(\d+)"', fetch(f"{base_url}/forum/stops/{stop}")[1]))
    assert present and present < partners, (present, partners)
    assert {p: http_status(f"{base_url}/forum/partners/{p}") for p in partners} == \
        {p: 200 if p in present else 404 for p in partners}


def test_organiser_adds_a_speaker_with_bios(driver, base_url, as_user):
    """The organiser adds a speaker presented in French and in Arabic: the public page shows the presentation in the
    page's language, the French one where the Arabic is missing. What she typed shows as typed, never run as markup."""
    word = random_word(LATIN)
    # Markup in the name and bio: shown as typed if escaped, else the script sets window.pwned and the text differs.
    speakers = [{"name": f"<script>window.pwned = 1</script>Nour {word}", "organisation": f"Coopérative {word}",
                 "bio_fr": f"Formatrice en gestion <b>{word}</b>.",
                 "bio_ar": f"مكونة في التسيير {random_word(ARABIC_LETTERS)}"},
                {"name": f"Karim {word}", "organisation": "", "bio_fr": f"Comptable {word}.", "bio_ar": ""}]
    driver = as_user(ORGANISER, "fr", "/organise")
    for speaker in speakers:
        form = driver.find_element(By.CSS_SELECTOR, "form#speaker-new")
        for field, value in speaker.items():
            fill(form, field, value)
            assert form.find_element(By.ID, f"f-s-{field}").get_attribute("name") == field
        submit(driver, "form#speaker-new")
        assert not driver.find_elements(By.CSS_SELECTOR, ".field-error"), text_of(driver, "form#speaker-new")
        assert (path_of(driver), urlparse(driver.current_url).fragment) == ("/organise", "speakers")
        links = [a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "section#speakers li a")
                 if a.text.strip() == speaker["name"]]
        assert len(links) == 1 and re.fullmatch(r"/forum/speakers/\d+", links[0]), links
        speaker["path"] = links[0]

    for speaker in speakers:
        for lang in LANGS:
            set_lang(driver, base_url, lang, speaker["path"])
            assert_lang(driver, lang)
            assert text_of(driver, "h1") == speaker["name"]
            assert text_of(driver, "p#bio") == (speaker[f"bio_{lang}"] or speaker["bio_fr"])
            assert [p.text.strip() for p in driver.find_elements(By.CSS_SELECTOR, "h1 + p.muted")] == \
                [o for o in [speaker["organisation"]] if o]
            assert text_of(driver, "main p.muted:last-child") == TEXTS[lang]["forum.no_session"]
            assert driver.execute_script("return window.pwned") is None


def test_registration_form_filled_from_the_entrepreneurs_file(driver, base_url, sink):
    """An entrepreneur signed in with her file finds her names and number already in a stop's form, in either language,
    and registers by choosing a session; a visitor signed out finds the form empty. Spends one phone code."""
    phone = sign_in_new_entrepreneur(driver, base_url, sink, "fr")
    open_my_data(driver, base_url, "fr")
    person = self_register(driver, "fr")
    for lang in LANGS:
        set_lang(driver, base_url, lang, "/forum")
        stop = open_stop(driver, "Casablanca")
        form = driver.find_element(By.CSS_SELECTOR, "form#register")
        assert form.find_element(By.ID, "f-first_name").get_attribute("value") == person["first"]
        assert form.find_element(By.ID, "f-last_name").get_attribute("value") == person["last"]
        assert digits_of(form.find_element(By.ID, "f-phone").get_attribute("value"))[-9:] == phone[-9:]
        assert Select(form.find_element(By.ID, "f-gender")).first_selected_option.get_attribute("value") == "f"

    # Nothing to type but the choice and the consent: the ticket is hers, its text message on her phone, and the
    # plenary counts one seat less, said with the Arabic plural its number takes.
    plenary = driver.find_element(By.CSS_SELECTOR, "ol#sessions > li.session.card")
    session = plenary.get_attribute("id").removeprefix("session-")
    left = int(digits_of(text_of(plenary, "span.seats")))  # some 300 seats: a figure, not the words of 1 or 2
    choose_sessions(driver, [session], "ar")
    tick(driver.find_element(By.CSS_SELECTOR, "form#register"), "input#f-consent")
    before = sink.count()
    submit(driver, "form#register")
    ticket_code(driver, "ar")
    assert person["first"] in text_of(driver, "section.ticket")
    assert sms_for(sink, {"e164": phone}, "forum_registered", before)["locale"] == "ar"
    driver.get(f"{base_url}/forum/stops/{stop}")
    assert text_of(driver, f"li#session-{session} span.seats").translate(ARABIC_DIGITS) == \
        say(TEXTS["ar"], "forum.seats_left", count=str(left - 1))

    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(f"{base_url}/forum/stops/{stop}")
    form = driver.find_element(By.CSS_SELECTOR, "form#register")
    assert [form.find_element(By.ID, f"f-{name}").get_attribute("value")
            for name in ("first_name", "last_name", "phone")] == ["", "", ""]
    assert Select(form.find_element(By.ID, "f-gender")).first_selected_option.get_attribute("value") == "u"
