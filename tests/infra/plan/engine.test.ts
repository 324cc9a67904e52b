import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { engineUrn, runUnderMocks } from "../../../infra/plan/engine";

class Box extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Box", name, {}, opts);
        new gcp.storage.Bucket(`${name}-bucket`, { location: "EU" }, { parent: this });
        this.registerOutputs({});
    }
}

describe("runUnderMocks", () => {
    it("captures resource options from the registration request", async () => {
        const run = await runUnderMocks({ project: "p", stack: "s" }, () => {
            const first = new gcp.compute.Network("first", { autoCreateSubnetworks: false });
            new gcp.compute.Network("second", { autoCreateSubnetworks: false }, {
                protect: true,
                retainOnDelete: true,
                dependsOn: [first],
                ignoreChanges: ["description"],
                aliases: [{ name: "old-second" }],
                deleteBeforeReplace: true,
            });
        });
        const second = run.resources.find((r) => r.name === "second")!;
        expect(second).toMatchObject({
            type: "gcp:compute/network:Network",
            custom: true,
            parent: null,
            provider: null,
            protect: true,
            retainOnDelete: true,
            dependsOn: ["urn:pulumi:s::p::gcp:compute/network:Network::first"],
            ignoreChanges: ["description"],
            deleteBeforeReplace: true,
        });
        // As docs/plan-format.md documents them: the engine's Alias message.
        expect(second.aliases).toEqual([
            { spec: { name: "old-second", type: "", stack: "", project: "", parenturn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s" } },
        ]);
        const first = run.resources.find((r) => r.name === "first")!;
        expect(first).toMatchObject({ protect: false, retainOnDelete: false, dependsOn: [], aliases: [], ignoreChanges: [], deleteBeforeReplace: false });
    });

    it("lists explicit providers as resources with their inputs and points resources at them", async () => {
        const run = await runUnderMocks({ project: "p", stack: "s" }, () => {
            const east = new gcp.Provider("east", { project: "acme", region: "us-east1" });
            new gcp.storage.Bucket("b", { location: "US" }, { provider: east });
        });
        const provider = run.resources.find((r) => r.type === "pulumi:providers:gcp")!;
        expect(provider.urn).toBe("urn:pulumi:s::p::pulumi:providers:gcp::east");
        expect(provider.inputs).toMatchObject({ project: "acme", region: "us-east1" });
        expect(run.resources.find((r) => r.name === "b")!.provider).toBe(provider.urn);
    });

    it("forms URNs as the engine does: parent types chained, the root stack left out", async () => {
        const run = await runUnderMocks({ project: "p", stack: "s" }, () => {
            const outer = new Box("outer");
            new Box("inner", { parent: outer });
        });
        const urns = run.resources.map((r) => r.urn);
        expect(urns).toContain("urn:pulumi:s::p::test:index:Box::outer");
        expect(urns).toContain("urn:pulumi:s::p::test:index:Box$test:index:Box::inner");
        expect(urns).toContain("urn:pulumi:s::p::test:index:Box$test:index:Box$gcp:storage/bucket:Bucket::inner-bucket");
        expect(urns.some((u) => u.includes("pulumi:pulumi:Stack"))).toBe(false);
        expect(engineUrn("p", "s", "", "t:m:T", "n")).toBe("urn:pulumi:s::p::t:m:T::n");
    });

    it("replaces secret values by a placeholder in inputs and outputs", async () => {
        const run = await runUnderMocks({ project: "p", stack: "s" }, () => {
            new gcp.secretmanager.SecretVersion("v", { secret: "s", secretData: pulumi.secret("hunter2") });
            return { token: pulumi.secret("hunter2"), plain: "visible" };
        });
        expect(run.resources[0].inputs.secretData).toBe("[secret]");
        expect(run.outputs).toEqual({ token: "[secret]", plain: "visible" });
        expect(JSON.stringify(run)).not.toContain("hunter2");
    });

    it("keeps separate stacks apart when run one after another", async () => {
        const a = await runUnderMocks({ project: "p", stack: "a" }, () => new gcp.compute.Network("n", {}));
        const b = await runUnderMocks({ project: "p", stack: "b" }, () => new gcp.compute.Network("m", {}));
        expect(a.resources.map((r) => r.urn)).toEqual(["urn:pulumi:a::p::gcp:compute/network:Network::n"]);
        expect(b.resources.map((r) => r.urn)).toEqual(["urn:pulumi:b::p::gcp:compute/network:Network::m"]);
    });

    it("gives the program the stack config", async () => {
        let seen: string | undefined;
        await runUnderMocks({ project: "p", stack: "s", config: { "p:greeting": "hello" } }, () => {
            seen = new pulumi.Config().get("greeting");
        });
        expect(seen).toBe("hello");
    });

    it("gives the program each resource's ID and state as the engine would: inputs echoed, keys sorted, secrets still secret", async () => {
        const seen: Record<string, unknown> = {};
        const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
        await runUnderMocks({ project: "p", stack: "s" }, async () => {
            const bucket = new gcp.storage.Bucket("b", { location: "EU", labels: { zone: "1", app: "2" }, project: pulumi.secret("acme") });
            seen.id = await value(bucket.id);
            seen.location = await value(bucket.location);
            seen.labelKeys = Object.keys((await value(bucket.labels)) ?? {});
            seen.projectIsSecret = await pulumi.isSecret(bucket.project);
            // A computed placeholder, written {name, type, data}: the engine's protobuf Struct sorts keys.
            const auth = new gcp.certificatemanager.DnsAuthorization("auth", { domain: "example.com" });
            seen.recordKeys = Object.keys((await value(auth.dnsResourceRecords))[0]);
        });
        expect(seen).toEqual({ id: "b-id", location: "EU", labelKeys: ["app", "zone"], projectIsSecret: true, recordKeys: ["data", "name", "type"] });
    });

    it("still tracks every SDK promise until it settles, so the SDK reports a leak at exit, and restores its tracking after the run", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal modules
        const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T> };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
        const original = debuggable.debuggablePromise;
        const never = new Promise<void>(() => undefined);
        const settled = Promise.resolve();
        await runUnderMocks({ project: "p", stack: "s" }, async () => {
            new gcp.compute.Network("n", {});
            void debuggable.debuggablePromise(never, "never");
            await debuggable.debuggablePromise(settled, "settled");
        });
        const candidates = state.getStore().leakCandidates;
        expect(candidates.has(never)).toBe(true);
        expect(candidates.has(settled)).toBe(false);
        expect(debuggable.debuggablePromise).toBe(original);
    });

    it("hands registrations to the mock monitor without encoding them Value by Value, and restores the encoding after the run", async () => {
        const original = Struct.fromJavaScript;
        const encode = jest.spyOn(Value, "fromJavaScript");
        try {
            const run = await runUnderMocks({ project: "p", stack: "s" }, () => {
                new gcp.storage.Bucket("b", { location: "EU", labels: { zone: "1", app: "2" }, cors: [{ origins: ["*"], maxAgeSeconds: 60 }] });
                return { plain: "visible" };
            });
            expect(encode).not.toHaveBeenCalled();
            expect(run.resources[0].inputs).toMatchObject({ location: "EU", labels: { app: "2", zone: "1" }, cors: [{ origins: ["*"], maxAgeSeconds: 60 }] });
            expect(run.outputs).toEqual({ plain: "visible" });
        } finally {
            encode.mockRestore();
        }
        expect(Struct.fromJavaScript).toBe(original);
    });
});
