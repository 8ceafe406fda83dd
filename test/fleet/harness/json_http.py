"""JSON over HTTP for the stand-in servers of the fleet tests: a quiet request handler that
reads a request's body and bearer token and answers with a JSON document.

Scripts import it from beside them: test/fleet/harness/host-up.sh installs it next to
standin-host.py on each fleet host; scripts under test/fleet/real/ add this folder to sys.path.
"""
import json
from http.server import BaseHTTPRequestHandler


class JsonHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body_text(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def body_json(self):
        return json.loads(self.body_text() or "{}")

    def bearer_token(self):
        return (self.headers.get("Authorization") or "").removeprefix("Bearer ")
