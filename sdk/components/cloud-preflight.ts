/**
 * Asks the Hetzner API, before any resource is registered, whether every Hetzner host can
 * be created as declared: its location exists, its server type exists and is sold in that
 * location and not deprecated there, its services build for the type's architecture, and
 * its image exists for that architecture. Every failure is one issue naming the host's arg,
 * the value and what would work; a deprecation with a future date is a warning.
 *
 * Why: the mock runtime accepts any string, and the real cloud refuses a removed type only
 * at server creation, after the network, firewall, keys and volumes exist.
 */
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { servicesWithoutBuild, type Architecture } from "../plan/architectures";
import type { HostPlan } from "../plan/types";
import { SpecError, type SpecIssue } from "../spec/errors";
import { componentLabel } from "./component-spec";
import { resolveKnown } from "./known-inputs";
import type { CheckedPlan } from "./stack-build";

type ServerType = hcloud.GetServerTypeResult;
type TypeLocation = ServerType["locations"][number];

/** What the preflight checks of one Hetzner host. */
export interface HetznerHostCheck {
    /** `HetznerNixosHost "home"`. */
    readonly label: string;
    readonly host: HostPlan;
    readonly serverType: string;
    readonly location: string;
    /** Undefined: not known yet (an Output during preview); not checked. */
    readonly image: string | undefined;
}

/** Runs the checks of a checked plan's Hetzner hosts; throws SpecError. No invoke when there are none. */
export async function cloudPreflight(checked: CheckedPlan): Promise<void> {
    const checks: HetznerHostCheck[] = [];
    for (const host of checked.plan.hosts) {
        if (host.spec.provider !== "hetzner") continue;
        const declaration = checked.hosts.find((d) => d.name === host.name);
        const label = componentLabel(declaration?.className ?? "HetznerNixosHost", host.name);
        const image = await resolveKnown(declaration?.image, `${label}.image`).catch(() => undefined);
        checks.push({ label, host, serverType: host.spec.serverType, location: host.spec.location, image: image as string | undefined });
    }
    await checkHetznerHosts(checks);
}

/** The checks themselves; `now` decides whether a deprecation is past (error) or coming (warning). */
export async function checkHetznerHosts(checks: readonly HetznerHostCheck[], now: Date = new Date()): Promise<void> {
    if (checks.length === 0) return;
    const locations = await lookUp(checks.map((c) => c.location), (name) => hcloud.getLocation({ name }));
    const types = await lookUp(checks.map((c) => c.serverType), (name) => hcloud.getServerType({ name }));
    const images = new Map<string, Promise<hcloud.GetImageResult | undefined>>();
    const lookups: Lookups = {
        locations,
        types,
        catalog: lazily(() => hcloud.getServerTypes()),
        image: (name, withArchitecture) => {
            const key = `${name} ${withArchitecture}`;
            if (!images.has(key)) images.set(key, hcloud.getImage({ name, withArchitecture }).catch(notFound(name)));
            return images.get(key)!;
        },
    };
    const issues: SpecIssue[] = [];
    for (const check of checks) {
        const issue = await checkHost(check, lookups, now);
        if (issue) issues.push(issue);
    }
    if (issues.length > 0) throw new SpecError(issues);
}

/** The API's answers, each asked once per distinct value. */
interface Lookups {
    readonly locations: ReadonlyMap<string, hcloud.GetLocationResult | undefined>;
    readonly types: ReadonlyMap<string, ServerType | undefined>;
    readonly catalog: () => Promise<hcloud.GetServerTypesResult>;
    readonly image: (name: string, architecture: Architecture) => Promise<hcloud.GetImageResult | undefined>;
}

async function checkHost(check: HetznerHostCheck, lookups: Lookups, now: Date): Promise<SpecIssue | undefined> {
    const { label, location, serverType } = check;
    const { locations, types, catalog } = lookups;
    const fail = (arg: string, message: string): SpecIssue => ({ path: `${label}.${arg}`, message });
    if (!locations.get(location)) {
        const known = (await hcloud.getLocations()).names;
        return fail("location", `"${location}" is not a Hetzner location; the API lists ${known.join(", ")}`);
    }
    const type = types.get(serverType);
    const soldHere = async (): Promise<string> => `sold in ${location}: ${typesSoldIn(location, await catalog()).join(", ")}`;
    if (!type) return fail("serverType", `"${serverType}" is not a server type Hetzner sells (any more); ${await soldHere()}`);
    const entry = type.locations.find((l) => l.name === location);
    if (!entry) {
        const where = type.locations.map((l) => l.name).join(", ");
        return fail("serverType", `"${serverType}" is not sold in ${location} (only in ${where}); ${await soldHere()}`);
    }
    const deprecation = deprecationOf(type, entry);
    if (deprecation) {
        const dates = `deprecated in ${location} since ${day(deprecation.announced)}, unavailable after ${day(deprecation.unavailableAfter)}`;
        if (!deprecation.unavailableAfter || new Date(deprecation.unavailableAfter) <= now) {
            return fail("serverType", `"${serverType}" is ${dates}; ${await soldHere()}`);
        }
        pulumi.log.warn(`${label}.serverType: "${serverType}" is ${dates}; move to a current type before then (${await soldHere()})`);
    }
    if (entry.available === false) {
        return fail("serverType", `"${serverType}" is out of stock in ${location} for now; ${await soldHere()}`);
    }
    const architecture = type.architecture as Architecture;
    const lacking = servicesWithoutBuild(check.host, architecture);
    if (lacking.length > 0) {
        return fail("serverType", `"${serverType}" is ${architecture}, and ${lacking.join(", ")} has no ${architecture} build in nixpkgs; choose an x86 type (cx*, cpx*, ccx*)`);
    }
    if (check.image !== undefined) {
        const image = await lookups.image(check.image, architecture);
        if (!image) return fail("image", `"${check.image}" is not a Hetzner image for ${architecture} (the architecture of ${serverType}); the default is "debian-12"`);
    }
    return undefined;
}

interface Deprecation {
    readonly announced: string;
    readonly unavailableAfter: string;
}

/** The type's deprecation in the location; the type-wide fields of older API answers as fallback. */
function deprecationOf(type: ServerType, entry: TypeLocation): Deprecation | undefined {
    if (entry.isDeprecated) return { announced: entry.deprecationAnnounced, unavailableAfter: entry.unavailableAfter };
    if (type.isDeprecated) return { announced: type.deprecationAnnounced, unavailableAfter: type.unavailableAfter };
    return undefined;
}

/** Names of the types sold in `location`, neither deprecated there nor out of stock, in the API's order. */
export function typesSoldIn(location: string, catalog: hcloud.GetServerTypesResult): string[] {
    return catalog.serverTypes
        .filter((t) => {
            const entry = t.locations.find((l) => l.name === location);
            if (!entry || entry.available === false) return false;
            return !entry.isDeprecated && !t.isDeprecated;
        })
        .map((t) => t.name);
}

function day(timestamp: string): string {
    return timestamp ? timestamp.slice(0, 10) : "an unannounced date";
}

/** Each distinct name looked up once; a name the API does not know maps to undefined. */
async function lookUp<T>(names: readonly string[], get: (name: string) => Promise<T>): Promise<Map<string, T | undefined>> {
    const distinct = [...new Set(names)];
    const results = await Promise.all(distinct.map((name) => get(name).catch(notFound(name))));
    return new Map(distinct.map((name, i) => [name, results[i]]));
}

/**
 * Turns the provider's "no ... found" into undefined; any other failure (no token, no
 * network) is rethrown, so it is never mistaken for a bad arg.
 */
function notFound(name: string): (err: unknown) => undefined {
    return (err) => {
        const message = err instanceof Error ? err.message : String(err);
        if (/\bno \S+( \S+)? found\b|not found/i.test(message)) return undefined;
        throw new Error(`nixos-matrix could not ask the Hetzner API about "${name}": ${message}`);
    };
}

function lazily<T>(get: () => Promise<T>): () => Promise<T> {
    let pending: Promise<T> | undefined;
    return () => (pending ??= get());
}
