"""Stand-in for the SMS/WhatsApp/e-mail gateway: records what the server POSTs and checks its signature."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink:
    def __init__(self, secret: str):
        self.secret = secret.encode()
        self.messages = []
        self._lock = threading.Condition()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    payload = json.loads(raw)
                except ValueError:
                    payload = None
                sink._record({
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "raw": raw,
                    "json": payload,
                    "signature_ok": sink.signature_ok(self.headers, raw),
                })
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass  # keep pytest's output for failures

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/notify"

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def signature_ok(self, headers, raw: bytes) -> bool:
        timestamp = headers.get("X-Maillage-Timestamp", "")
        expected = "sha256=" + hmac.new(self.secret, timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, headers.get("X-Maillage-Signature", ""))

    def _record(self, message):
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def wait_for(self, to: str, template: str, after: int, timeout: float = 15):
        """The first message to `to` with `template` received after the first `after` messages.

        Takes a count rather than a time so a code sent by an earlier test is never mistaken for this one's.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for message in self.messages[after:]:
                    body = message["json"] or {}
                    if body.get("to") == to and body.get("template") == template:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(m["json"] or {}).get("to") for m in self.messages[after:]]
                    raise AssertionError(f"no {template} message to {to} within {timeout}s; got messages to {seen}")
                self._lock.wait(remaining)
