import type { HostPlan, StackPlan } from "../plan/types";
import { turnSecretPath } from "../plan/paths";
import { SEED_DENIED_PEER_RANGES, type TurnSpec } from "../spec/turn";
import type { CoturnParams } from "./params-types";
import { peerRangeForCoturn } from "./peer-ranges";
import { requireSecretFile } from "./stack-lookup";

export function coturnParams(host: HostPlan, stack: StackPlan, turn: TurnSpec, nginxOnHost: boolean): CoturnParams {
    const denied = turn.deniedPeerRanges ?? [...SEED_DENIED_PEER_RANGES, stack.privateNetwork];
    return {
        name: turn.name,
        realm: turn.realm,
        listeningPort: turn.listeningPort,
        tlsListeningPort: turn.tlsListeningPort,
        minPort: turn.relayRange.from,
        maxPort: turn.relayRange.to,
        noTcpRelay: turn.noTcpRelay,
        secretFile: requireSecretFile(host, turnSecretPath(turn.name), "coturn static-auth-secret-file"),
        deniedPeerIps: denied.map(peerRangeForCoturn),
        allowedPeerIps: turn.allowedPeerRanges.map(peerRangeForCoturn),
        // Port 80 belongs to nginx when it runs here; lego then answers through nginx's webroot.
        acmeChallenge: nginxOnHost ? "nginx-webroot" : "standalone",
    };
}
