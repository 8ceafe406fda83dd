/**
 * Secret values by name: a `random.RandomPassword` per generated secret (no special
 * characters, so values survive YAML and environment files unquoted) and the user's
 * credentials from args, all secret Outputs. Each is a child of the component that owns it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { secretNames } from "../plan/secrets";
import type { SecretDecl, StackPlan } from "../plan/types";
import type { StackSpec } from "../spec/stack";
import type { Declaration, ServiceKind } from "./declarations";

export type SecretValues = ReadonlyMap<string, pulumi.Output<string>>;

const OWNER_KINDS: Record<string, ServiceKind | "host"> = {
    homeserver: "homeserver",
    turn: "turn",
    bridge: "bridge",
    "moderation-bot": "moderation-bot",
    backup: "host",
};

/** `bridge/telegram/as-token` -> the Bridge "telegram" and the role `as-token`. */
function owner(decl: SecretDecl, declarations: readonly Declaration[]): { component: pulumi.ComponentResource; name: string; role: string } {
    const [kind, name, ...role] = decl.name.split("/");
    const found = declarations.find((d) => d.kind === OWNER_KINDS[kind] && d.name === name);
    if (!found || role.length === 0) throw new Error(`internal: secret ${decl.name} has no owning component`);
    return { component: found.component, name: found.name, role: role.join("-") };
}

/** Reads `bridges[0].credentials.apiId` out of the parsed spec (credentials stay Outputs there). */
export function specField(spec: StackSpec, field: string): unknown {
    const steps = field.match(/[^.[\]]+/g) ?? [];
    let value: unknown = spec;
    for (const step of steps) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<string, unknown>)[step];
    }
    return value;
}

export function createSecrets(plan: StackPlan, spec: StackSpec, declarations: readonly Declaration[]): SecretValues {
    const values = new Map<string, pulumi.Output<string>>();
    for (const decl of plan.secrets) {
        if (decl.source.kind === "random") {
            const { component, name, role } = owner(decl, declarations);
            const password = new random.RandomPassword(
                `${name}-${role}`,
                {
                    length: decl.source.length,
                    special: false,
                    ...(decl.source.rotation === undefined ? {} : { keepers: { rotation: String(decl.source.rotation) } }),
                },
                { parent: component },
            );
            // Secret here too, whatever the provider declares: the value must never be plain anywhere.
            values.set(decl.name, pulumi.secret(password.result));
        } else {
            const value = specField(spec, decl.source.field);
            if (value === undefined) throw new Error(`internal: secret ${decl.name} reads ${decl.source.field}, which is not set`);
            const text = pulumi.secret(pulumi.output(value as pulumi.Input<string>)).apply(String);
            // OpenSSH refuses a private key whose last line has no newline; config values often lose it.
            values.set(decl.name, decl.name === secretNames.backupCredential("sshPrivateKey") ? text.apply(withFinalNewline) : text);
        }
    }
    return values;
}


function withFinalNewline(text: string): string {
    return text.endsWith("\n") ? text : `${text}\n`;
}
