import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Synapse workers: shapes, placement, single-writer streams, the port range. */
export const WORKER_FIELD_CASES: readonly BadInput[] = [
    {
        name: "workers on Conduit",
        input: variant((s) => {
            s.homeservers[0].implementation = "conduit";
            s.homeservers[0].workers = "small";
            s.bridges = [];
        }),
        message: "homeservers[0].workers: Conduit has no workers: they need implementation 'synapse'",
    },
    {
        name: "workers on Tuwunel",
        input: variant((s) => {
            s.homeservers[0].implementation = "tuwunel";
            s.homeservers[0].workers = [{ type: "client-reader", count: 1 }];
            s.bridges = [];
        }),
        message: "homeservers[0].workers: Tuwunel has no workers: they need implementation 'synapse'",
    },
    {
        name: "workers preset unknown",
        input: variant((s) => (s.homeservers[0].workers = "medium")),
        message: "homeservers[0].workers: must be a preset ('none', 'small', 'federation-heavy', 'large-rooms') or a list of { type, count, host }",
    },
    {
        name: "worker type unknown",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "synchrotron" }])),
        message: /^homeservers\[0\]\.workers\[0\]\.type: must be one of 'client-reader', 'sync', /,
    },
    {
        name: "worker count zero",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "sync", count: 0 }])),
        message: "homeservers[0].workers[0].count: must be at least 1",
    },
    {
        name: "worker group unknown key",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "sync", instances: 2 }])),
        message: "homeservers[0].workers[0].instances: is not a known field",
    },
    {
        name: "two writers of the typing stream",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "typing-writer" }, { type: "typing-writer", host: "edge" }])),
        message: "homeservers[0].workers[1].type: the typing stream takes one writer (also entry 0)",
    },
    {
        name: "two presence writers by count",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "presence-writer", count: 2 }])),
        message: "homeservers[0].workers[0].count: must be 1: the presence stream takes one writer",
    },
    {
        name: "two background task workers",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "background-tasks", count: 2 }])),
        message: "homeservers[0].workers[0].count: must be 1: run_background_tasks_on names one worker",
    },
    {
        name: "media worker away from the media store",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "media-repository", host: "edge" }])),
        message: "homeservers[0].workers[0].host: media-repository workers must run on the homeserver's host 'main', where the media store is",
    },
    {
        name: "worker host not in the stack",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "sync", host: "worker1" }])),
        message: "homeservers[0].workers[0].host: no host named 'worker1' is declared (declared: 'main', 'edge')",
    },
    {
        name: "more workers than the worker port range",
        input: variant((s) => (s.homeservers[0].workers = [{ type: "sync", count: 40 }, { type: "client-reader", count: 30 }])),
        message: "homeservers[0].workers: 70 workers do not fit the 64 ports 8101-8164 a homeserver's workers get",
    },
    {
        name: "bridge port inside a worker host's worker range",
        input: variant((s) => {
            s.homeservers[0].workers = [{ type: "sync", host: "edge" }];
            s.bridges[1].port = 8110;
        }),
        message: "bridges[1].port: 8110/tcp overlaps homeservers[0].workers 8101-8164/tcp (Synapse worker listeners) on host 'edge'",
    },
    {
        name: "existing worker host without a private interface, the mesh off",
        input: variant((s) => {
            s.mesh = false;
            s.homeservers[0].workers = [{ type: "sync", host: "edge" }];
            s.bridges = s.bridges.filter((b: { host: string }) => b.host === "main");
            delete s.hosts[1].privateInterface;
        }),
        message:
            "hosts[1].privateInterface: is required: this host runs workers of homeserver 'hs', reached from another host, and mesh is false; " +
            "give this host's network interface on your private network, e.g. eth1, or turn the mesh on",
    },
];
