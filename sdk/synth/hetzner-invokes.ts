/**
 * Answers the @pulumi/hcloud invokes the preflight makes, from a catalog in the API's
 * shape, the way the hcloud provider does: results in the SDK's property names
 * (`GetServerTypeResult` and friends), a deprecation as `isDeprecated` plus dates ("" when
 * none), and "no ... found" errors for names the API does not know.
 */
import type * as hcloud from "@pulumi/hcloud";
import type { ApiImage, ApiLocation, ApiServerType, HetznerCatalog } from "./hetzner-catalog";

export const HCLOUD_INVOKES = {
    serverType: "hcloud:index/getServerType:getServerType",
    serverTypes: "hcloud:index/getServerTypes:getServerTypes",
    location: "hcloud:index/getLocation:getLocation",
    locations: "hcloud:index/getLocations:getLocations",
    image: "hcloud:index/getImage:getImage",
} as const;

/**
 * A failed invoke as the engine reports it: a gRPC error whose `details` carry the
 * provider's message (the SDK rethrows `new Error(err.details)`).
 */
function providerError(message: string): Error {
    const error = new Error(message) as Error & { details: string; code: number };
    error.details = `invocation returned an error: ${message}`;
    error.code = 2; // grpc UNKNOWN
    return error;
}

// Typed as the SDK's results (Required: every field the provider fills), so a field the SDK
// renames or adds fails the type check here.
function serverTypeResult(type: ApiServerType): Required<hcloud.GetServerTypeResult> {
    return {
        id: type.id,
        name: type.name,
        description: type.description,
        category: type.category,
        cores: type.cores,
        memory: type.memory,
        disk: type.disk,
        storageType: type.storage_type,
        cpuType: type.cpu_type,
        architecture: type.architecture,
        includedTraffic: 0,
        isDeprecated: type.deprecated ?? false,
        deprecationAnnounced: type.deprecation?.announced ?? "",
        unavailableAfter: type.deprecation?.unavailable_after ?? "",
        locations: type.locations.map((l) => ({
            id: l.id,
            name: l.name,
            isDeprecated: l.deprecation !== null,
            deprecationAnnounced: l.deprecation?.announced ?? "",
            unavailableAfter: l.deprecation?.unavailable_after ?? "",
            available: l.available ?? true,
            recommended: l.recommended ?? false,
        })),
    };
}

function locationResult(location: ApiLocation): Required<hcloud.GetLocationResult> {
    return {
        id: location.id,
        name: location.name,
        description: location.description,
        city: location.city,
        country: location.country,
        latitude: location.latitude,
        longitude: location.longitude,
        networkZone: location.network_zone,
    };
}

function imageResult(image: ApiImage, args: hcloud.GetImageArgs): hcloud.GetImageResult {
    return {
        ...args,
        id: image.id,
        name: image.name ?? "",
        type: image.type,
        description: image.description,
        architecture: image.architecture,
        created: image.created,
        deprecated: image.deprecated ?? "",
        labels: image.labels,
        osFlavor: image.os_flavor,
        osVersion: image.os_version ?? "",
        rapidDeploy: image.rapid_deploy,
    };
}

/** The result of one hcloud invoke; undefined: not an invoke this module answers. Throws as the provider does. */
export function answerHcloudInvoke(catalog: HetznerCatalog, token: string, args: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (token) {
        case HCLOUD_INVOKES.serverType: {
            const found = catalog.server_types.find((t) => t.name === args.name || t.id === args.id);
            if (!found) throw providerError(`no server type found with name ${String(args.name)}`);
            return { ...serverTypeResult(found) };
        }
        case HCLOUD_INVOKES.serverTypes: {
            const result: hcloud.GetServerTypesResult = {
                id: "server-types",
                serverTypeIds: catalog.server_types.map((t) => String(t.id)),
                names: catalog.server_types.map((t) => t.name),
                descriptions: catalog.server_types.map((t) => t.description),
                serverTypes: catalog.server_types.map((t) => ({ ...serverTypeResult(t), id: t.id, name: t.name })),
            };
            return { ...result };
        }
        case HCLOUD_INVOKES.location: {
            const found = catalog.locations.find((l) => l.name === args.name || l.id === args.id);
            if (!found) throw providerError(`no location found with name ${String(args.name)}`);
            return { ...locationResult(found) };
        }
        case HCLOUD_INVOKES.locations: {
            const result: hcloud.GetLocationsResult = {
                id: "locations",
                locationIds: catalog.locations.map((l) => String(l.id)),
                names: catalog.locations.map((l) => l.name),
                descriptions: catalog.locations.map((l) => l.description),
                locations: catalog.locations.map(locationResult),
            };
            return { ...result };
        }
        case HCLOUD_INVOKES.image: {
            const architecture = args.withArchitecture ?? "x86";
            const found = catalog.images.find((i) => i.name === args.name && i.architecture === architecture && i.status === "available");
            if (!found) throw providerError(`no image found with name ${String(args.name)} and architecture ${String(architecture)}`);
            return { ...imageResult(found, args) };
        }
        default:
            return undefined;
    }
}
