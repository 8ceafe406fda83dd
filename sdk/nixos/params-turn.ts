import type { HostPlan, StackPlan } from "../plan/types";
import { turnSecretPath } from "../plan/paths";
import { cidrAsAddressRange, resolveTurn } from "../plan/resolve";
import type { TurnSpec } from "../spec/turn";
import type { CoturnParams } from "./params-types";
import { requireSecretFile } from "./stack-lookup";

/** coturn reads an address or an `lo-hi` range (see the reference turnserver.conf), not a CIDR block. */
function peerRangeForCoturn(range: string): string {
    return range.includes("/") ? cidrAsAddressRange(range) : range;
}

export function coturnParams(host: HostPlan, stack: StackPlan, turn: TurnSpec, nginxOnHost: boolean): CoturnParams {
    const { deniedPeerRanges } = resolveTurn(turn, stack.privateNetwork, stack.meshNetwork);
    return {
        name: turn.name,
        realm: turn.realm,
        listeningPort: turn.listeningPort,
        tlsListeningPort: turn.tlsListeningPort,
        minPort: turn.relayRange.from,
        maxPort: turn.relayRange.to,
        noTcpRelay: turn.noTcpRelay,
        secretFile: requireSecretFile(host, turnSecretPath(turn.name), "coturn static-auth-secret-file"),
        deniedPeerIps: deniedPeerRanges.map(peerRangeForCoturn),
        allowedPeerIps: turn.allowedPeerRanges.map(peerRangeForCoturn),
        // Port 80 belongs to nginx when it runs here; lego then answers through nginx's webroot.
        acmeChallenge: nginxOnHost ? "nginx-webroot" : "standalone",
    };
}
