#!/usr/bin/python3
"""STAND-IN services of a fleet test host, derived from a bundle's params.json.

  units <params.json>   the systemd units that configuration would run, one a line
  ports <params.json>   the loopback HTTP ports it would serve
  serve <generation>    a stand-in homeserver/nginx on those ports: /_matrix/client/versions,
                        /.well-known/matrix/{server,client} and Element's /config.json
"""
import json
import socket
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from json_http import JsonHandler

BRIDGE_UNITS = {
    "telegram": "mautrix-telegram.service",
    "whatsapp": "mautrix-whatsapp.service",
    "irc": "matrix-appservice-irc.service",
    "discord": "matrix-appservice-discord.service",
    "signal": "mautrix-signal.service",
    "mautrixDiscord": "mautrix-discord.service",
    "hookshot": "matrix-hookshot.service",
}


def load(path):
    try:
        return json.loads(Path(path).read_text() or "{}")
    except (OSError, ValueError):
        return {}


def homeserver_port(p):
    if p.get("synapse"):
        return p["synapse"].get("listenPort", 8008)
    if p.get("conduit"):
        return p["conduit"].get("port", 6167)
    if p.get("conduwuit"):
        return p["conduwuit"].get("port", 6167)
    return None


def serves_nginx(p):
    return bool((p.get("nginx") or {}).get("enable") or p.get("homeserverProxy") or p.get("wellKnown") or p.get("elements"))


def units(p):
    found = ["sshd.service"]
    if p.get("synapse"):
        found += ["matrix-synapse.service", "postgresql.service"]
    if p.get("conduit"):
        found.append("conduit.service")
    if p.get("conduwuit"):
        found.append(p["conduwuit"]["unit"] + ".service")
    if p.get("homeserverPrivateProxy"):
        found.append(p["homeserverPrivateProxy"]["unit"] + ".socket")
    if serves_nginx(p):
        found.append("nginx.service")
    if p.get("coturn"):
        found.append("coturn.service")
    for key, unit in BRIDGE_UNITS.items():
        if (p.get("bridges") or {}).get(key):
            found.append(unit)
    for meta in (p.get("bridges") or {}).get("meta") or []:
        found.append(f"mautrix-meta-{meta['network']}.service")
    if p.get("moderationBot"):
        found.append("draupnir.service")
    return found


def ports(p):
    found = [homeserver_port(p)] if homeserver_port(p) else []
    return found + ([80] if serves_nginx(p) else [])


def handler(p, broken):
    hs_port = homeserver_port(p)
    proxy = p.get("homeserverProxy") or {}
    well_known = p.get("wellKnown") or {}
    elements = {e.get("domain"): e for e in p.get("elements") or []}

    class Handler(JsonHandler):
        def do_GET(self):
            if broken:
                return self.answer(503, {"errcode": "M_UNKNOWN", "error": "stand-in told to break HTTP"})
            host = (self.headers.get("Host") or "").split(":")[0]
            port = self.server.server_address[1]
            if self.path == "/_matrix/client/versions" and hs_port and (port == hs_port or host == proxy.get("domain")):
                return self.answer(200, {"versions": ["v1.11", "v1.12"], "unstable_features": {}})
            if self.path.startswith("/.well-known/matrix/") and well_known and host == well_known.get("domain"):
                name = self.path.rsplit("/", 1)[1]
                docs = well_known.get("documents") or {}
                doc = docs.get(name, docs.get(f"matrix/{name}"))
                if doc is not None:
                    return self.answer(200, doc)
            if self.path == "/config.json" and host in elements:
                return self.answer(200, elements[host].get("config") or {})
            return self.answer(404, {"errcode": "M_NOT_FOUND", "error": f"stand-in has no {host}{self.path}"})

    return Handler


class Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def serve(gen):
    gen = Path(gen)
    params = next(iter(sorted(gen.glob("bundle/**/params.json"))), None)
    p = load(params) if params else {}
    broken = (gen / "http-broken").read_text().strip() == "true"
    # The generation's port list, less any port a real service took over (test/fleet/real).
    serving = [int(port) for port in (gen / "ports").read_text().split()]
    servers = [ThreadingHTTPServer(("127.0.0.1", port), handler(p, broken)) for port in serving]
    servers += [Server6(("::1", port), handler(p, broken)) for port in serving]
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    if servers:
        servers[0].serve_forever()


if __name__ == "__main__":
    cmd, arg = sys.argv[1], sys.argv[2]
    if cmd == "serve":
        serve(arg)
    else:
        print("\n".join(str(x) for x in (units if cmd == "units" else ports)(load(arg))))
