/**
 * The pure layers the components wire together, imported in one place.
 */
export { planStack } from "../plan/plan-stack";
export { renderSecretFile } from "../plan/render-secret-file";
export { cloudFirewallRules, type CloudFirewallRule } from "../plan/firewall";
export { secretsArgs, secretsHash, secretsStdin, stepCommand, switchArgs, uploadArgs, uploadStdin, waitArgs } from "../deploy/steps";
export { readScript } from "../deploy/script-command";
