/**
 * What the verify step needs in front of the real services on a fleet host: certificates from
 * a local CA where ACME would leave them, and Debian's nginx serving the public names over TLS
 * (`.well-known`, Element's config.json, the APIs proxied to Synapse) as the bundle's nginx
 * would. Each `serve` option breaks one thing on purpose.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Fleet } from "../harness/fleet";

const NGINX_DIR = "/run/verify-nginx";
export const CA_PATH = "/run/verify-ca.pem";

async function ssh(fleet: Fleet, host: string, command: string, stdin?: string): Promise<string> {
    const result = await fleet.ssh(host, command, stdin === undefined ? {} : { stdin });
    if (result.code !== 0) throw new Error(`${host}: ${command}: ${result.stderr}`);
    return result.stdout;
}

/** Issues every name's certificate from one local CA (those in `expired` already expired) and installs them and the CA on `host`. */
export async function installCertificates(fleet: Fleet, host: string, names: readonly string[], expired: readonly string[] = []): Promise<void> {
    const out = path.join(fleet.dir, "local-ca");
    execFileSync("python3", [path.join(__dirname, "local-ca.py"), JSON.stringify({ out, names, expired })]);
    await ssh(fleet, host, `cat > ${CA_PATH}`, readFileSync(path.join(out, "ca.pem"), "utf8"));
    for (const name of names) {
        for (const file of ["full.pem", "key.pem"]) {
            const target = `/var/lib/acme/${name}/${file}`;
            await ssh(fleet, host, `mkdir -p /var/lib/acme/${name} && cat > ${target}.tmp && chmod 0644 ${target}.tmp && mv ${target}.tmp ${target}`, readFileSync(path.join(out, name, file), "utf8"));
        }
    }
}

export interface WebOptions {
    readonly serverName: string;
    readonly domain: string;
    readonly element: string;
    readonly synapse: string;
    /** Leave out `/.well-known/matrix/*`. */
    readonly withoutWellKnown?: boolean;
    /** Serve this JSON at `/_matrix/key/v2/server` instead of Synapse's key. */
    readonly keyOverride?: unknown;
}

function server(name: string, body: string): string {
    return `server { listen 443 ssl; server_name ${name}; ssl_certificate /var/lib/acme/${name}/full.pem; ssl_certificate_key /var/lib/acme/${name}/key.pem;\n${body}\n}`;
}

function json(location: string, value: unknown, cors = false): string {
    const header = cors ? `add_header Access-Control-Allow-Origin "*" always; ` : "";
    return `location = ${location} { default_type application/json; ${header}return 200 '${JSON.stringify(value)}'; }`;
}

export function nginxConfig(o: WebOptions): string {
    const base = `https://${o.domain}`;
    const wellKnown = o.withoutWellKnown
        ? ""
        : [json("/.well-known/matrix/server", { "m.server": `${o.domain}:443` }), json("/.well-known/matrix/client", { "m.homeserver": { base_url: base } }, true)].join("\n");
    const key = o.keyOverride === undefined ? "" : json("/_matrix/key/v2/server", o.keyOverride);
    return [
        `pid ${NGINX_DIR}/nginx.pid;`,
        `error_log ${NGINX_DIR}/error.log;`,
        "events {}",
        "http {",
        `access_log off; client_body_temp_path ${NGINX_DIR}/body; proxy_temp_path ${NGINX_DIR}/proxy;`,
        `fastcgi_temp_path ${NGINX_DIR}/fastcgi; uwsgi_temp_path ${NGINX_DIR}/uwsgi; scgi_temp_path ${NGINX_DIR}/scgi;`,
        server(o.serverName, wellKnown),
        server(o.domain, `${key}\nlocation / { proxy_pass ${o.synapse}; proxy_set_header Host $host; }`),
        server(o.element, json("/config.json", { default_server_config: { "m.homeserver": { base_url: base } } })),
        "}",
    ].join("\n");
}

/** Starts nginx on `host` with this configuration, or reloads it with a new one. */
export async function serveWeb(fleet: Fleet, host: string, options: WebOptions): Promise<void> {
    await ssh(fleet, host, `mkdir -p ${NGINX_DIR} && cat > ${NGINX_DIR}/nginx.conf.tmp && mv ${NGINX_DIR}/nginx.conf.tmp ${NGINX_DIR}/nginx.conf`, nginxConfig(options));
    const conf = `-c ${NGINX_DIR}/nginx.conf -e ${NGINX_DIR}/error.log`;
    await ssh(fleet, host, `if [ -s ${NGINX_DIR}/nginx.pid ] && kill -0 "$(cat ${NGINX_DIR}/nginx.pid)" 2>/dev/null; then nginx ${conf} -s reload; sleep 1; else nginx ${conf}; fi`);
}

export async function stopWeb(fleet: Fleet, host: string): Promise<void> {
    await fleet.ssh(host, `[ ! -s ${NGINX_DIR}/nginx.pid ] || nginx -c ${NGINX_DIR}/nginx.conf -e ${NGINX_DIR}/error.log -s stop; sleep 1`);
}
