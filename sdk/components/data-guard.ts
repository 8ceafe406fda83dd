/**
 * A change that would lose a homeserver's data (a new server name, Synapse <-> Conduit)
 * is refused unless the user sets `allowDataLoss`. The program cannot see the previous
 * deploy, but the engine can: a protected resource whose replacement is keyed on exactly
 * those values makes `pulumi preview`/`up` stop with an error naming `<hs>-data-guard`
 * before anything changes. With `allowDataLoss` it is unprotected and simply replaced.
 */
import * as random from "@pulumi/random";
import type { StackPlan } from "../plan/types";
import type { Declaration } from "./declarations";

export function homeserverDataGuards(plan: StackPlan, declarations: readonly Declaration[]): random.RandomId[] {
    return plan.hosts.flatMap((host) =>
        host.services.homeservers.map((hs) => {
            const component = declarations.find((d) => d.kind === "homeserver" && d.name === hs.name)?.component;
            return new random.RandomId(
                `${hs.name}-data-guard`,
                {
                    byteLength: 4,
                    // Changing any keeper replaces the resource, which `protect` refuses.
                    keepers: { serverName: hs.serverName, implementation: hs.implementation },
                },
                { parent: component, protect: !hs.allowDataLoss },
            );
        }),
    );
}
