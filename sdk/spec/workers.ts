/**
 * Synapse workers: the roles a homeserver can split off its main process, the named presets,
 * and the `workers` field (a preset name or an explicit list of `{ type, count, host }`).
 * Roles follow Synapse's `docs/workers.md`.
 */
import { z } from "zod";
import { identifier } from "./common";

export const WORKER_TYPES = [
    "client-reader",
    "sync",
    "federation-reader",
    "federation-sender",
    "media-repository",
    "pusher",
    "appservice-sender",
    "event-persister",
    "typing-writer",
    "to-device-writer",
    "account-data-writer",
    "receipts-writer",
    "presence-writer",
    "push-rules-writer",
    "background-tasks",
] as const;

export type WorkerType = (typeof WORKER_TYPES)[number];

/**
 * Roles Synapse lets only one instance take: the single-writer streams, the appservice
 * notifier (`notify_appservices_from_worker`) and `run_background_tasks_on`. The events and
 * receipts streams take several writers.
 */
export const SINGLE_INSTANCE_TYPES: ReadonlySet<WorkerType> = new Set<WorkerType>([
    "typing-writer",
    "to-device-writer",
    "account-data-writer",
    "presence-writer",
    "push-rules-writer",
    "appservice-sender",
    "background-tasks",
]);

/** What makes a type single-instance, for its error message. */
export const SINGLE_INSTANCE_REASONS: Readonly<Partial<Record<WorkerType, string>>> = {
    "typing-writer": "the typing stream takes one writer",
    "to-device-writer": "the to_device stream takes one writer",
    "account-data-writer": "the account_data stream takes one writer",
    "presence-writer": "the presence stream takes one writer",
    "push-rules-writer": "the push_rules stream takes one writer",
    "appservice-sender": "notify_appservices_from_worker names one worker",
    "background-tasks": "run_background_tasks_on names one worker",
};

/** Workers of one homeserver, all hosts together: one port each in WORKER_PORT_RANGE. */
export const WORKER_PORT_RANGE = { from: 8101, to: 8164 } as const;
/** The main process's HTTP replication listener, and the Redis workers and main talk through. */
export const REPLICATION_PORT = 9093;
export const REDIS_PORT = 6379;
export const MAX_WORKERS = WORKER_PORT_RANGE.to - WORKER_PORT_RANGE.from + 1;

export const workerGroupSpec = z
    .object({
        type: z.enum(WORKER_TYPES, { error: `must be one of ${WORKER_TYPES.map((t) => `'${t}'`).join(", ")}` }),
        /** Instances of this type, load-balanced by nginx where Synapse allows it. @default 1 */
        count: z.int({ error: "must be an integer" }).min(1, { error: "must be at least 1" }).default(1),
        /** The host they run on. @default the homeserver's host */
        host: identifier.optional(),
    })
    .strict();

export type WorkerGroupSpec = z.output<typeof workerGroupSpec>;

/**
 * The presets, named after what they serve. Each is a list of worker groups on the
 * homeserver's host; README "Synapse workers" documents them.
 */
export const WORKER_PRESETS = {
    /** The main process does everything. */
    none: [],
    /** A busy community server: sync and client reads off the main process, media apart, federation sending apart. */
    small: [
        { type: "sync", count: 1 },
        { type: "client-reader", count: 1 },
        { type: "federation-sender", count: 1 },
        { type: "media-repository", count: 1 },
    ],
    /** Many remote servers: inbound federation balanced over two readers, outbound over two senders, one event persister. */
    "federation-heavy": [
        { type: "sync", count: 1 },
        { type: "client-reader", count: 1 },
        { type: "federation-reader", count: 2 },
        { type: "federation-sender", count: 2 },
        { type: "event-persister", count: 1 },
        { type: "media-repository", count: 1 },
    ],
    /** Large rooms: two of each reader and event persister, every stream writer, pushers, appservices and background tasks apart. */
    "large-rooms": [
        { type: "sync", count: 2 },
        { type: "client-reader", count: 2 },
        { type: "federation-reader", count: 1 },
        { type: "federation-sender", count: 1 },
        { type: "event-persister", count: 2 },
        { type: "typing-writer", count: 1 },
        { type: "to-device-writer", count: 1 },
        { type: "account-data-writer", count: 1 },
        { type: "receipts-writer", count: 1 },
        { type: "presence-writer", count: 1 },
        { type: "push-rules-writer", count: 1 },
        { type: "pusher", count: 1 },
        { type: "appservice-sender", count: 1 },
        { type: "background-tasks", count: 1 },
        { type: "media-repository", count: 1 },
    ],
} as const satisfies Record<string, readonly { type: WorkerType; count: number }[]>;

export type WorkerPreset = keyof typeof WORKER_PRESETS;
export const WORKER_PRESET_NAMES = Object.keys(WORKER_PRESETS) as WorkerPreset[];

const presetsText = WORKER_PRESET_NAMES.map((p) => `'${p}'`).join(", ");

function isPreset(value: unknown): value is WorkerPreset {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(WORKER_PRESETS, value);
}

/**
 * A preset name or an explicit list, parsed to the explicit list: a preset stands for its
 * groups, so every later layer sees one shape.
 */
export const workersSpec = z
    .preprocess(
        (value) => (isPreset(value) ? WORKER_PRESETS[value].map((g) => ({ ...g })) : value),
        z.array(workerGroupSpec, { error: `must be a preset (${presetsText}) or a list of { type, count, host }` }),
    )
    .default([]);

export type WorkersSpec = z.output<typeof workersSpec>;
