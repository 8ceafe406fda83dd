#!/usr/bin/env python3
"""Routes requests through Debian's nginx to stand-in backends, inside the caller's own
network namespace (run under `unshare -n`), and reports which backend answered each path.

One JSON argument: {"dir": <work dir>, "nginxConfig": <text>, "listen": <nginx port>,
"backends": [<port>, ...], "host": <Host header>, "paths": [<path>, ...]}.
Prints {"<path>": <backend port or "nginx <status>">}.
"""
import http.client
import http.server
import json
import os
import subprocess
import sys
import threading
import time


def backend(port):
    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = str(port).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def wait_for(port):
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def main():
    args = json.loads(sys.argv[1])
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for port in args["backends"]:
        backend(port)
    conf = os.path.join(args["dir"], "nginx.conf")
    with open(conf, "w", encoding="utf8") as out:
        out.write(args["nginxConfig"])
    nginx = subprocess.Popen(["nginx", "-c", conf, "-e", os.path.join(args["dir"], "error.log"), "-g", "daemon off;"])
    try:
        wait_for(args["listen"])
        answers = {}
        for path in args["paths"]:
            connection = http.client.HTTPConnection("127.0.0.1", args["listen"], timeout=5)
            connection.request("GET", path, headers={"Host": args["host"], "Authorization": "Bearer syt_alice_abc_def"})
            response = connection.getresponse()
            body = response.read().decode()
            answers[path] = int(body) if response.status == 200 else f"nginx {response.status}"
        print(json.dumps(answers))
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


main()
