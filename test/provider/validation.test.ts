import { describe, expect, it } from "vitest";
import { currentRegistry, resetRegistry } from "../../sdk/components";
import { ComponentCall, ComponentProgram, constructOverGrpc, PROJECT, runUnderMocks, STACK } from "./harness/component-program";
import { runProgramUnderMocks } from "./harness/mock-program";
import { grpcErrorDetails } from "./harness/provider-client";
import { useProviderSession } from "./harness/provider-session";
import { COMPONENTS } from "../../provider/components";

const CONFIG = { "nixos-matrix:acmeEmail": "admin@example.org" };

/** Bad args a component rejects in its constructor, each with the first line of the expected message. */
const BAD_ARGS: { readonly call: ComponentCall; readonly message: string }[] = [
    {
        call: { className: "MatrixHomeserver", name: "hs", args: { serverName: "Example.org" } },
        message: 'MatrixHomeserver "hs".serverName: must be lower case',
    },
    {
        call: { className: "MatrixHomeserver", name: "hs", args: { serverName: "example.org", implementation: "dendrite" } },
        message: "MatrixHomeserver \"hs\".implementation: must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'",
    },
    {
        call: { className: "TurnServer", name: "turn", args: { realm: "turn.example.org", listeningPort: 70000 } },
        message: 'TurnServer "turn".listeningPort: must be between 1 and 65535',
    },
    {
        call: { className: "ElementWeb", name: "element", args: { domain: "element.example.org", homeserver: "hs", config: { default_server_config: {} } } },
        message: 'ElementWeb "element".config.default_server_config: must not be set',
    },
    {
        call: { className: "Bridge", name: "slack", args: { type: "mautrix-slack", homeserver: "hs" } },
        message: 'Bridge "slack".type: must be one of',
    },
    {
        call: { className: "HetznerNixosHost", name: "vm", args: { location: "Mars" } },
        message: 'HetznerNixosHost "vm".location: must be a Hetzner location',
    },
];

/** The message `new <Class>(name, args)` throws in TypeScript. */
async function typescriptError(call: ComponentCall): Promise<string> {
    resetRegistry();
    let message = "";
    await runProgramUnderMocks(PROJECT, STACK, () => {
        const cls = COMPONENTS.find((c) => c.name === call.className)!;
        try {
            new cls(call.name, { ...call.args });
        } catch (err) {
            message = (err as Error).message;
        }
        // The refusal fails the stack's seal; observed here, it is not the run's unhandled error.
        currentRegistry().settled().catch(() => undefined);
    });
    return message;
}

describe("bad args through Construct", () => {
    const session = useProviderSession(PROJECT, STACK);

    for (const { call, message } of BAD_ARGS) {
        it(`${call.className} ${JSON.stringify(call.args)} fails with "${message}..." as in TypeScript`, async () => {
            const expected = await typescriptError(call);
            expect(expected.split("\n")[0]).toContain(message);
            const [outcome] = await constructOverGrpc(session(), { config: CONFIG, components: [call] });
            expect(outcome.ok, "Construct accepted bad args").toBe(false);
            if (!outcome.ok) expect(grpcErrorDetails(outcome.error)).toBe(expected);
        });
    }

    it("registers nothing for rejected components", () => {
        expect(session().engine.monitor.registrations).toEqual([]);
    });
});

/** Args each component accepts alone, wrong only together: the stack plan rejects them. */
const BAD_STACK: ComponentProgram = {
    config: CONFIG,
    components: [
        { className: "HetznerNixosHost", name: "matrix", args: {} },
        { className: "ElementWeb", name: "element", args: { host: "matrix", domain: "element.example.org", homeserver: "nope" } },
    ],
};

describe("a stack that fails to plan, through Construct", () => {
    // Its own process: a provider plans one stack.
    const session = useProviderSession(PROJECT, STACK);

    it("fails every Construct with the message TypeScript raises when the stack seals", async () => {
        const mocked = runUnderMocks(BAD_STACK);
        const expected = await currentRegistry().settled().then(
            () => "",
            (err: Error) => err.message,
        );
        await mocked;
        expect(expected).toContain('ElementWeb "element".homeserver');
        const outcomes = await constructOverGrpc(session(), BAD_STACK);
        expect(outcomes.map((o) => (o.ok ? "constructed" : grpcErrorDetails(o.error)))).toEqual(
            BAD_STACK.components.map(() => expected),
        );
        expect(session().engine.monitor.registrations.filter((r) => r.custom)).toEqual([]);
    });
});

/** A valid stack with one refused component declared in the middle. */
const POISONED_STACK: ComponentProgram = {
    config: CONFIG,
    components: [
        { className: "HetznerNixosHost", name: "matrix", args: {} },
        { className: "MatrixHomeserver", name: "hs", args: { host: "matrix", serverName: "example.org" } },
        { className: "TurnServer", name: "turn", args: { host: "matrix", realm: "turn.example.org", relayPortFrom: 70000 } },
        { className: "ElementWeb", name: "element", args: { host: "matrix", domain: "element.example.org", homeserver: "hs" } },
    ],
};

describe("a stack with one refused component, through Construct", () => {
    const session = useProviderSession(PROJECT, STACK);

    it("fails every Construct of the stack and registers no resource", async () => {
        const outcomes = await constructOverGrpc(session(), POISONED_STACK);
        const messages = outcomes.map((o) => (o.ok ? "constructed" : grpcErrorDetails(o.error)));
        for (const message of messages) expect(message).toContain('TurnServer "turn".relayPortFrom: must be between 1 and 65535');
        expect(session().engine.monitor.registrations.filter((r) => r.custom)).toEqual([]);
    });
});

describe("a stack with a Construct that fails before any component code runs", () => {
    const session = useProviderSession(PROJECT, STACK);

    it("fails the other Constructs too and registers no resource", async () => {
        const program: ComponentProgram = {
            config: CONFIG,
            components: [...POISONED_STACK.components.filter((c) => c.className !== "TurnServer"), { className: "TurnSrever", name: "turn", args: {} }],
        };
        const outcomes = await constructOverGrpc(session(), program);
        expect(outcomes.map((o) => o.ok)).toEqual(program.components.map(() => false));
        expect(grpcErrorDetails((outcomes.at(-1) as { error: unknown }).error)).toContain("TurnSrever");
        expect(session().engine.monitor.registrations.filter((r) => r.custom)).toEqual([]);
    });
});

describe("a component constructed after its stack was planned, through Construct", () => {
    const session = useProviderSession(PROJECT, STACK);

    it("fails with a message saying to declare every component up front", async () => {
        const first = await constructOverGrpc(session(), {
            config: CONFIG,
            components: [{ className: "MatrixHomeserver", name: "hs", args: { serverName: "example.org" } }],
        });
        expect(first.map((o) => o.ok)).toEqual([true]);
        const [late] = await constructOverGrpc(session(), {
            config: CONFIG,
            components: [{ className: "ElementWeb", name: "element", args: { host: "hs", domain: "element.example.org", homeserver: "hs" } }],
        });
        expect(late.ok).toBe(false);
        if (!late.ok) expect(grpcErrorDetails(late.error)).toContain('ElementWeb "element" was declared after the stack was planned');
    });
});
