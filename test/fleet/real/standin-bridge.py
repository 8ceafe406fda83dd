#!/usr/bin/python3
"""STAND-IN appservice (no bridge is packaged in Debian): answers the homeserver on the port of
its registration's url and writes one JSON line per request to a log, with the address the
request came from (`peer`).

  standin-bridge.py '{"port": 29317, "hsToken": "...", "log": "/path"}'

Requests whose bearer token is not the registration's hs_token get 403 M_FORBIDDEN, as a
bridge answers them.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = json.loads(sys.argv[1])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        with open(ARGS["log"], "a") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "token": token, "body": body, "peer": self.client_address[0]}) + "\n")
        if token != ARGS["hsToken"]:
            return self.answer(403, {"errcode": "M_FORBIDDEN", "error": "bad hs_token"})
        return self.answer(200, {})

    do_GET = do_PUT = do_POST = handle_any


ThreadingHTTPServer(("0.0.0.0", ARGS["port"]), Handler).serve_forever()
