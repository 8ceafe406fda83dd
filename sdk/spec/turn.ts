import { z } from "zod";
import { cidr, domainName, identifier, port, portRange } from "./common";

/** The seed's `denied-peer-ip` list: private, loopback, link-local, multicast and reserved ranges. */
export const SEED_DENIED_PEER_RANGES: readonly string[] = [
    "0.0.0.0-0.255.255.255",
    "10.0.0.0-10.255.255.255",
    "100.64.0.0-100.127.255.255",
    "127.0.0.0-127.255.255.255",
    "169.254.0.0-169.254.255.255",
    "172.16.0.0-172.31.255.255",
    "192.0.0.0-192.0.0.255",
    "192.0.2.0-192.0.2.255",
    "192.88.99.0-192.88.99.255",
    "192.168.0.0-192.168.255.255",
    "198.18.0.0-198.19.255.255",
    "198.51.100.0-198.51.100.255",
    "203.0.113.0-203.0.113.255",
    "240.0.0.0-255.255.255.255",
    "::1",
    "64:ff9b::-64:ff9b::ffff:ffff",
    "::ffff:0.0.0.0-::ffff:255.255.255.255",
    "100::-100::ffff:ffff:ffff:ffff",
    "2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
];

/** coturn accepts a single address, a CIDR block or `lo-hi` address range. */
export const peerRange = z.string().refine(
    (s) => cidr.safeParse(s).success || /^[0-9a-fA-F:.]+(-[0-9a-fA-F:.]+)?$/.test(s),
    { error: "must be an address, a CIDR block or an address range 'lo-hi'" },
);

export const turnSpec = z
    .object({
        name: identifier,
        host: identifier,
        /**
         * TURN realm, also the host name of its certificate and DNS record: a name of its own,
         * distinct from every homeserver and Element domain in the stack.
         */
        realm: domainName,
        /** Relay ports within 1024-65535: UDP, and TCP too when `noTcpRelay` is false. @default {from: 49000, to: 50000} */
        relayRange: portRange.default({ from: 49000, to: 50000 }),
        /** @default 3478 */
        listeningPort: port.default(3478),
        /** @default 5349 */
        tlsListeningPort: port.default(5349),
        /** @default true */
        noTcpRelay: z.boolean().default(true),
        /** Peers the relay refuses. @default the seed's list plus the stack's private network */
        deniedPeerRanges: z.array(peerRange).optional(),
        /** Exceptions to the denied ranges. @default [] */
        allowedPeerRanges: z.array(peerRange).default([]),
    })
    .strict();

export type TurnSpec = z.output<typeof turnSpec>;
