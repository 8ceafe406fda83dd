// needs: root
/**
 * The test-only txredisapi stand-in (test/fleet/real/txredisapi) against Debian's Redis with a
 * password, run by the sid root's Python and Twisted beside Synapse: Synapse's dependency
 * check accepts it, calls made before the connection wait for it, AUTH on connect, PUBLISH
 * reaches a SubscriberProtocol as str, SET with PX and GET (numbers as ints), PING, and a
 * wrong password gets no connection. Redis is real; only the client library stands in.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sidRoot } from "./real/sid-root";

const REAL = path.join(__dirname, "real");

describe("txredisapi stand-in on real Redis", () => {
    let dir: string;
    let result: Record<string, unknown>;

    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), "txredisapi-"));
        cpSync(path.join(REAL, "txredisapi"), path.join(dir, "txredisapi"), { recursive: true });
        cpSync(path.join(REAL, "txredisapi-check.py"), path.join(dir, "txredisapi-check.py"));
        const args = { sidRoot: sidRoot(), workDir: dir, port: 6390, password: "standin0password0for0tests" };
        const out = execFileSync("unshare", ["-m", "-n", "--propagation", "private", "bash", path.join(REAL, "txredisapi-check.sh"), JSON.stringify(args)], {
            encoding: "utf8",
            timeout: 120_000,
        });
        const parsed = JSON.parse(out.trim().split("\n").pop()!) as { value?: Record<string, unknown>; error?: string };
        if (parsed.error) throw new Error(parsed.error);
        result = parsed.value!;
    }, 15 * 60_000);

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("passes Synapse's check_requirements('redis')", () => expect(result.requirements).toBe("ok"));
    it("makes a call issued before the connection wait for it", () => expect(result.pingBeforeConnect).toBe("PONG"));
    it("delivers a published message to the subscriber as str", () => {
        expect(result.subscribers).toBe(1);
        expect(result.received).toEqual([["str", "example.org", "POSITION events master 1 2"]]);
    });
    it("sets with an expiry and gets back text, and numbers as ints", () => {
        expect(result.set).toBe("OK");
        expect(result.get).toBe('{"a": 1}');
        expect(result.ttlSet).toBe(true);
        expect(result.getNumber).toBe(42);
    });
    it("authenticates: a wrong password gets no connection", () => expect(result.wrongPasswordConnections).toBe(0));
});
