#!/usr/bin/python3
"""Writes, for an evaluated bundle, the units the NixOS modules would add for Synapse's
workers: each `services.redis.servers.<name>` and each `services.matrix-synapse.workers.<name>`
(whose unit is enabled), as real-services.sh runs them: one directory per unit under `out`
with argv.json, probe.json and the files its command reads.

  worker-units.py '{"evaluated", "synapseConfig": <dir of synapse-config.py's output>,
                    "realDir", "sidRoot", "runDir", "out"}'

A worker reads what nixpkgs gives it: homeserver.yaml, its own worker config (worker_app,
worker_name, worker_listeners, worker_log_config), then the extra config files.
"""
import json
import shutil
import sys
from pathlib import Path


def main():
    args = json.loads(sys.argv[1])
    config = json.loads(Path(args["evaluated"]).read_text())["config"]
    units = config.get("systemd", {}).get("services", {})
    out = Path(args["out"])
    real = args["realDir"]
    for name, server in sorted(config.get("services", {}).get("redis", {}).get("servers", {}).items()):
        if not server.get("enable"):
            continue
        unit = out / f"redis-{name}.service"
        unit.mkdir(parents=True)
        spec = {"name": name, "port": server["port"], "bind": server["bind"], "passwordFile": server["requirePassFile"]}
        (unit / "argv.json").write_text(json.dumps(["bash", f"{real}/redis-run.sh", json.dumps(spec)]))
        (unit / "probe.json").write_text(json.dumps({"tcp": server["port"]}))
    synapse = config.get("services", {}).get("matrix-synapse", {})
    if not synapse.get("enable"):
        return
    source = Path(args["synapseConfig"])
    base = json.loads((source / "unit.json").read_text())
    for name, worker in sorted(synapse.get("workers", {}).items()):
        unit_name = f"matrix-synapse-worker-{name}.service"
        if units.get(unit_name[: -len(".service")], {}).get("enable") is False:
            continue
        unit = out / unit_name
        final = Path(args["runDir"]) / unit_name / "config"
        unit.mkdir(parents=True)
        shutil.copy(source / "log.yaml", unit / "log.yaml")
        homeserver = json.loads((source / "homeserver.yaml").read_text())
        homeserver["log_config"] = str(final / "log.yaml")
        (unit / "homeserver.yaml").write_text(json.dumps(homeserver, indent=1, sort_keys=True))
        settings = {**worker, "worker_name": name, "worker_log_config": str(final / "log.yaml")}
        (unit / "worker.yaml").write_text(json.dumps(settings, indent=1, sort_keys=True))
        paths = [str(final / "homeserver.yaml"), str(final / "worker.yaml")] + base["configPaths"][1:]
        argv = ["/usr/bin/synapse_worker"]
        for p in paths:
            argv += ["--config-path", p]
        argv += ["--keys-directory", base["dataDir"]]
        run = {"sidRoot": args["sidRoot"], "user": "matrix-synapse", "dataDir": base["dataDir"], "argv": argv,
               "pythonPath": f"{real}/txredisapi"}
        (unit / "argv.json").write_text(json.dumps(["unshare", "-m", "--propagation", "private", "bash", f"{real}/synapse-run.sh", json.dumps(run)]))
        port = worker["worker_listeners"][0]["port"]
        (unit / "probe.json").write_text(json.dumps({"http": f"http://127.0.0.1:{port}/health"}))


if __name__ == "__main__":
    main()
