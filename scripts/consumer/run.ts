// Runs ./index under Pulumi's runtime mocks and asserts what the cloud would receive.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "prodstack/core";
import { CloudRunService } from "prodstack/gcp";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

async function settle(): Promise<void> {
    // Registrations complete asynchronously: wait until no new one arrives for a while.
    for (let last = -1, still = 0; still < 3; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        still = registered.length === last ? still + 1 : 0;
        last = registered.length;
    }
}

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({ type: a.type, name: a.name, inputs: a.inputs });
                return { id: `${a.name}-id`, state: { ...a.inputs, email: `${a.name}@example.iam.gserviceaccount.com` } };
            },
            call: (a) => a.inputs,
        },
        "consumer",
        "prod",
        true,
    );
    pulumi.runtime.setAllConfig({ "gcp:project": "acme-web-prod", "gcp:region": "europe-west1" });

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("./index") as typeof import("./index");
    await settle();

    const one = (type: string, name?: string) => {
        const found = registered.filter((r) => r.type === type && (!name || r.name === name));
        assert.equal(found.length, 1, `expected one ${type} ${name ?? ""}, found ${found.length}`);
        return found[0];
    };
    // One copy of the SDK: the components are resources of the program's @pulumi/pulumi.
    assert.ok(program.api instanceof pulumi.ComponentResource, "CloudRunService is a ComponentResource of the program's SDK");
    assert.ok(pulumi.Resource.isInstance(program.network));

    one("prodstack:gcp:CloudRunService", "api");
    const service = one("gcp:cloudrunv2/service:Service");
    assert.equal(service.inputs.project, "acme-web-prod", "project from stack config");
    assert.equal(service.inputs.location, "europe-west1", "region from stack config");
    const grants = registered.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember");
    assert.ok(grants.length > 0 && grants.every((g) => g.inputs.project === "acme-web-prod"), "project-level grants in the configured project");

    assert.equal(one("gcp:projects/service:Service").inputs.project, "acme-sandbox-1", "project from another resource's output");
    one("prodstack:gcp:Network", "net");
    assert.equal(one("gcp:compute/network:Network").inputs.autoCreateSubnetworks, false);

    // Bad args: prodstack/core's error, before anything is registered.
    const before = registered.length;
    assert.throws(
        () => new CloudRunService("bad", { project: "Acme_Prod", region: "europe-west1", namePrefix: "acme", serviceName: "api", image: "x" }),
        (e: unknown) => e instanceof InvalidArgsError && /project: expected a GCP project ID/.test(e.message),
    );
    await settle();
    assert.equal(registered.length, before);

    const counts: Record<string, number> = {};
    for (const r of registered) counts[r.type] = (counts[r.type] ?? 0) + 1;
    console.log(`program under mocks: ${registered.length} resources`, JSON.stringify(counts));
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
