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
from http.server import ThreadingHTTPServer
from pathlib import Path

# The JSON handler is shared with the fleet harness's stand-ins and lives beside them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "harness"))
from json_http import JsonHandler

ARGS = json.loads(sys.argv[1])


class Handler(JsonHandler):
    def handle_any(self):
        body = self.body_text()
        token = self.bearer_token()
        with open(ARGS["log"], "a") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "token": token, "body": body, "peer": self.client_address[0]}) + "\n")
        if token != ARGS["hsToken"]:
            return self.answer(403, {"errcode": "M_FORBIDDEN", "error": "bad hs_token"})
        return self.answer(200, {})

    do_GET = do_PUT = do_POST = handle_any


ThreadingHTTPServer(("0.0.0.0", ARGS["port"]), Handler).serve_forever()
