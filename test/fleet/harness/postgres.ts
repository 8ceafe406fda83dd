/**
 * A real PostgreSQL cluster (Debian's postgresql-15) inside one fleet host, on the socket
 * directory NixOS uses (/run/postgresql), so the pin step's pg_dump and a test's pg_restore
 * talk to a real server. It lives in the host's private /var/lib and /run and stops with the fleet.
 */
import type { Fleet } from "./fleet";

const BIN = "/usr/lib/postgresql/15/bin";

async function run(fleet: Fleet, host: string, command: string): Promise<string> {
    const result = await fleet.ssh(host, command);
    if (result.code !== 0) throw new Error(`${host}: ${command} failed: ${result.stderr}`);
    return result.stdout;
}

/** Starts the cluster on `host` and creates `database` with a table of `rows` rows. */
export async function startPostgres(fleet: Fleet, host: string, database: string, rows: number): Promise<void> {
    await run(
        fleet,
        host,
        [
            "set -e",
            "install -d -o postgres -g postgres -m 0775 /run/postgresql",
            "install -d -o postgres -g postgres -m 0700 /var/lib/pgtest",
            `runuser -u postgres -- ${BIN}/initdb -D /var/lib/pgtest/data --locale=C -E UTF8 -A peer >/dev/null`,
            `runuser -u postgres -- ${BIN}/pg_ctl -D /var/lib/pgtest/data -l /var/lib/pgtest/log -w -o "-c listen_addresses='' -k /run/postgresql" start </dev/null >/dev/null 2>&1`,
            `runuser -u postgres -- createdb ${database}`,
            `runuser -u postgres -- psql -q -d ${database} -c "CREATE TABLE events (id int PRIMARY KEY, body text); INSERT INTO events SELECT g, 'event ' || g FROM generate_series(1, ${rows}) g;"`,
        ].join("\n"),
    );
}

/** The single value a query returns. */
export async function sqlValue(fleet: Fleet, host: string, database: string, query: string): Promise<string> {
    return (await run(fleet, host, `runuser -u postgres -- psql -tA -d ${database} -c "${query}"`)).trim();
}

/** Restores a `pg_dump -Fc` file into a new database `into`. */
export async function restoreDump(fleet: Fleet, host: string, dump: string, into: string): Promise<void> {
    await run(fleet, host, `set -e\nrunuser -u postgres -- createdb ${into}\nrunuser -u postgres -- pg_restore --no-owner -d ${into} < ${dump}`);
}
