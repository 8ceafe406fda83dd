/**
 * The fixture stacks, planned and rendered host by host, as every nix check sees them.
 */
import { renderBundle } from "../../../sdk/nixos";
import type { MeshPeerFacts } from "../../../sdk/nixos/params-mesh";
import type { Bundle } from "../../../sdk/nixos/types";
import { planStack } from "../../../sdk/plan";
import type { HostPlan, StackPlan } from "../../../sdk/plan/types";
import { parseStackSpec } from "../../../sdk/spec";
import { allInOne, community, communityWithRemoteBot, conduit, conduitForks, conduitWithBackup, generated, moreBridges, multiHost, multiHostWithBackup, workers, workersWithBackup } from "../../fixtures/stacks";

export const TEST_DEPLOY_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDeployKeyForNixChecksOnly0000000000000000 deploy@nixos-matrix";
export const TEST_HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForNixChecksOnly00000000000000000000";

/** The state Volume id every fixture host with a Volume is rendered with. */
export const TEST_VOLUME_ID = 4200001;

/** The Volume id a deploy would pass for this host: Hetzner hosts with `volumeSizeGb > 0` have one. */
export function testVolumeId(host: HostPlan): number | undefined {
    return host.spec.provider === "hetzner" && host.spec.volumeSizeGb > 0 ? TEST_VOLUME_ID : undefined;
}

export interface RenderedHost {
    readonly stack: StackPlan;
    readonly host: HostPlan;
    readonly bundle: Bundle;
}

export const FIXTURE_STACKS = {
    "all-in-one": allInOne,
    "multi-host": multiHost,
    conduit: conduit,
    community: community,
    "community-remote-bot": communityWithRemoteBot,
    "generated-2": () => generated(2),
    "multi-host-backup": multiHostWithBackup,
    "conduit-backup": conduitWithBackup,
    "conduit-forks": conduitForks,
    "more-bridges": moreBridges,
    workers: workers,
    "workers-backup": workersWithBackup,
} as const;

export type FixtureName = keyof typeof FIXTURE_STACKS;

export function planFixture(name: FixtureName): StackPlan {
    return planStack(parseStackSpec(FIXTURE_STACKS[name]()));
}

/** What the key steps would report: a WireGuard public key (32 bytes, base64) and a public IPv4 per host. */
export function testMeshPeers(stack: StackPlan): Record<string, MeshPeerFacts> {
    return Object.fromEntries(
        stack.hosts.map((host, i) => [host.name, { publicKey: Buffer.alloc(32, i + 1).toString("base64"), publicAddress: `198.51.100.${i + 1}` }]),
    );
}

export function renderFixture(name: FixtureName): RenderedHost[] {
    const stack = planFixture(name);
    const meshPeers = testMeshPeers(stack);
    return stack.hosts.map((host) => ({
        stack,
        host,
        bundle: renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY, stateVolumeId: testVolumeId(host), meshPeers }),
    }));
}

/** Every host of every fixture stack, labelled `<stack>/<host>`. */
export function allFixtureHosts(): { label: string; rendered: RenderedHost }[] {
    return (Object.keys(FIXTURE_STACKS) as FixtureName[]).flatMap((name) =>
        renderFixture(name).map((rendered) => ({ label: `${name}/${rendered.host.name}`, rendered })),
    );
}
