#!/usr/bin/python3
"""Writes the homeserver.yaml the NixOS module would write for an evaluated bundle, and the
command line its unit would run.

  synapse-config.py '{"evaluated": <eval json>, "options": <options.json>, "out": <dir>}'

The settings are the bundle's `services.matrix-synapse.settings` merged over the module's
declared defaults (options.json), nulls dropped as the module does (filterAttrsRecursive).
Two defaults NixOS computes from other options are computed here the same way:
media_store_path (stateVersion >= 22.05) and log_config, which on NixOS logs to the journal
and here to the unit's log file. homeserver.yaml is written as JSON, which is YAML.
"""
import json
import subprocess
import sys
from pathlib import Path

PREFIX = "services.matrix-synapse.settings."


def nix_literal(text):
    """A defaultText that is a plain Nix value (no reference to config), else None."""
    result = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", "--expr", text],
        capture_output=True, text=True, check=False,
    )
    return json.loads(result.stdout) if result.returncode == 0 else None


def declared_defaults(options, data_dir):
    defaults = {}
    for option in options:
        name = option["name"]
        if not name.startswith(PREFIX) or "*" in name or "<name>" in name:
            continue
        path = name[len(PREFIX):].split(".")
        # options.json's "default" of media_store_path is prose; the module's value follows dataDir.
        if path == ["media_store_path"]:
            value = f"{data_dir}/media_store"
        elif "default" in option:
            value = option["default"]
        elif isinstance(option.get("defaultText"), str) and not path == ["log_config"]:
            value = nix_literal(option["defaultText"])
            if value is None:
                continue
        else:
            continue
        node = defaults
        for part in path[:-1]:
            node = node.setdefault(part, {})
        if path[-1] not in node or not isinstance(node[path[-1]], dict):
            node[path[-1]] = value
    return defaults


def merged(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merged(base.get(key), value) if key in base else value
        return out
    return over


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return value


def main():
    args = json.loads(sys.argv[1])
    config = json.loads(Path(args["evaluated"]).read_text())["config"]
    synapse = config.get("services", {}).get("matrix-synapse", {})
    if not synapse.get("enable"):
        sys.exit("synapse-config: the bundle does not enable services.matrix-synapse")
    data_dir = synapse.get("dataDir", "/var/lib/matrix-synapse")
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    log_file = out / "log.yaml"
    settings = merged(declared_defaults(json.loads(Path(args["options"]).read_text()), data_dir), synapse.get("settings", {}))
    settings["log_config"] = str(log_file)
    settings = without_nulls(settings)
    log_file.write_text(json.dumps({
        "version": 1,
        "formatters": {"journal_fmt": {"format": "%(name)s: [%(request)s] %(message)s"}},
        "handlers": {"journal": {"class": "logging.StreamHandler", "formatter": "journal_fmt"}},
        "root": {"level": "INFO", "handlers": ["journal"]},
        "disable_existing_loggers": False,
    }, indent=1))
    (out / "homeserver.yaml").write_text(json.dumps(settings, indent=1, sort_keys=True))
    # The module's ExecStart: one --config-path per file, then --keys-directory.
    config_paths = [str(out / "homeserver.yaml")] + list(synapse.get("extraConfigFiles", []))
    argv = ["/usr/bin/synapse_homeserver"]
    for p in config_paths:
        argv += ["--config-path", p]
    argv += ["--keys-directory", data_dir]
    ports = sorted({l["port"] for l in settings.get("listeners", []) if l.get("port")})
    (out / "unit.json").write_text(json.dumps({"argv": argv, "dataDir": data_dir, "ports": ports, "configPaths": config_paths}, indent=1))


if __name__ == "__main__":
    main()
