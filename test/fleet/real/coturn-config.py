#!/usr/bin/python3
"""Writes the turnserver.conf the NixOS coturn module would write for an evaluated bundle.

  coturn-config.py '{"evaluated": <eval json>, "options": <options.json>, "out": <dir>}'

The module's options (the bundle's over options.json's defaults) go through the module's own
template, line for line; `static-auth-secret-file` becomes the `#static-auth-secret#`
placeholder that the unit's preStart replaces with the file's content. On NixOS coturn logs
to syslog; here the unit's command line sends the log to the unit's log file.
"""
import json
import sys
from pathlib import Path

PREFIX = "services.coturn."


def options_with_defaults(options, defined):
    cfg = {}
    for option in options:
        name = option["name"]
        if name.startswith(PREFIX) and "default" in option and "." not in name[len(PREFIX):]:
            cfg[name[len(PREFIX):]] = option["default"]
    cfg.update(defined)
    cfg.setdefault("alt-listening-port", cfg["listening-port"] + 1)
    cfg.setdefault("alt-tls-listening-port", cfg["tls-listening-port"] + 1)
    return cfg


def flag(cfg, name):
    return name if cfg.get(name) else ""


def render(cfg):
    lines = [
        f"listening-port={cfg['listening-port']}",
        f"tls-listening-port={cfg['tls-listening-port']}",
        f"alt-listening-port={cfg['alt-listening-port']}",
        f"alt-tls-listening-port={cfg['alt-tls-listening-port']}",
        "\n".join(f"listening-ip={ip}" for ip in cfg["listening-ips"]),
        "\n".join(f"relay-ip={ip}" for ip in cfg["relay-ips"]),
        f"min-port={cfg['min-port']}",
        f"max-port={cfg['max-port']}",
        flag(cfg, "lt-cred-mech"),
        flag(cfg, "no-auth"),
        flag(cfg, "use-auth-secret"),
        f"static-auth-secret={cfg['static-auth-secret']}" if cfg.get("static-auth-secret") is not None else "",
        "static-auth-secret=#static-auth-secret#" if cfg.get("static-auth-secret-file") is not None else "",
        f"realm={cfg['realm']}",
        flag(cfg, "no-udp"),
        flag(cfg, "no-tcp"),
        flag(cfg, "no-tls"),
        flag(cfg, "no-dtls"),
        flag(cfg, "no-udp-relay"),
        flag(cfg, "no-tcp-relay"),
        f"cert={cfg['cert']}" if cfg.get("cert") is not None else "",
        f"pkey={cfg['pkey']}" if cfg.get("pkey") is not None else "",
        f"dh-file={cfg['dh-file']}" if cfg.get("dh-file") is not None else "",
        "no-stdout-log",
        "syslog",
        "pidfile=/run/turnserver/turnserver.pid",
        flag(cfg, "secure-stun"),
        flag(cfg, "no-cli"),
        f"cli-ip={cfg['cli-ip']}",
        f"cli-port={cfg['cli-port']}",
        f"cli-password={cfg['cli-password']}" if cfg.get("cli-password") is not None else "",
        cfg["extraConfig"],
    ]
    return "\n".join(lines) + "\n"


def main():
    args = json.loads(sys.argv[1])
    config = json.loads(Path(args["evaluated"]).read_text())["config"]
    defined = config.get("services", {}).get("coturn", {})
    if not defined.get("enable"):
        sys.exit("coturn-config: the bundle does not enable services.coturn")
    cfg = options_with_defaults(json.loads(Path(args["options"]).read_text()), defined)
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "turnserver.conf").write_text(render(cfg))
    (out / "unit.json").write_text(json.dumps({
        "secretFile": cfg.get("static-auth-secret-file"),
        "ports": [cfg["listening-port"]],
    }, indent=1))


if __name__ == "__main__":
    main()
