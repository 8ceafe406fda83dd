#!/usr/bin/python3
"""A Matrix client for replication-check.sh: registers a user on the main process, sends a
message there, and reads it back from each sync worker's /sync; reports as JSON.

  replication-client.py '{"workers": [{"name", "port", "type"}]}'
"""
import hashlib
import hmac
import json
import sys
import time
import urllib.request

MAIN = "http://127.0.0.1:8008"


def request(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read())


def register(secret, user, password):
    nonce = request("GET", f"{MAIN}/_synapse/admin/v1/register")["nonce"]
    mac = hmac.new(secret.encode(), b"\x00".join([nonce.encode(), user.encode(), password.encode(), b"notadmin"]), hashlib.sha1)
    body = {"nonce": nonce, "username": user, "password": password, "admin": False, "mac": mac.hexdigest()}
    return request("POST", f"{MAIN}/_synapse/admin/v1/register", body)["access_token"]


def main():
    args = json.loads(sys.argv[1])
    secret = json.load(open("/mnt/secrets.json"))["registration_shared_secret"]
    token = register(secret, "alice", "alice-password-0")
    out = {"workers": {}}
    for worker in args["workers"]:
        health = urllib.request.urlopen(f"http://127.0.0.1:{worker['port']}/health", timeout=5).read().decode()
        out["workers"][worker["name"]] = health
    room = request("POST", f"{MAIN}/_matrix/client/v3/createRoom", {}, token)["room_id"]
    syncs = [w for w in args["workers"] if w["type"] == "sync"]
    since = {w["name"]: request("GET", f"http://127.0.0.1:{w['port']}/_matrix/client/v3/sync?timeout=0", token=token)["next_batch"] for w in syncs}
    sent = request("PUT", f"{MAIN}/_matrix/client/v3/rooms/{room}/send/m.room.message/t1", {"msgtype": "m.text", "body": "over replication"}, token)
    out["sentEventId"] = sent["event_id"]
    out["seenBySync"] = {}
    for w in syncs:
        started = time.monotonic()
        seen = False
        while time.monotonic() - started < 20 and not seen:
            answer = request("GET", f"http://127.0.0.1:{w['port']}/_matrix/client/v3/sync?timeout=5000&since={since[w['name']]}", token=token)
            since[w["name"]] = answer["next_batch"]
            events = answer.get("rooms", {}).get("join", {}).get(room, {}).get("timeline", {}).get("events", [])
            seen = any(e.get("event_id") == sent["event_id"] for e in events)
        out["seenBySync"][w["name"]] = seen
    print(json.dumps(out))


main()
