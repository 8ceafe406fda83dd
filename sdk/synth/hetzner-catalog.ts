/**
 * What the Hetzner Cloud API lists today (server types, locations, system images), in the
 * API's own shape (`GET /server_types`, `/locations`, `/images`; snake_case, as the
 * OpenAPI document describes them). The offline cloud answers the preflight's invokes from
 * it; tests derive their variants (a deprecated type, a type sold elsewhere) from it.
 *
 * The facts: CX Gen 3 (`cx23`-`cx53`, cost-optimized, x86) and CAX (`cax11`-`cax41`, ARM)
 * are sold in the EU locations only; CPX Gen 2 (`cpx12`-`cpx62`) and CCX (`ccx13`-`ccx63`,
 * dedicated vCPU) everywhere. CX Gen 2 (`cx22`-`cx52`) and CPX Gen 1 (`cpx11`-`cpx51`) were
 * deprecated on 2025-10-16 and removed from the API at the turn of 2026. Prices are not
 * listed: nothing here reads them.
 */

export interface ApiDeprecation {
    readonly announced: string;
    readonly unavailable_after: string;
}

export interface ApiServerTypeLocation {
    readonly id: number;
    readonly name: string;
    readonly deprecation: ApiDeprecation | null;
    /** Newer API: false while the type is temporarily out of stock in the location. */
    readonly available?: boolean;
    readonly recommended?: boolean;
}

export interface ApiServerType {
    readonly id: number;
    readonly name: string;
    readonly description: string;
    readonly category: string;
    readonly cores: number;
    readonly memory: number;
    readonly disk: number;
    readonly deprecated: boolean | null;
    readonly deprecation: ApiDeprecation | null;
    readonly prices: readonly unknown[];
    readonly storage_type: "local" | "network";
    readonly cpu_type: "shared" | "dedicated";
    readonly architecture: "x86" | "arm";
    readonly locations: readonly ApiServerTypeLocation[];
}

export interface ApiLocation {
    readonly id: number;
    readonly name: string;
    readonly description: string;
    readonly country: string;
    readonly city: string;
    readonly latitude: number;
    readonly longitude: number;
    readonly network_zone: string;
}

export interface ApiImage {
    readonly id: number;
    readonly type: "system" | "app" | "snapshot" | "backup";
    readonly status: "available" | "creating" | "unavailable";
    readonly name: string | null;
    readonly description: string;
    readonly image_size: number | null;
    readonly disk_size: number;
    readonly created: string;
    readonly created_from: null;
    readonly bound_to: null;
    readonly os_flavor: string;
    readonly os_version: string | null;
    readonly rapid_deploy: boolean;
    readonly protection: { readonly delete: boolean };
    readonly deprecated: string | null;
    readonly deleted: string | null;
    readonly labels: Record<string, string>;
    readonly architecture: "x86" | "arm";
}

/** The three lists the preflight asks about. */
export interface HetznerCatalog {
    readonly server_types: readonly ApiServerType[];
    readonly locations: readonly ApiLocation[];
    readonly images: readonly ApiImage[];
}

export const HETZNER_LOCATIONS: readonly ApiLocation[] = [
    { id: 1, name: "fsn1", description: "Falkenstein DC Park 1", country: "DE", city: "Falkenstein", latitude: 50.47612, longitude: 12.370071, network_zone: "eu-central" },
    { id: 2, name: "nbg1", description: "Nuremberg DC Park 1", country: "DE", city: "Nuremberg", latitude: 49.452102, longitude: 11.076665, network_zone: "eu-central" },
    { id: 3, name: "hel1", description: "Helsinki DC Park 1", country: "FI", city: "Helsinki", latitude: 60.169855, longitude: 24.938379, network_zone: "eu-central" },
    { id: 4, name: "ash", description: "Ashburn, VA", country: "US", city: "Ashburn, VA", latitude: 39.045821, longitude: -77.487073, network_zone: "us-east" },
    { id: 5, name: "hil", description: "Hillsboro, OR", country: "US", city: "Hillsboro, OR", latitude: 45.54222, longitude: -122.951924, network_zone: "us-west" },
    { id: 6, name: "sin", description: "Singapore", country: "SG", city: "Singapore", latitude: 1.283333, longitude: 103.833333, network_zone: "ap-southeast" },
];

const EU = ["fsn1", "nbg1", "hel1"];
const EVERYWHERE = HETZNER_LOCATIONS.map((l) => l.name);

interface Family {
    readonly names: readonly string[];
    readonly firstId: number;
    readonly category: string;
    readonly cpu: "shared" | "dedicated";
    readonly architecture: "x86" | "arm";
    /** cores, memory (GB) and disk (GB) of each size, in the order of `names`. */
    readonly sizes: readonly (readonly [number, number, number])[];
    readonly locations: readonly string[];
}

const FAMILIES: readonly Family[] = [
    {
        names: ["cx23", "cx33", "cx43", "cx53"], firstId: 114, category: "cost_optimized", cpu: "shared", architecture: "x86",
        sizes: [[2, 4, 40], [4, 8, 80], [8, 16, 160], [16, 32, 320]], locations: EU,
    },
    {
        names: ["cax11", "cax21", "cax31", "cax41"], firstId: 45, category: "cost_optimized", cpu: "shared", architecture: "arm",
        sizes: [[2, 4, 40], [4, 8, 80], [8, 16, 160], [16, 32, 320]], locations: EU,
    },
    {
        names: ["cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62"], firstId: 108, category: "regular_purpose", cpu: "shared", architecture: "x86",
        sizes: [[1, 2, 40], [2, 4, 80], [4, 8, 160], [8, 16, 320], [12, 24, 480], [16, 32, 640]], locations: EVERYWHERE,
    },
    {
        names: ["ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63"], firstId: 96, category: "general_purpose", cpu: "dedicated", architecture: "x86",
        sizes: [[2, 8, 80], [4, 16, 160], [8, 32, 240], [16, 64, 360], [32, 128, 600], [48, 192, 960]], locations: EVERYWHERE,
    },
];

function locationId(name: string): number {
    const found = HETZNER_LOCATIONS.find((l) => l.name === name);
    if (!found) throw new Error(`internal: unknown location ${name}`);
    return found.id;
}

export const HETZNER_SERVER_TYPES: readonly ApiServerType[] = FAMILIES.flatMap((family) =>
    family.names.map((name, i): ApiServerType => {
        const [cores, memory, disk] = family.sizes[i];
        return {
            id: family.firstId + i,
            name,
            description: name.toUpperCase(),
            category: family.category,
            cores,
            memory,
            disk,
            deprecated: false,
            deprecation: null,
            prices: [],
            storage_type: "local",
            cpu_type: family.cpu,
            architecture: family.architecture,
            locations: family.locations.map((l) => ({ id: locationId(l), name: l, deprecation: null, available: true, recommended: true })),
        };
    }),
);

function systemImage(id: number, version: string, architecture: "x86" | "arm"): ApiImage {
    return {
        id,
        type: "system",
        status: "available",
        name: `debian-${version}`,
        description: `Debian ${version}`,
        image_size: null,
        disk_size: 5,
        created: "2025-08-09T00:00:00Z",
        created_from: null,
        bound_to: null,
        os_flavor: "debian",
        os_version: version,
        rapid_deploy: true,
        protection: { delete: false },
        deprecated: null,
        deleted: null,
        labels: {},
        architecture,
    };
}

export const HETZNER_IMAGES: readonly ApiImage[] = [
    systemImage(114690387, "12", "x86"),
    systemImage(114690389, "12", "arm"),
    systemImage(161547269, "13", "x86"),
    systemImage(161547270, "13", "arm"),
];

/** The catalog the offline cloud answers from by default. */
export const HETZNER_CATALOG: HetznerCatalog = {
    server_types: HETZNER_SERVER_TYPES,
    locations: HETZNER_LOCATIONS,
    images: HETZNER_IMAGES,
};
