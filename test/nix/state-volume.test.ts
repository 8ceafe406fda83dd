// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle, STATE_MOUNT_POINT } from "../../sdk/nixos";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";
import { planFixture, TEST_DEPLOY_KEY, TEST_VOLUME_ID } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";

const DEVICE = `/dev/disk/by-id/scsi-0HC_Volume_${TEST_VOLUME_ID}`;

/** The state-related parts of an evaluated host's config. */
function stateParts(config: unknown) {
    return {
        fileSystems: at(config, "fileSystems"),
        postgresDataDir: at(config, "services", "postgresql", "dataDir"),
        synapseDataDir: at(config, "services", "matrix-synapse", "dataDir"),
        conduitDatabasePath: at(config, "services", "matrix-conduit", "settings", "global", "database_path"),
        tmpfiles: at(config, "systemd", "tmpfiles", "settings"),
        postgresMounts: at(config, "systemd", "services", "postgresql", "unitConfig", "RequiresMountsFor"),
        synapseMounts: at(config, "systemd", "services", "matrix-synapse", "unitConfig", "RequiresMountsFor"),
    };
}

describe("state Volume", () => {
    it("a Synapse host with a Volume mounts it by id (nofail) and keeps PostgreSQL and Synapse data on it, after the mount", () => {
        const parts = stateParts(evaluatedHost("all-in-one/matrix").evaluated.config);
        expect(parts.fileSystems).toEqual({
            [STATE_MOUNT_POINT]: {
                device: DEVICE,
                fsType: "ext4",
                options: ["nofail", "x-systemd.before=systemd-tmpfiles-setup.service", "x-systemd.before=systemd-tmpfiles-resetup.service"],
            },
        });
        expect(parts.postgresDataDir).toBe(`${STATE_MOUNT_POINT}/postgresql/17`);
        expect(parts.synapseDataDir).toBe(`${STATE_MOUNT_POINT}/matrix-synapse`);
        expect(parts.postgresMounts).toEqual([STATE_MOUNT_POINT]);
        expect(parts.synapseMounts).toEqual([STATE_MOUNT_POINT]);
        expect(parts.tmpfiles).toEqual({
            "10-nixos-matrix-state": {
                [`${STATE_MOUNT_POINT}/postgresql`]: { d: { user: "postgres", group: "postgres", mode: "0750" } },
                [`${STATE_MOUNT_POINT}/postgresql/17`]: { d: { user: "postgres", group: "postgres", mode: "0700" } },
                [`${STATE_MOUNT_POINT}/matrix-synapse`]: { d: { user: "matrix-synapse", group: "matrix-synapse", mode: "0700" } },
            },
        });
    });

    it("a host with a Volume but no Synapse mounts it and moves nothing; Conduit keeps its own state directory", () => {
        for (const label of ["multi-host/turn", "conduit/conduit"]) {
            const parts = stateParts(evaluatedHost(label).evaluated.config);
            expect(Object.keys(parts.fileSystems as object), label).toEqual([STATE_MOUNT_POINT]);
            expect({ ...parts, fileSystems: undefined }, label).toEqual({
                fileSystems: undefined,
                postgresDataDir: undefined,
                synapseDataDir: undefined,
                conduitDatabasePath: undefined,
                tmpfiles: undefined,
                postgresMounts: undefined,
                synapseMounts: undefined,
            });
        }
    });

    it("without a Volume (volumeSizeGb 0, or no id given) nothing of it is set: NixOS defaults", () => {
        expect(stateParts(evaluatedHost("multi-host/web").evaluated.config)).toEqual(stateParts({}));
        const stack = planFixture("all-in-one");
        const params = (options: { stateVolumeId?: number }) =>
            JSON.parse(renderBundle(stack.hosts[0], stack, { deployPublicKey: TEST_DEPLOY_KEY, ...options }).files["nixos-matrix/params.json"]);
        expect(params({}).stateVolume).toBeNull();
        expect(params({ stateVolumeId: 77 }).stateVolume).toEqual({ device: "/dev/disk/by-id/scsi-0HC_Volume_77", mountPoint: STATE_MOUNT_POINT });
        const config = evaluateBundle(renderBundle(stack.hosts[0], stack, { deployPublicKey: TEST_DEPLOY_KEY })).config;
        expect(stateParts(config)).toEqual(stateParts({}));
        expect(at(config, "services", "postgresql", "enable")).toBe(true);
    });

    it("refuses a Volume id for a host that has no Volume, and an id that is not a positive integer", () => {
        const stack = planFixture("multi-host");
        const web = stack.hosts.find((h) => h.name === "web")!;
        expect(() => renderBundle(web, stack, { stateVolumeId: 5 })).toThrow("host web: has no state Volume, but a Volume id was given");
        const home = stack.hosts.find((h) => h.name === "home")!;
        expect(() => renderBundle(home, stack, { stateVolumeId: Number.NaN })).toThrow("host home: state Volume id must be a positive integer, got NaN");
    });
});
