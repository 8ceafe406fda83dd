/**
 * The routing table of Synapse workers, as data: which endpoint pattern goes to which worker
 * role, and how requests spread over that role's instances. Read from Synapse's
 * `docs/workers.md` (element-hq/synapse): the endpoint lists of `synapse.app.generic_worker`,
 * of the stream writers and of `synapse.app.media_repository`.
 *
 * nginx tries regex locations in order and takes the first match, so the table is ordered:
 * media, stream writers, sync, federation, then the client readers. A pattern whose role has
 * no instance is left out, and what nothing matches goes to the main process.
 */
import type { WorkerType } from "../spec/workers";

/**
 * How requests spread over a role's instances:
 * - round-robin: any instance;
 * - user: one instance per user (hashed on the access token's localpart), as docs/workers.md
 *   asks for `/sync` and `/initialSync`;
 * - source: one instance per remote address, for inbound federation transactions;
 * - uri: one instance per URI, so one room's pagination stays on one instance.
 */
export type Balance = "round-robin" | "user" | "source" | "uri";

export interface WorkerRoute {
    /** A PCRE pattern matched against the request path (nginx `location ~`). */
    readonly pattern: string;
    readonly role: WorkerType;
    readonly balance: Balance;
}

const CLIENT = "^/_matrix/client/(api/v1|r0|v3|unstable)";
const CLIENT_R0 = "^/_matrix/client/(r0|v3|unstable)";

function routes(role: WorkerType, balance: Balance, patterns: readonly string[]): WorkerRoute[] {
    return patterns.map((pattern) => ({ pattern, role, balance }));
}

export const WORKER_ROUTES: readonly WorkerRoute[] = [
    ...routes("media-repository", "round-robin", [
        "^/_matrix/media/",
        "^/_matrix/client/v1/media/",
        "^/_matrix/federation/v1/media/",
        "^/_synapse/media/",
        "^/_synapse/admin/v1/purge_media_cache$",
        "^/_synapse/admin/v1/room/.*/media.*$",
        "^/_synapse/admin/v1/user/.*/media.*$",
        "^/_synapse/admin/v1/media/.*$",
        "^/_synapse/admin/v1/quarantine_media/.*$",
        "^/_synapse/admin/v1/users/.*/media$",
    ]),
    ...routes("typing-writer", "round-robin", [`${CLIENT}/rooms/.*/typing`]),
    ...routes("to-device-writer", "round-robin", [`${CLIENT_R0}/sendToDevice/`]),
    ...routes("account-data-writer", "round-robin", [`${CLIENT_R0}/.*/tags`, `${CLIENT_R0}/.*/account_data`]),
    ...routes("receipts-writer", "round-robin", [`${CLIENT_R0}/rooms/.*/receipt`, `${CLIENT_R0}/rooms/.*/read_markers`]),
    ...routes("presence-writer", "round-robin", [`${CLIENT}/presence/`]),
    ...routes("push-rules-writer", "round-robin", [`${CLIENT}/pushrules/`]),
    ...routes("sync", "user", [
        "^/_matrix/client/(r0|v3)/sync$",
        "^/_matrix/client/(api/v1|r0|v3)/events$",
        "^/_matrix/client/(api/v1|r0|v3)/initialSync$",
        "^/_matrix/client/(api/v1|r0|v3)/rooms/[^/]+/initialSync$",
    ]),
    ...routes("federation-reader", "source", ["^/_matrix/federation/v1/send/"]),
    ...routes("federation-reader", "round-robin", [
        "^/_matrix/federation/v1/version$",
        "^/_matrix/federation/v1/event/",
        "^/_matrix/federation/v1/state/",
        "^/_matrix/federation/v1/state_ids/",
        "^/_matrix/federation/v1/backfill/",
        "^/_matrix/federation/v1/get_missing_events/",
        "^/_matrix/federation/v1/publicRooms",
        "^/_matrix/federation/v1/query/",
        "^/_matrix/federation/v1/make_join/",
        "^/_matrix/federation/v1/make_leave/",
        "^/_matrix/federation/(v1|v2)/send_join/",
        "^/_matrix/federation/(v1|v2)/send_leave/",
        "^/_matrix/federation/v1/make_knock/",
        "^/_matrix/federation/v1/send_knock/",
        "^/_matrix/federation/(v1|v2)/invite/",
        "^/_matrix/federation/v1/event_auth/",
        "^/_matrix/federation/v1/timestamp_to_event/",
        "^/_matrix/federation/v1/exchange_third_party_invite/",
        "^/_matrix/federation/v1/user/devices/",
        "^/_matrix/key/v2/query",
        "^/_matrix/federation/v1/hierarchy/",
    ]),
    ...routes("client-reader", "uri", [`${CLIENT}/rooms/.*/messages$`]),
    ...routes("client-reader", "round-robin", [
        `${CLIENT}/createRoom$`,
        `${CLIENT}/publicRooms$`,
        `${CLIENT}/rooms/.*/joined_members$`,
        `${CLIENT}/rooms/.*/context/.*$`,
        `${CLIENT}/rooms/.*/members$`,
        `${CLIENT}/rooms/.*/state$`,
        "^/_matrix/client/v1/rooms/.*/hierarchy$",
        "^/_matrix/client/(v1|unstable)/rooms/.*/relations/",
        "^/_matrix/client/v1/rooms/.*/threads$",
        "^/_matrix/client/unstable/im.nheko.summary/summary/.*$",
        `${CLIENT_R0}/account/3pid$`,
        `${CLIENT_R0}/account/whoami$`,
        `${CLIENT_R0}/account/deactivate$`,
        "^/_matrix/client/(r0|v3)/delete_devices$",
        `${CLIENT}/devices(/|$)`,
        "^/_matrix/client/versions$",
        `${CLIENT}/voip/turnServer$`,
        `${CLIENT}/rooms/.*/event/`,
        `${CLIENT}/joined_rooms$`,
        "^/_matrix/client/v1/rooms/.*/timestamp_to_event$",
        "^/_matrix/client/(api/v1|r0|v3|unstable/.*)/rooms/.*/aliases",
        `${CLIENT}/search$`,
        `${CLIENT_R0}/user/.*/filter(/|$)`,
        `${CLIENT}/directory/room/.*$`,
        `${CLIENT_R0}/capabilities$`,
        `${CLIENT_R0}/notifications$`,
        "^/_synapse/admin/v1/rooms/[^/]+$",
        `${CLIENT_R0}/keys/query$`,
        `${CLIENT_R0}/keys/changes$`,
        `${CLIENT_R0}/keys/claim$`,
        `${CLIENT_R0}/room_keys/`,
        `${CLIENT_R0}/keys/upload`,
        `${CLIENT}/keys/device_signing/upload$`,
        `${CLIENT}/keys/signatures/upload$`,
        `${CLIENT}/login$`,
        `${CLIENT_R0}/register$`,
        `${CLIENT_R0}/register/available$`,
        "^/_matrix/client/v1/register/m.login.registration_token/validity$",
        `${CLIENT_R0}/password_policy$`,
        `${CLIENT}/rooms/.*/redact`,
        `${CLIENT}/rooms/.*/send`,
        `${CLIENT}/rooms/.*/state/`,
        `${CLIENT}/rooms/.*/(join|invite|leave|ban|unban|kick)$`,
        `${CLIENT}/join/`,
        `${CLIENT}/knock/`,
        `${CLIENT}/profile/`,
        `${CLIENT_R0}/user_directory/search$`,
    ]),
];

/** Roles nginx routes requests to; the others (senders, pushers, persisters, background tasks) take none. */
export const ROUTED_ROLES: ReadonlySet<WorkerType> = new Set(WORKER_ROUTES.map((r) => r.role));
