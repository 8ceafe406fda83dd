/**
 * The pure layers the components wire together, imported in one place.
 */
export { planStack } from "../plan/plan-stack";
export { renderSecretFile } from "../plan/render-secret-file";
export { cloudFirewallRules, type CloudFirewallRule } from "../plan/firewall";
export { readScript } from "../deploy/script-command";
export { hostSteps, type RemoteStep } from "../deploy/host-steps";
export type { Step } from "../deploy/contract";
export { pinArgs } from "../deploy/pin-args";
export { oldSigningKeysArgs, oldSigningKeysHomeserver } from "../deploy/old-signing-keys-step";
export { switchesBefore } from "../plan/rollout";
