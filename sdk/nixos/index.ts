export { renderBundle, bundleHash, BUNDLE_DIR } from "./render-bundle";
export { hostParams, serializeParams, STATE_MOUNT_POINT, type RenderOptions } from "./params";
export type * from "./params-types";
export { NIXOS_RELEASE, DEFAULT_PRIVATE_INTERFACE, ACME_STAGING_SERVER } from "./release";
export type { Bundle } from "./types";
