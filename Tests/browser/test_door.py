"""The forum's door: door staff check tickets on a phone, online and with the network gone.

How a ticket comes about: anyone registers on the stop's public page (/forum/stops/<id>, form#register, no account),
and the form's answer is the ticket page, /forum/tickets/<CODE>, with the code as printed (XXXX-XXXX-X) and its QR code.
Each ticket here is registered that way, in the browser, with a fresh number ("07 7x xx xx xx", a range no other test
uses) and a first name of its own, so each verdict names the ticket it is about. Tickets are for Casablanca, the stop
whose door the tests keep; one for Marrakech is the "wrong stop" one. Each registration takes a seat in the session
with the most seats left (Casablanca's 300-seat plenary), so the seat counts other tests check are not touched.

The door (door@demo.maillage.ma, door staff nationally): /door/stops/<id> answers each scan in p#verdict, green (`go`)
or red (`stop`) with data-verdict naming the reason. Its script keeps the stop's ticket list on the device
(localStorage), judges scans against it while the network is away, queues them and sends the queue back when the
network returns; a service worker keeps the page itself for a reload without network.

Waits, all explicit:
- the kept list: p#door-status shows "Liste de N billets à jour à …" once tickets.json has answered;
- a scan: the script answers asynchronously, so before each scan the test removes p#verdict's data-verdict and waits for
  the script to set it again (with the network it comes from /scan.json, without it at once from the kept list);
- the return of the network: the `online` event sends the queue; the test waits until p#door-status no longer counts
  scans to synchronise (the script also retries every 30 s; the waits allow 40 s so that retry would be seen too).

Offline is Chromium's network emulation (chromedriver's network conditions: navigator.onLine false, the `offline` and
`online` events, every request of the page fails). The emulation does not reach the service worker, whose own fetches
still get through (seen with Chromium 156): a reload "offline" then opens the page even with nothing cached, which
proves nothing. So the reload test also goes through a relay it can cut (`Relay`): the page is opened at the relay's
address, and cutting the relay refuses every connection, the worker's included, as a phone out of coverage would.

Two devices are two browsers: the shared one and a second Chromium with its own profile (so its own localStorage and
device name), both signed in as the same door staff.
"""

import re
import secrets
import socket
import struct
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import new_chromium, path_of, restore, set_lang, submit, wait
from test_accessibility import assert_accessible
from test_accompaniment import LATIN, digits_of, fill, random_word, text_of, tick
from test_mobile import WIDTH, phone_screen, scroll_width
from locales import FR, TEXTS, say

DOOR = "door@demo.maillage.ma"
HOME, ELSEWHERE = "Casablanca", "Marrakech"
TICKET_PATH = re.compile(r"/forum/tickets/([0-9A-Z]{9})")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32, as TicketCode
SYNC_WAIT = 40  # the `online` event sends the queue at once; the script's own retry comes every 30 s


def pattern(text, **values):
    """A locale text as a regular expression: the given placeholders filled in, the others (times, counts) any text."""
    parts = re.split(r"(\{\w+\})", text)
    return "".join(re.escape(values[p[1:-1]]) if p[1:-1] in values else ".+?" if p.startswith("{") else re.escape(p)
                   for p in parts)


# --- tickets ---------------------------------------------------------------------------------------------------------

def check_character(body):
    """TicketCode's check character (Luhn mod 32), to make a well-formed code nobody holds."""
    total = 0
    for position, character in enumerate(reversed(body)):
        addend = ALPHABET.index(character) * (2 if position % 2 == 0 else 1)
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def printed(code):
    return f"{code[:4]}-{code[4:8]}-{code[8]}"


def with_typo(code):
    """The code as printed with its first character mistyped: the check character catches every single substitution."""
    wrong = ALPHABET[(ALPHABET.index(code[0]) + 1) % 32]
    return printed(wrong + code[1:])


def first_name():
    return random_word(LATIN, 6).capitalize()


def stop_ids(driver, base_url):
    """City → stop id, from the public list of stops."""
    driver.get(base_url + "/forum")
    ids = {}
    for li in driver.find_elements(By.CSS_SELECTOR, "ol#stops > li.stop.card"):
        path = urlparse(li.find_element(By.TAG_NAME, "a").get_attribute("href")).path
        ids[li.find_element(By.TAG_NAME, "strong").text.strip()] = re.fullmatch(r"/forum/stops/(\d+)", path).group(1)
    assert {HOME, ELSEWHERE} <= ids.keys(), ids
    return ids


@pytest.fixture(scope="module")
def stops(chromium, base_url):
    return stop_ids(chromium, base_url)


def register_ticket(driver, base_url, stop, name):
    """Registers `name` on the stop's public form, in the session with the most seats left; returns the ticket's code
    and leaves the browser on the ticket page."""
    set_lang(driver, base_url, "fr", f"/forum/stops/{stop}")
    form = driver.find_element(By.CSS_SELECTOR, "form#register")
    open_sessions = [(int(digits_of(li.find_element(By.CSS_SELECTOR, "span.seats").text)),
                      li.get_attribute("id").removeprefix("session-"))
                     for li in form.find_elements(By.CSS_SELECTOR, "ol#sessions > li.session.card")
                     if li.find_elements(By.CSS_SELECTOR, "span.seats.ok")]
    assert open_sessions, "no session with seats left"
    session = max(open_sessions, key=lambda pair: pair[0])[1]
    tick(form, f"#f-session_{session}")
    digits = f"{secrets.randbelow(10**7):07d}"
    fill(form, "first_name", name)
    fill(form, "last_name", "Porte" + random_word(LATIN))
    fill(form, "phone", f"07 7{digits[0]} {digits[1:3]} {digits[3:5]} {digits[5:7]}")
    tick(form, "input#f-consent[name=consent]")
    submit(driver, "form#register")
    match = TICKET_PATH.fullmatch(path_of(driver))
    assert match, driver.current_url + "\n" + text_of(driver, "main")
    code = match.group(1)
    assert text_of(driver, "p#ticket-code") == printed(code)
    return code


# --- the door page ---------------------------------------------------------------------------------------------------

def open_door(driver, base_url, stop, lang="fr"):
    """The stop's door page, once the script has kept the ticket list (the status line says so)."""
    set_lang(driver, base_url, lang, f"/door/stops/{stop}")
    section = driver.find_element(By.CSS_SELECTOR, "section#door")
    assert section.get_attribute("data-stop") == str(stop)
    wait_for_list(driver, lang)
    return driver


def wait_for_list(driver, lang="fr"):
    listed = re.compile(pattern(TEXTS[lang]["door.list_ready"]))
    wait(driver).until(lambda d: listed.search(status(d)), "the ticket list was never kept")


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, "p#door-status").text


def pending(driver, lang="fr"):
    """How many scans wait to be sent, as the status line says; 0 when it says nothing of it."""
    match = re.search(pattern(TEXTS[lang]["door.pending"]).replace(".+?", r"(\d+)", 1), status(driver))
    return int(match.group(1)) if match else 0


def scan(driver, typed):
    """Types a code into the scan form as door staff would and returns the verdict once the script has given it."""
    verdict = driver.find_element(By.CSS_SELECTOR, "p#verdict")
    driver.execute_script("arguments[0].removeAttribute('data-verdict')", verdict)
    field = driver.find_element(By.CSS_SELECTOR, "form#scan-form input[name=code]")
    field.send_keys(typed)
    driver.find_element(By.CSS_SELECTOR, "form#scan-form [type=submit]").click()
    wait(driver).until(lambda d: verdict.get_attribute("data-verdict"), f"no verdict for {typed}")
    assert field.get_attribute("value") == "", "the field is emptied for the next ticket"
    return {"verdict": verdict.get_attribute("data-verdict"), "class": verdict.get_attribute("class").split(),
            "text": verdict.text.strip()}


def assert_verdict(answer, verdict, go, text=None, like=None):
    assert answer["verdict"] == verdict, answer
    assert answer["class"] == ["verdict", "go" if go else "stop"], answer
    if text is not None:
        assert answer["text"] == text, answer
    if like is not None:
        assert re.fullmatch(like, answer["text"]), (answer, like)


def device_of(driver):
    return driver.execute_script("return localStorage.getItem('door:device')")


def forget_door_state(driver, base_url, stop):
    """A clean slate on this browser for the stop: no kept list, no queue (another test may have left them)."""
    if not driver.current_url.startswith(base_url):
        driver.get(base_url + "/readyz")
    driver.execute_script("localStorage.removeItem(arguments[0])", f"door:{stop}")


def attendance(driver, base_url, stop):
    """The stop's figures as the attendance page shows them (read in French: plain digits)."""
    set_lang(driver, base_url, "fr", f"/door/stops/{stop}/attendance")
    return {name: int(digits_of(text_of(driver, f"dd#{name}"))) for name in ("registered", "admitted", "conflict-count")}


def go_offline(driver):
    driver.set_network_conditions(offline=True, latency=5, download_throughput=500 * 1024, upload_throughput=500 * 1024)
    wait(driver).until(lambda d: d.execute_script("return navigator.onLine") is False)


def go_online(driver):
    driver.delete_network_conditions()
    wait(driver).until(lambda d: d.execute_script("return navigator.onLine") is True)


def online_again(driver):
    """Leaves the browser with its network, whatever state a failed test left it in."""
    try:
        driver.delete_network_conditions()
    except WebDriverException:
        pass


def wait_synchronised(driver):
    WebDriverWait(driver, SYNC_WAIT).until(lambda d: pending(d) == 0, f"scans still queued: {status(driver)}")


@pytest.fixture
def door(driver, base_url, session_cookies):
    """The shared browser signed in as door staff, on a phone; network restored afterwards."""
    restore(driver, base_url, session_cookies(DOOR))
    phone_screen(driver)
    yield driver
    online_again(driver)


@pytest.fixture(scope="module")
def second_chromium():
    """Another phone at the same door: a Chromium of its own, so its own profile, localStorage and device name."""
    driver = new_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def second_door(second_chromium, base_url, session_cookies):
    restore(second_chromium, base_url, session_cookies(DOOR))
    phone_screen(second_chromium)
    yield second_chromium
    online_again(second_chromium)


class Relay:
    """A TCP relay to the server that can be cut: while cut it refuses every connection (reset at once) and has
    dropped the ones it had, so nothing from the browser reaches the server, service worker included."""

    def __init__(self, base_url):
        target = urlparse(base_url)
        self.target = (target.hostname, target.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.up = True
        self.lock = threading.Lock()
        self.sockets = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        self.up = False
        with self.lock:
            for end in self.sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()
            self.sockets.clear()

    def mend(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def relay(base_url):
    relay = Relay(base_url)
    yield relay
    relay.close()


# --- online ----------------------------------------------------------------------------------------------------------

def test_ticket_qr_code_reads_back_as_its_code(driver, base_url, stops):
    """The QR code on the ticket page, read by a real decoder (zbar), is the code without its dashes."""
    phone_screen(driver)
    code = register_ticket(driver, base_url, stops[HOME], first_name())
    image = driver.find_element(By.CSS_SELECTOR, "svg.qr").screenshot_as_png
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qr.png"
        path.write_bytes(image)
        read = subprocess.run(["/usr/bin/zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == code
    assert len(read.stdout.strip()) == 9


def test_door_online(door, base_url, stops):
    """Online, on a phone: a fresh ticket goes in with its holder's first name, then is refused as used; a typo, a code
    nobody holds and another stop's ticket are refused with their reasons."""
    stop = stops[HOME]
    name, other_name = first_name(), first_name()
    code = register_ticket(door, base_url, stop, name)
    elsewhere = register_ticket(door, base_url, stops[ELSEWHERE], other_name)
    forget_door_state(door, base_url, stop)
    before = attendance(door, base_url, stop)

    open_door(door, base_url, stop)
    assert scroll_width(door) <= WIDTH + 1
    device = device_of(door)
    assert device and re.fullmatch(r"[a-z0-9-]{1,40}", device), device
    assert door.find_element(By.CSS_SELECTOR, "form#scan-form input[name=device]").get_attribute("value") == device

    assert_verdict(scan(door, printed(code)), "admitted", True, text=say(FR, "door.verdict.admitted", name=name))
    assert_verdict(scan(door, printed(code)), "already_used", False,
                   like=pattern(FR["door.verdict.already_used"], device=device))
    assert_verdict(scan(door, with_typo(code)), "unreadable", False, text=FR["door.verdict.unreadable"])
    nobody = "".join(secrets.choice(ALPHABET) for _ in range(8))
    assert_verdict(scan(door, printed(nobody + check_character(nobody))), "unknown", False, text=FR["door.verdict.unknown"])
    assert_verdict(scan(door, printed(elsewhere)), "wrong_stop", False,
                   text=say(FR, "door.verdict.wrong_stop", city=ELSEWHERE))
    # As the server reads codes: lower case, no dashes.
    assert_verdict(scan(door, code.lower()), "already_used", False)
    assert pending(door) == 0

    after = attendance(door, base_url, stop)
    assert after["admitted"] == before["admitted"] + 1
    assert after["registered"] == before["registered"]
    assert after["conflict-count"] == before["conflict-count"]


# --- offline ---------------------------------------------------------------------------------------------------------

def test_door_offline_scans_are_queued_and_synchronised(door, base_url, stops):
    """The list kept while online; without network two tickets go in "(hors ligne)" and one of them again is refused;
    the scans wait in the queue, and back online they are sent and the server counts both admitted."""
    stop = stops[HOME]
    names = [first_name(), first_name()]
    codes = [register_ticket(door, base_url, stop, name) for name in names]
    forget_door_state(door, base_url, stop)
    before = attendance(door, base_url, stop)
    open_door(door, base_url, stop)

    go_offline(door)
    for name, code in zip(names, codes):
        assert_verdict(scan(door, printed(code)), "admitted", True, text=say(FR, "door.offline_admitted", name=name))
    assert_verdict(scan(door, printed(codes[0])), "already_used", False, text=FR["door.offline_used"])
    assert pending(door) == 2, status(door)

    go_online(door)
    wait_synchronised(door)
    assert not door.find_elements(By.CSS_SELECTOR, "ul#conflicts > li")
    after = attendance(door, base_url, stop)
    assert after["admitted"] == before["admitted"] + 2
    assert after["conflict-count"] == before["conflict-count"]

    # Once sent, the server knows them: scanned again online, they are refused as used.
    open_door(door, base_url, stop)
    assert_verdict(scan(door, printed(codes[1])), "already_used", False,
                   like=pattern(FR["door.verdict.already_used"], device=device_of(door)))


def test_door_reload_without_network_opens_the_kept_page(door, base_url, stops, relay):
    """The issue's proof on a fresh phone: door staff open the door from /door, the page keeps the list; the network
    goes; one ticket goes in; the page reloaded without network still opens, from the service worker, with its list
    and queue; another ticket goes in; back online both are sent and counted.

    The page is opened through the relay (a fresh origin: no service worker or cache from other tests), and "without
    network" is the relay cut as well as the emulation, since the emulation alone lets the worker's fetches through.
    """
    stop = stops[HOME]
    names = [first_name(), first_name()]
    codes = [register_ticket(door, base_url, stop, name) for name in names]
    before = attendance(door, base_url, stop)

    set_lang(door, base_url, "fr", "/door")
    door.get(relay.url + "/door")
    link = door.find_element(By.CSS_SELECTOR, f"ul#door-stops a[href='/door/stops/{stop}']")
    link.click()
    wait(door).until(lambda d: path_of(d) == f"/door/stops/{stop}")
    wait_for_list(door)
    # Staff are told when the page is kept on the phone; only then does it open without network.
    wait(door).until(lambda d: d.find_element(By.CSS_SELECTOR, "section#door").get_attribute("data-offline") == "ready",
                     "the page never says it is kept on the device")
    assert FR["door.kept_offline"] in door.find_element(By.ID, "door-status").text
    wait(door).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"), "no service worker")

    relay.cut()
    go_offline(door)
    assert_verdict(scan(door, printed(codes[0])), "admitted", True, text=say(FR, "door.offline_admitted", name=names[0]))

    door.refresh()
    opened = door.find_elements(By.CSS_SELECTOR, "section#door")
    assert opened, ("the door page does not open without network after one online visit: "
                    + door.execute_script("return document.title + ' | ' + document.body.innerText.slice(0, 300)"))
    assert opened[0].get_attribute("data-stop") == str(stop)
    wait_for_list(door)  # the script came from the cache too, and read the kept list
    assert pending(door) == 1, status(door)
    assert_verdict(scan(door, printed(codes[1])), "admitted", True, text=say(FR, "door.offline_admitted", name=names[1]))
    assert_verdict(scan(door, printed(codes[0])), "already_used", False, text=FR["door.offline_used"])
    assert pending(door) == 2, status(door)

    relay.mend()
    go_online(door)
    wait_synchronised(door)
    after = attendance(door, base_url, stop)
    assert after["admitted"] == before["admitted"] + 2


def test_two_devices_offline_admit_a_ticket_once(door, second_door, base_url, stops):
    """Two phones at the door, both without network, both let the same ticket in (each judges alone). Back online the
    server admits it once: the phone whose queue arrives second is told of the double scan, naming the first phone,
    and the attendance page counts one more admitted and one more double scan."""
    stop = stops[HOME]
    name = first_name()
    code = register_ticket(door, base_url, stop, name)
    before = attendance(door, base_url, stop)
    phones = [door, second_door]
    for phone in phones:
        forget_door_state(phone, base_url, stop)
        open_door(phone, base_url, stop)
    devices = [device_of(phone) for phone in phones]
    assert devices[0] != devices[1], devices

    for phone in phones:
        go_offline(phone)
    for phone in phones:
        assert_verdict(scan(phone, printed(code)), "admitted", True, text=say(FR, "door.offline_admitted", name=name))
        assert pending(phone) == 1, status(phone)

    for phone in phones:  # back together, neither waiting for the other
        go_online(phone)
    for phone in phones:
        wait_synchronised(phone)

    reported = [[li.get_attribute("data-code") for li in phone.find_elements(By.CSS_SELECTOR, "ul#conflicts > li")]
                for phone in phones]
    assert sorted(map(len, reported)) == [0, 1], reported
    second = 0 if reported[0] else 1
    assert reported[second] == [code]
    item = phones[second].find_element(By.CSS_SELECTOR, "ul#conflicts > li").text
    assert re.fullmatch(re.escape(code + ": ") + pattern(FR["door.verdict.conflict"], device=devices[1 - second]), item), item

    after = attendance(door, base_url, stop)
    assert after["admitted"] == before["admitted"] + 1
    assert after["conflict-count"] == before["conflict-count"] + 1
    assert after["conflict-count"] >= 1


# --- accessibility ---------------------------------------------------------------------------------------------------

def test_door_pages_accessible(door, base_url, stops, lang):
    """The door page empty, with a green answer and with a red one, and the attendance page, in French and Arabic."""
    stop = stops[HOME]
    code = register_ticket(door, base_url, stop, first_name())
    open_door(door, base_url, stop, lang)
    assert_accessible(door)
    assert_verdict(scan(door, printed(code)), "admitted", True)
    assert_accessible(door)
    assert_verdict(scan(door, printed(code)), "already_used", False)
    assert_accessible(door)
    set_lang(door, base_url, lang, f"/door/stops/{stop}/attendance")
    door.find_element(By.CSS_SELECTOR, "table#session-attendance")
    assert_accessible(door)
