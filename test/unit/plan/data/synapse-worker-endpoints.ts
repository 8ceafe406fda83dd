/**
 * One concrete request path for each endpoint pattern of Synapse's worker documentation,
 * with the role that must serve it.
 *
 * Source: element-hq/synapse, `docs/workers.md` (sections `synapse.app.generic_worker`,
 * "Stream writers", `synapse.app.media_repository`). Requests the documentation lists for
 * GET only on a generic worker (push rules, account data, presence) are listed under their
 * stream writer, which takes every method. Paths under `UNLISTED` appear in no list and
 * must stay on the main process.
 */
import type { WorkerType } from "../../../../sdk/spec/workers";

export const DOCUMENTED_ENDPOINTS: readonly (readonly [path: string, role: WorkerType])[] = [
    // Sync requests
    ["/_matrix/client/v3/sync", "sync"],
    ["/_matrix/client/r0/sync", "sync"],
    ["/_matrix/client/v3/events", "sync"],
    ["/_matrix/client/api/v1/initialSync", "sync"],
    ["/_matrix/client/v3/rooms/!abc:example.org/initialSync", "sync"],
    // Federation requests
    ["/_matrix/federation/v1/version", "federation-reader"],
    ["/_matrix/federation/v1/event/$ev", "federation-reader"],
    ["/_matrix/federation/v1/state/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/state_ids/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/backfill/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/get_missing_events/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/publicRooms", "federation-reader"],
    ["/_matrix/federation/v1/query/directory", "federation-reader"],
    ["/_matrix/federation/v1/make_join/!r:example.org/@u:remote.org", "federation-reader"],
    ["/_matrix/federation/v1/make_leave/!r:example.org/@u:remote.org", "federation-reader"],
    ["/_matrix/federation/v2/send_join/!r:example.org/$ev", "federation-reader"],
    ["/_matrix/federation/v1/send_leave/!r:example.org/$ev", "federation-reader"],
    ["/_matrix/federation/v1/make_knock/!r:example.org/@u:remote.org", "federation-reader"],
    ["/_matrix/federation/v1/send_knock/!r:example.org/$ev", "federation-reader"],
    ["/_matrix/federation/v2/invite/!r:example.org/$ev", "federation-reader"],
    ["/_matrix/federation/v1/event_auth/!r:example.org/$ev", "federation-reader"],
    ["/_matrix/federation/v1/timestamp_to_event/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/exchange_third_party_invite/!r:example.org", "federation-reader"],
    ["/_matrix/federation/v1/user/devices/@u:example.org", "federation-reader"],
    ["/_matrix/key/v2/query", "federation-reader"],
    ["/_matrix/federation/v1/hierarchy/!r:example.org", "federation-reader"],
    // Inbound federation transaction request
    ["/_matrix/federation/v1/send/1234", "federation-reader"],
    // Client API requests
    ["/_matrix/client/v3/createRoom", "client-reader"],
    ["/_matrix/client/v3/publicRooms", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/joined_members", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/context/$ev", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/members", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/state", "client-reader"],
    ["/_matrix/client/v1/rooms/!r:example.org/hierarchy", "client-reader"],
    ["/_matrix/client/v1/rooms/!r:example.org/relations/$ev", "client-reader"],
    ["/_matrix/client/v1/rooms/!r:example.org/threads", "client-reader"],
    ["/_matrix/client/unstable/im.nheko.summary/summary/!r:example.org", "client-reader"],
    ["/_matrix/client/v3/account/3pid", "client-reader"],
    ["/_matrix/client/v3/account/whoami", "client-reader"],
    ["/_matrix/client/v3/account/deactivate", "client-reader"],
    ["/_matrix/client/v3/delete_devices", "client-reader"],
    ["/_matrix/client/v3/devices", "client-reader"],
    ["/_matrix/client/v3/devices/ABCDEF", "client-reader"],
    ["/_matrix/client/versions", "client-reader"],
    ["/_matrix/client/v3/voip/turnServer", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/event/$ev", "client-reader"],
    ["/_matrix/client/v3/joined_rooms", "client-reader"],
    ["/_matrix/client/v1/rooms/!r:example.org/timestamp_to_event", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/aliases", "client-reader"],
    ["/_matrix/client/v3/search", "client-reader"],
    ["/_matrix/client/v3/user/@u:example.org/filter", "client-reader"],
    ["/_matrix/client/v3/user/@u:example.org/filter/1", "client-reader"],
    ["/_matrix/client/v3/directory/room/%23room:example.org", "client-reader"],
    ["/_matrix/client/v3/capabilities", "client-reader"],
    ["/_matrix/client/v3/notifications", "client-reader"],
    ["/_synapse/admin/v1/rooms/!r:example.org", "client-reader"],
    // Encryption requests
    ["/_matrix/client/v3/keys/query", "client-reader"],
    ["/_matrix/client/v3/keys/changes", "client-reader"],
    ["/_matrix/client/v3/keys/claim", "client-reader"],
    ["/_matrix/client/v3/room_keys/version", "client-reader"],
    ["/_matrix/client/v3/keys/upload", "client-reader"],
    ["/_matrix/client/v3/keys/device_signing/upload", "client-reader"],
    ["/_matrix/client/v3/keys/signatures/upload", "client-reader"],
    // Registration/login requests
    ["/_matrix/client/v3/login", "client-reader"],
    ["/_matrix/client/v3/register", "client-reader"],
    ["/_matrix/client/v3/register/available", "client-reader"],
    ["/_matrix/client/v1/register/m.login.registration_token/validity", "client-reader"],
    ["/_matrix/client/v3/password_policy", "client-reader"],
    // Event sending requests
    ["/_matrix/client/v3/rooms/!r:example.org/redact/$ev/txn1", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/txn1", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/state/m.room.name/", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/join", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/invite", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/leave", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/ban", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/unban", "client-reader"],
    ["/_matrix/client/v3/rooms/!r:example.org/kick", "client-reader"],
    ["/_matrix/client/v3/join/%23room:example.org", "client-reader"],
    ["/_matrix/client/v3/knock/%23room:example.org", "client-reader"],
    ["/_matrix/client/v3/profile/@u:example.org", "client-reader"],
    // User directory search requests
    ["/_matrix/client/v3/user_directory/search", "client-reader"],
    // Pagination: one room on one instance
    ["/_matrix/client/v3/rooms/!r:example.org/messages", "client-reader"],
    // Stream writers
    ["/_matrix/client/v3/rooms/!r:example.org/typing/@u:example.org", "typing-writer"],
    ["/_matrix/client/v3/sendToDevice/m.room.encrypted/txn1", "to-device-writer"],
    ["/_matrix/client/v3/user/@u:example.org/rooms/!r:example.org/tags", "account-data-writer"],
    ["/_matrix/client/v3/user/@u:example.org/account_data/m.direct", "account-data-writer"],
    ["/_matrix/client/v3/rooms/!r:example.org/receipt/m.read/$ev", "receipts-writer"],
    ["/_matrix/client/v3/rooms/!r:example.org/read_markers", "receipts-writer"],
    ["/_matrix/client/v3/presence/@u:example.org/status", "presence-writer"],
    ["/_matrix/client/v3/pushrules/global/", "push-rules-writer"],
    // Media repository
    ["/_matrix/media/v3/upload", "media-repository"],
    ["/_matrix/media/r0/download/example.org/abc", "media-repository"],
    ["/_matrix/client/v1/media/download/example.org/abc", "media-repository"],
    ["/_matrix/federation/v1/media/download/abc", "media-repository"],
    ["/_synapse/media/thumbnail", "media-repository"],
    ["/_synapse/admin/v1/purge_media_cache", "media-repository"],
    ["/_synapse/admin/v1/room/!r:example.org/media", "media-repository"],
    ["/_synapse/admin/v1/user/@u:example.org/media", "media-repository"],
    ["/_synapse/admin/v1/media/example.org/abc", "media-repository"],
    ["/_synapse/admin/v1/quarantine_media/example.org/abc", "media-repository"],
    ["/_synapse/admin/v1/users/@u:example.org/media", "media-repository"],
];

/** Paths no list names: the main process serves them. */
export const UNLISTED: readonly string[] = [
    "/_matrix/client/v3/account/password",
    "/_matrix/client/v3/rooms/!r:example.org/upgrade",
    "/_synapse/admin/v1/register",
    "/_synapse/admin/v2/users/@u:example.org",
    "/_matrix/client/v3/logout",
    "/_matrix/federation/v1/openid/userinfo",
    "/_matrix/client/v3/account/password/email/requestToken",
    "/.well-known/matrix/server",
];
