#!/usr/bin/python3
"""STAND-IN Conduit-family server (no Conduit, continuwuity or Tuwunel is packaged for these
machines): serves the client-API endpoints the bootstrap step uses and the admin-room
behaviour, keeping the registered appservices in a JSON file.

  standin-conduit.py '{"port": 6167, "serverName": "example.org", "registrationToken": "...",
                       "state": "/path.json", "flavour": "conduit", "journal": "/path"}'

Protocol facts it copies, from Conduit's APPSERVICES.md (as stored in girlbossceo/conduwuit):
- the first user registered on the server automatically joins `#admins:<server name>` (and is
  its admin);
- `@conduit:<server name>: register-appservice` followed by the registration YAML in a ```
  code block registers an appservice;
- `@conduit:<server name>: list-appservices` is answered `Appservices (N): <ids>`;
- `@conduit:<server name>: unregister-appservice <id>` removes one.
Registration with `registration_token` set is the m.login.registration_token stage of
user-interactive authentication (MSC3231, as Conduit's register endpoint implements it).

With "flavour" "continuwuity" or "tuwunel" (conduwuit's forks): the commands are
`!admin appservices register` (then the code block), `!admin appservices unregister <id>` and
`!admin appservices list`, answered by `@conduit:<server name>` with the same texts
(continuwuity src/admin/appservice/commands.rs; Tuwunel docs/appservices.md). continuwuity
starts in first-run mode while it has no user: it logs "... register an account on <server>
using the registration token <token> . Pick your own username and password!" (in bold green)
and takes only that one-time token until the first user exists; the configured token is
refused until then (src/service/firstrun/mod.rs, src/service/registration_tokens/mod.rs).
That log line goes to "journal", which the host's journalctl stand-in reads.
"""
import json
import re
import socket
import sys
import urllib.parse
import uuid
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "harness"))
from json_http import JsonHandler

ARGS = json.loads(sys.argv[1])
SERVER = ARGS["serverName"]
FLAVOUR = ARGS.get("flavour", "conduit")
BOT = f"@conduit:{SERVER}"
PREFIX = f"{BOT}: " if FLAVOUR == "conduit" else "!admin appservices "
COMMANDS = (
    {"list": "list-appservices", "register": "register-appservice", "unregister": "unregister-appservice"}
    if FLAVOUR == "conduit"
    else {"list": "list", "register": "register", "unregister": "unregister"}
)
FIRST_RUN_TOKEN = uuid.uuid4().hex[:16] if FLAVOUR == "continuwuity" else None
ADMIN_ROOM = f"!admins:{SERVER}"
users = {}  # user id -> password
tokens = {}  # token -> user id
members = {ADMIN_ROOM: {BOT: "join"}}
events = {ADMIN_ROOM: []}


def load():
    try:
        with open(ARGS["state"]) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"appservices": {}, "commands": []}


def save(state):
    with open(ARGS["state"], "w") as f:
        json.dump(state, f)


def add_event(room, sender, body):
    event_id = f"${uuid.uuid4().hex}"
    events[room].append({"event_id": event_id, "sender": sender, "type": "m.room.message", "content": {"msgtype": "m.text", "body": body}})
    return event_id


def admin_command(body):
    state = load()
    state["commands"].append(body)
    line, _, rest = body[len(PREFIX):].partition("\n")
    words = line.split()
    if words == [COMMANDS["list"]]:
        ids = sorted(state["appservices"])
        answer = f"Appservices ({len(ids)}): {', '.join(ids)}"
    elif words == [COMMANDS["register"]]:
        match = re.fullmatch(r"```\n(.*)\n```", rest, re.S)
        found = re.search(r"^id: *['\"]?([^'\"\n]+)", match.group(1), re.M) if match else None
        if not found:
            answer = "Expected code block in command body. Add --help for details."
        else:
            state["appservices"][found.group(1)] = match.group(1)
            answer = "Appservice registered with ID: " + found.group(1)
    elif len(words) == 2 and words[0] == COMMANDS["unregister"]:
        answer = "Appservice unregistered." if state["appservices"].pop(words[1], None) is not None else "Appservice does not exist."
    else:
        answer = "Unrecognized command"
    save(state)
    add_event(ADMIN_ROOM, BOT, answer)


class Handler(JsonHandler):
    def user(self):
        return tokens.get(self.bearer_token())

    def login_as(self, user):
        token = uuid.uuid4().hex
        tokens[token] = user
        return {"user_id": user, "access_token": token, "device_id": "STANDIN"}

    def handle_any(self):
        body = self.body_json()
        url = urllib.parse.urlsplit(self.path)
        path = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        route = "/".join(path[:4])
        if url.path == "/_matrix/client/versions":
            return self.answer(200, {"versions": ["v1.5"]})
        if route == "_matrix/client/v3/register":
            user = f"@{body.get('username')}:{SERVER}"
            if user in users:
                return self.answer(400, {"errcode": "M_USER_IN_USE", "error": "taken"})
            auth = body.get("auth") or {}
            flows = {"flows": [{"stages": ["m.login.registration_token"]}], "params": {}}
            if auth.get("type") != "m.login.registration_token":
                return self.answer(401, {**flows, "session": uuid.uuid4().hex})
            valid = FIRST_RUN_TOKEN if FIRST_RUN_TOKEN and not users else ARGS["registrationToken"]
            if auth.get("token") != valid:
                return self.answer(401, {**flows, "session": auth.get("session"), "errcode": "M_FORBIDDEN", "error": "Invalid registration token."})
            first = not users
            users[user] = body["password"]
            if first:
                members[ADMIN_ROOM][user] = "join"
            return self.answer(200, self.login_as(user))
        if route == "_matrix/client/v3/login":
            user = f"@{body['identifier']['user']}:{SERVER}"
            if users.get(user) != body.get("password"):
                return self.answer(403, {"errcode": "M_FORBIDDEN", "error": "bad login"})
            return self.answer(200, self.login_as(user))
        user = self.user()
        if user is None:
            return self.answer(401, {"errcode": "M_UNKNOWN_TOKEN", "error": "unknown token"})
        if route == "_matrix/client/v3/account":
            return self.answer(200, {"user_id": user})
        if route == "_matrix/client/v3/join":
            room = ADMIN_ROOM if path[4] in (f"#admins:{SERVER}", ADMIN_ROOM) else None
            if room is None or members[room].get(user) not in ("join", "invite"):
                return self.answer(403, {"errcode": "M_FORBIDDEN", "error": "not invited"})
            members[room][user] = "join"
            return self.answer(200, {"room_id": room})
        if route == "_matrix/client/v3/rooms" and path[4] == ADMIN_ROOM:
            if members[ADMIN_ROOM].get(user) != "join":
                return self.answer(403, {"errcode": "M_FORBIDDEN", "error": "not in the room"})
            what = path[5]
            if what == "state":
                membership = members[ADMIN_ROOM].get(path[7])
                return self.answer(200, {"membership": membership}) if membership else self.answer(404, {"errcode": "M_NOT_FOUND"})
            if what == "invite":
                members[ADMIN_ROOM].setdefault(body["user_id"], "invite")
                return self.answer(200, {})
            if what == "send":
                event_id = add_event(ADMIN_ROOM, user, body["body"])
                if body["body"].startswith(PREFIX):
                    admin_command(body["body"])
                return self.answer(200, {"event_id": event_id})
            if what == "messages":
                return self.answer(200, {"chunk": list(reversed(events[ADMIN_ROOM]))[:50]})
        return self.answer(404, {"errcode": "M_UNRECOGNIZED", "error": self.path})

    do_GET = do_PUT = do_POST = handle_any


class Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


if FIRST_RUN_TOKEN:
    with open(ARGS["journal"], "a") as journal:
        journal.write(
            "In order to use your new homeserver, you need to create its first user account.\n"
            f"Open your Matrix client of choice and register an account on \x1b[1;32m{SERVER}\x1b[0m using the "
            f"registration token \x1b[1;32m{FIRST_RUN_TOKEN}\x1b[0m . Pick your own username and password!\n"
        )
# The library configures every member of the family to listen on [::1].
Server(("::1", ARGS["port"]), Handler).serve_forever()
