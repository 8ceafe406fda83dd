/**
 * One host's five remote steps, as command line + stdin: the single place both the components
 * and the fleet tests get them from, so what is tested is what runs.
 */
import type { Bundle } from "../nixos/types";
import type { HealthChecks } from "../plan/types";
import type { OldSigningKeysArgs, PinArgs, Step } from "./contract";
import { stepCommand } from "./script-command";
import {
    secretsArgs,
    secretsHash,
    secretsStdin,
    switchArgs,
    uploadArgs,
    uploadStdin,
    waitArgs,
    type SecretContents,
    type SecretFileMeta,
    type SwitchOptions,
} from "./steps";

export interface RemoteStep {
    readonly step: Step;
    /** What the remote runs (`remote.Command` `create`/`update`). */
    readonly command: string;
    /** What it reads on stdin; holds secret values for the secrets step. */
    readonly stdin?: string;
}

export interface HostStepsInput {
    readonly bundle: Bundle;
    readonly secretFiles: readonly SecretFileMeta[];
    readonly secretContents: SecretContents;
    readonly healthChecks: HealthChecks;
    /** The pin step's argument (see pinArgs); its nixpkgs is the one the switch builds with. */
    readonly pin: PinArgs;
    /** @default 900 */
    readonly waitTimeoutSeconds?: number;
    readonly switchOptions?: SwitchOptions;
    /** The old signing keys step's argument (see oldSigningKeysArgs); null or absent: no such step on this host. */
    readonly oldSigningKeys?: OldSigningKeysArgs | null;
}

/** wait, secrets, (old-signing-keys), upload, pin, switch: each depends on the one before. */
export function hostSteps(input: HostStepsInput): readonly RemoteStep[] {
    const { bundle, secretFiles, secretContents } = input;
    const lockTimeoutSeconds = input.switchOptions?.lockTimeoutSeconds;
    const lockOpt = lockTimeoutSeconds === undefined ? {} : { lockTimeoutSeconds };
    return [
        { step: "wait", command: stepCommand("wait", waitArgs(bundle.host, input.waitTimeoutSeconds)) },
        {
            step: "secrets",
            command: stepCommand("secrets", secretsArgs(bundle.host, secretFiles, secretContents, lockOpt)),
            stdin: secretsStdin(secretFiles, secretContents),
        },
        ...(input.oldSigningKeys ? [{ step: "old-signing-keys" as const, command: stepCommand("old-signing-keys", input.oldSigningKeys) }] : []),
        { step: "upload", command: stepCommand("upload", uploadArgs(bundle, lockOpt)), stdin: uploadStdin(bundle) },
        { step: "pin", command: stepCommand("pin", { ...input.pin, ...lockOpt }) },
        {
            step: "switch",
            command: stepCommand(
                "switch",
                switchArgs(bundle, secretsHash(secretFiles, secretContents), input.healthChecks, input.pin.nixpkgs, input.switchOptions),
            ),
        },
    ];
}
