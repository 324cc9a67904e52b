import { checkPlans, parsePlanFile } from "../../policy/check";
import { evaluatePlan } from "../../policy/run";
import type { PlannedResource } from "../../infra/plan/engine";
import { database, plan, resource } from "../infra/diff/fixtures";

const ROOT = "urn:pulumi:prod::prodstack::pulumi:pulumi:Stack::prodstack-prod";
const PROVIDER = "urn:pulumi:prod::prodstack::pulumi:providers:gcp::default_9_37_0";

/** A resource's state as the CLI serialises it (apitype.ResourceV3): empty fields omitted, provider as `<urn>::<id>`. */
function state(r: PlannedResource, id = `${r.name}-id`) {
    return {
        urn: r.urn,
        custom: r.custom,
        ...(r.custom ? { id } : {}),
        type: r.type,
        inputs: r.inputs,
        outputs: { ...r.inputs, id },
        parent: r.parent ?? ROOT,
        ...(r.protect ? { protect: true } : {}),
        ...(r.custom ? { provider: `${PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9` } : {}),
        ...(r.dependsOn.length ? { dependencies: r.dependsOn } : {}),
    };
}

const rootState = { urn: ROOT, custom: false, type: "pulumi:pulumi:Stack" };
const providerState = { urn: PROVIDER, custom: true, id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", type: "pulumi:providers:gcp", inputs: { project: "acme-prod", region: "europe-west1", version: "9.37.0" }, outputs: {} };

/** `pulumi preview --json` as the CLI writes it (pkg/backend/display/json.go): a digest of steps. */
function digest(steps: unknown[]) {
    return {
        config: { "gcp:project": "acme-prod", "prodstack:alerts": "[secret]" },
        steps,
        duration: 4180000000,
        changeSummary: { create: 1, delete: 1, replace: 1, same: 3, update: 1 },
    };
}

describe("check on pulumi preview --json", () => {
    const component = plan([]).resources[0];
    const oldDb = database({ tier: "db-custom-2-7680" });
    const newDb = database({ tier: "db-custom-4-15360", ipv4Enabled: true });
    const bucket = resource("gcp:storage/bucket:Bucket", "uploads", { name: "acme-prod-uploads", location: "EU", uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
    const oldSa = resource("gcp:serviceaccount/account:Account", "api-sa", { accountId: "acme-prod-api" });
    const newSa = resource("gcp:serviceaccount/account:Account", "api-sa", { accountId: "acme-prod-api2" });
    const gone = resource("gcp:compute/firewall:Firewall", "old-fw", { name: "old-fw", network: "vpc", sourceRanges: ["0.0.0.0/0"] });
    const preview = digest([
        { op: "same", urn: ROOT, oldState: rootState, newState: rootState },
        { op: "same", urn: PROVIDER, oldState: providerState, newState: providerState },
        { op: "same", urn: component.urn, oldState: state(component), newState: state(component) },
        {
            op: "update",
            urn: newDb.urn,
            provider: `${PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
            oldState: state(oldDb),
            newState: state(newDb),
            diffReasons: ["settings"],
            detailedDiff: { "settings.tier": { kind: "update", inputDiff: true }, "settings.ipConfiguration.ipv4Enabled": { kind: "update", inputDiff: true } },
        },
        { op: "create", urn: bucket.urn, provider: `${PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`, newState: state(bucket, "") },
        {
            op: "replace",
            urn: newSa.urn,
            oldState: state(oldSa),
            newState: state(newSa, ""),
            diffReasons: ["accountId"],
            replaceReasons: ["accountId"],
            detailedDiff: { accountId: { kind: "update-replace", inputDiff: true } },
        },
        // With --show-replacement-steps the CLI also lists the halves of a replacement.
        { op: "create-replacement", urn: newSa.urn, oldState: state(oldSa), newState: state(newSa, ""), replaceReasons: ["accountId"] },
        { op: "delete-replaced", urn: newSa.urn, oldState: state(oldSa), newState: state(newSa, "") },
        { op: "delete", urn: gone.urn, oldState: state(gone) },
    ]);

    it("reads the stack after the preview: new states, deletions gone, the root stack left out", () => {
        const [doc] = parsePlanFile(JSON.stringify(preview), "preview.json");
        expect(doc).toMatchObject({ project: "prodstack", stack: "prod", cloud: "gcp" });
        expect(doc.resources.map((r) => [r.type, r.name, r.parent])).toEqual([
            ["prodstack:gcp:Database", "database", null],
            ["gcp:serviceaccount/account:Account", "api-sa", component.urn],
            ["gcp:sql/databaseInstance:DatabaseInstance", "database-primary", component.urn],
            ["gcp:storage/bucket:Bucket", "uploads", component.urn],
            ["pulumi:providers:gcp", "default_9_37_0", null],
        ]);
        const db = doc.resources.find((r) => r.name === "database-primary")!;
        expect(db).toMatchObject({ provider: PROVIDER, protect: true, custom: true, inputs: newDb.inputs });
        expect(doc.resources.find((r) => r.name === "api-sa")!.inputs).toEqual({ accountId: "acme-prod-api2" });
    });

    it("gives the same hardening report as the offline plan of the same resources", async () => {
        const [doc] = parsePlanFile(JSON.stringify(preview), "preview.json");
        const offline = { resources: [...doc.resources.filter((r) => r.type.startsWith("pulumi:providers:")), component, newSa, newDb, bucket].map((r) => ({ ...r, provider: r.custom && !r.type.startsWith("pulumi:providers:") ? PROVIDER : null })) };
        const [fromPreview, fromPlan] = await Promise.all([evaluatePlan(doc, { tier: "prod" }), evaluatePlan(offline, { tier: "prod" })]);
        expect(fromPreview.violations).toEqual(fromPlan.violations);
        expect(fromPreview.report.map((i) => [i.id, i.verdict])).toEqual(fromPlan.report.map((i) => [i.id, i.verdict]));
        expect(fromPreview.violations.map((v) => v.policy)).toContain("db-no-public-ip");
    });

    it("fails check on a mandatory violation in the preview, and names the stack", async () => {
        const result = await checkPlans(parsePlanFile(JSON.stringify(preview), "preview.json"), "preview.json", "prod");
        expect(result.code).toBe(1);
        expect(result.text).toContain("prodstack check preview.json · stack prod · tier prod (given)");
        expect(result.text).toMatch(/db-no-public-ip/);
    });

    it("rejects a step without op, urn or newState, naming it", () => {
        const bad = digest([{ op: "create", urn: "urn:pulumi:prod::prodstack::gcp:storage/bucket:Bucket::b" }, { urn: "x" }]);
        expect(() => parsePlanFile(JSON.stringify(bad), "preview.json")).toThrow(
            'preview.json is not a valid pulumi preview --json document:\n  - steps[0] (create urn:pulumi:prod::prodstack::gcp:storage/bucket:Bucket::b): expected "newState" with a "type"\n  - steps[1]: expected a step with "op" and "urn" strings, got {"urn":"x"}',
        );
    });
});
