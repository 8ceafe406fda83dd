import * as pulumi from "@pulumi/pulumi";
import { elementSpec } from "../spec/element";
import { componentSpec } from "./component-spec";
import type { DnsRecordValue, PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { compact } from "./known-inputs";
import { dnsRecordsOf, ownOutputs, plannedService, verificationOf, type VerificationValue } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";

export interface ElementWebArgs {
    /** Host name Element Web is served on, e.g. `element.example.org`. */
    domain: pulumi.Input<string>;
    /** Name of the MatrixHomeserver component it points at. */
    homeserver: string;
    /** Name of the host component to run on. @default a new Hetzner VM named like this component */
    host?: string;
    /** Merged over the generated `config.json`, e.g. `{ default_theme: "dark" }`; must not set `default_server_config`. @default {} */
    config?: pulumi.Input<{ [key: string]: any }>;
}

const CLASS = "ElementWeb";

/** The Element web client, its `config.json` pointing at the homeserver. */
export class ElementWeb extends pulumi.ComponentResource {
    /** `https://<domain>`. */
    public readonly url: pulumi.Output<string>;
    /** Name of the host it runs on. */
    public readonly hostName: pulumi.Output<string>;
    /** DNS records it needs (name, type, value). */
    public readonly dnsRecords: pulumi.Output<DnsRecordValue[]>;
    /** Results of the post-deploy verify step's checks of it (check, host, ok, detail). */
    public readonly verification: pulumi.Output<VerificationValue[]>;

    constructor(name: string, args: ElementWebArgs, opts?: pulumi.ComponentResourceOptions) {
        const argPath = (p: string) => p;
        const structural = compact({ name, host: args.host ?? name, domain: args.domain, homeserver: args.homeserver, config: args.config });
        const spec = refusing(() => componentSpec({ className: CLASS, name, schema: elementSpec, structural, argPath }));
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.url = slots.output<string>();
        this.hostName = slots.output<string>();
        this.dnsRecords = slots.output<DnsRecordValue[]>();
        this.verification = slots.output<VerificationValue[]>();

        currentRegistry().declare({
            kind: "element",
            className: CLASS,
            name,
            component: this,
            host: args.host,
            spec,
            argPath,
            publish: (stack: PlannedStack) => {
                const { host, spec: element } = plannedService(stack, "elements", name);
                slots.resolve(this.url, `https://${element.domain}`);
                slots.resolve(this.hostName, host);
                slots.resolve(this.dnsRecords, dnsRecordsOf(stack, (fqdn) => fqdn === element.domain, host));
                slots.resolve(this.verification, verificationOf(stack, `element/${name}`));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}
