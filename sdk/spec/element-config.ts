/**
 * The top-level keys Element Web reads from config.json (its docs/config.md), each with
 * the kind of value it takes, and the keys the library generates itself. A key Element
 * does not know is a typo or a setting of another version: refused, not shipped unread.
 */
import type { z } from "zod";
import { addJsonIssues } from "./json-value";

type Kind = "boolean" | "string" | "number" | "object" | "list" | "any";

export const ELEMENT_CONFIG_KEYS: Readonly<Record<string, Kind>> = {
    // Labs and defaults
    features: "object",
    show_labs_settings: "boolean",
    default_federate: "boolean",
    default_country_code: "string",
    room_directory: "object",
    setting_defaults: "object",
    // Customisation and branding
    default_theme: "string",
    default_device_display_name: "string",
    brand: "string",
    permalink_prefix: "string",
    desktop_builds: "object",
    mobile_builds: "object",
    mobile_guide_toast: "boolean",
    update_base_url: "string",
    map_style_url: "string",
    welcome_user_id: "string",
    custom_translations_url: "string",
    branding: "object",
    embedded_pages: "object",
    disable_custom_urls: "boolean",
    disable_3pid_login: "boolean",
    disable_login_language_selector: "boolean",
    disable_guests: "boolean",
    user_notice: "object",
    help_url: "string",
    help_encryption_url: "string",
    force_verification: "boolean",
    // SSO and OIDC
    logout_redirect_url: "string",
    sso_redirect_options: "object",
    oidc_static_clients: "object",
    oidc_metadata: "object",
    // VoIP
    jitsi: "object",
    jitsi_widget: "object",
    voip: "object",
    widget_build_url: "string",
    audio_stream_url: "string",
    element_call: "object",
    // Bug reports, integrations, administration, analytics
    bug_report_endpoint_url: "string",
    uisi_autorageshake_app: "string",
    existing_issues_url: "string",
    new_issue_url: "string",
    sentry: "object",
    integrations_ui_url: "string",
    integrations_rest_url: "string",
    integrations_widgets_urls: "list",
    default_widget_container_height: "number",
    report_event: "object",
    terms_and_conditions_links: "list",
    posthog: "object",
    analytics_owner: "string",
    privacy_policy_url: "string",
    enable_presence_by_hs_url: "object",
    // Undocumented, developer options
    sync_timeline_limit: "number",
    dangerously_allow_unsafe_and_insecure_passwords: "boolean",
    latex_maths_delims: "object",
    modules: "list",
};

/** Keys that would fight the generated `default_server_config`, with the reason. */
export const GENERATED_SERVER_KEYS: Readonly<Record<string, string>> = {
    default_server_config: "must not be set: it is generated from the homeserver",
    default_server_name: "must not be set: it makes Element look the homeserver up by name instead of using the generated default_server_config",
    default_hs_url: "must not be set: Element refuses default_hs_url beside default_server_config, which is generated from the homeserver",
    default_is_url: "must not be set: Element refuses default_is_url beside default_server_config, which is generated from the homeserver",
    fallback_hs_url: "must not be set: the homeserver is the generated default_server_config's",
};

const KIND_CHECKS: Record<Kind, { readonly test: (v: unknown) => boolean; readonly message: string }> = {
    boolean: { test: (v) => typeof v === "boolean", message: "must be true or false" },
    string: { test: (v) => typeof v === "string", message: "must be a string" },
    number: { test: (v) => typeof v === "number", message: "must be a number" },
    object: { test: (v) => v !== null && typeof v === "object" && !Array.isArray(v), message: "must be an object" },
    list: { test: Array.isArray, message: "must be a list" },
    any: { test: () => true, message: "" },
};

/** Adds an issue for each key Element does not read, each generated key and each value of the wrong kind. */
export function checkElementConfig(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
    for (const [key, value] of Object.entries(config)) {
        const generated = GENERATED_SERVER_KEYS[key];
        const kind = ELEMENT_CONFIG_KEYS[key];
        if (generated) ctx.addIssue({ code: "custom", path: [key], message: generated });
        else if (!kind) ctx.addIssue({ code: "custom", path: [key], message: "is not a config.json key Element Web reads (see its docs/config.md)" });
        else if (typeof value !== "function" && !KIND_CHECKS[kind].test(value)) ctx.addIssue({ code: "custom", path: [key], message: KIND_CHECKS[kind].message });
    }
    addJsonIssues(config, ctx);
}
