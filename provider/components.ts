import type { ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { Bridge, ElementWeb, ExistingNixosHost, HetznerNixosHost, MatrixHomeserver, ModerationBot, TurnServer } from "../sdk/components";

/**
 * The components the provider serves, each as `nixos-matrix:index:<class name>`.
 * Services find their host and each other by name, so the host components are served too.
 */
export const COMPONENTS: ComponentResourceConstructor[] = [
    MatrixHomeserver,
    TurnServer,
    ElementWeb,
    Bridge,
    ModerationBot,
    HetznerNixosHost,
    ExistingNixosHost,
];
