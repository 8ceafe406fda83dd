import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Element's config.json: keys Element reads, of the kinds it reads, none the library generates. */
export const ELEMENT_CONFIG_CASES: readonly BadInput[] = [
    {
        name: "Element config sets default_hs_url",
        input: variant((s) => (s.elements[0].config = { default_hs_url: "https://matrix.example.org" })),
        message: "elements[0].config.default_hs_url: must not be set: Element refuses default_hs_url beside default_server_config, which is generated from the homeserver",
    },
    {
        name: "Element config sets default_is_url",
        input: variant((s) => (s.elements[0].config = { default_is_url: "https://vector.im" })),
        message: "elements[0].config.default_is_url: must not be set: Element refuses default_is_url beside default_server_config, which is generated from the homeserver",
    },
    {
        name: "Element config sets default_server_name",
        input: variant((s) => (s.elements[0].config = { default_server_name: "example.org" })),
        message: /^elements\[0\]\.config\.default_server_name: must not be set: it makes Element look the homeserver up by name/,
    },
    {
        name: "Element config key misspelt",
        input: variant((s) => (s.elements[0].config = { defualt_theme: "dark" })),
        message: "elements[0].config.defualt_theme: is not a config.json key Element Web reads (see its docs/config.md)",
    },
    {
        name: "Element config in camelCase",
        input: variant((s) => (s.elements[0].config = { defaultTheme: "dark" })),
        message: "elements[0].config.defaultTheme: is not a config.json key Element Web reads (see its docs/config.md)",
    },
    {
        name: "Element config boolean as a string",
        input: variant((s) => (s.elements[0].config = { show_labs_settings: "true" })),
        message: "elements[0].config.show_labs_settings: must be true or false",
    },
    {
        name: "Element config function value",
        input: variant((s) => (s.elements[0].config = { brand: () => "Chat" })),
        message: "elements[0].config.brand: is a function; the file it is written to holds JSON values only",
    },
    {
        name: "Element config nested function value",
        input: variant((s) => (s.elements[0].config = { setting_defaults: { breadcrumbs: () => true } })),
        message: "elements[0].config.setting_defaults.breadcrumbs: is a function; the file it is written to holds JSON values only",
    },
    {
        name: "Element config NaN",
        input: variant((s) => (s.elements[0].config = { default_widget_container_height: Number.NaN })),
        message: "elements[0].config.default_widget_container_height: must be a finite number: JSON has no NaN or Infinity",
    },
    {
        name: "bridge settings with a function value",
        input: variant((s) => (s.bridges[1].settings = { bridge: { displayname_template: () => "x" } })),
        message: "bridges[1].settings.bridge.displayname_template: is a function; the file it is written to holds JSON values only",
    },
];
