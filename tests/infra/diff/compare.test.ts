import { diffPlans } from "../../../infra/diff/diff";
import type { DiffDocument, StackDiff } from "../../../infra/diff/document";
import { diffInputs } from "../../../infra/diff/inputs";
import { database, plan, resource, serviceAccount } from "./fixtures";

const names = { base: "base.json", head: "head.json" };
const one = (doc: DiffDocument): StackDiff => doc.stacks[0];

describe("diffInputs", () => {
    it("lists leaf paths with values, list items indexed, missing objects compared as empty", () => {
        expect(diffInputs({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { b: 2, c: [1] }, e: { f: true } })).toEqual([
            { path: "a.b", secret: false, before: 1, after: 2 },
            { path: "a.c[1]", secret: false, before: 2 },
            { path: "d", secret: false, before: "x" },
            { path: "e.f", secret: false, after: true },
        ]);
    });

    it("never keeps a value when either side is a secret, and cannot tell two secrets apart", () => {
        expect(diffInputs({ password: "hunter2" }, { password: "[secret]" })).toEqual([{ path: "password", secret: true }]);
        expect(diffInputs({ password: "[secret]" }, { password: "[secret]" })).toEqual([]);
    });
});

describe("diffPlans", () => {
    it("finds no change between equal plans (exit 0)", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database()])], names);
        expect(one(doc).status).toBe("unchanged");
        expect(one(doc).resources).toEqual([]);
        expect(doc.exitCode).toBe(0);
    });

    it("lists a create and a non-stateful delete, grouped under their component (exit 3)", async () => {
        const base = plan([database(), serviceAccount(), resource("gcp:compute/firewall:Firewall", "old-fw", { name: "fw" })]);
        const head = plan([database(), serviceAccount(), resource("gcp:compute/network:Network", "vpc", { name: "vpc" })]);
        const doc = await diffPlans([base], [head], names);
        expect(one(doc).resources.map((r) => [r.kind, r.name, r.component])).toEqual([
            ["delete", "old-fw", "urn:pulumi:prod::prodstack::prodstack:gcp:Database::database"],
            ["create", "vpc", "urn:pulumi:prod::prodstack::prodstack:gcp:Database::database"],
        ]);
        expect(one(doc).counts).toEqual({ create: 1, update: 0, replace: 0, delete: 1 });
        expect(doc.exitCode).toBe(3);
    });

    it("lists an update with its changed paths, 'may replace' where the provider docs are silent", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ tier: "db-custom-4-15360" })])], names);
        const [r] = one(doc).resources;
        expect(r.kind).toBe("update");
        expect(r.changes).toEqual([{ path: "settings.tier", secret: false, before: "db-custom-2-7680", after: "db-custom-4-15360", effect: "unknown" }]);
        expect(r.mayReplace).toBe(true);
        expect(one(doc).blocking).toEqual([]);
        expect(doc.exitCode).toBe(3);
    });

    it("replaces on an input the provider documents as forcing a new resource, citing the rule", async () => {
        const doc = await diffPlans([plan([serviceAccount("acme-prod-api")])], [plan([serviceAccount("acme-prod-api2")])], names);
        const [r] = one(doc).resources;
        expect(r.kind).toBe("replace");
        expect(r.replaceReasons).toEqual([
            expect.stringMatching(/^accountId forces a new resource: accountId: Changing this forces a new service account to be created\. \(@pulumi\/gcp@\d+\.\d+\.\d+ serviceaccount\/account\.d\.ts\)$/),
        ]);
        expect(r.stateful).toBe(false);
        expect(doc.exitCode).toBe(3);
    });

    it("replaces a resource whose URN changed (same type and name, new parent) unless its aliases cover the old URN", async () => {
        const moved = resource("gcp:serviceaccount/account:Account", "api-sa", { accountId: "acme-prod-api", displayName: "api" }, { parent: null });
        const doc = await diffPlans([plan([serviceAccount()])], [plan([moved])], names);
        expect(one(doc).resources.map((r) => [r.kind, r.previousUrn, r.replaceReasons[0]])).toEqual([
            [
                "replace",
                "urn:pulumi:prod::prodstack::prodstack:gcp:Database$gcp:serviceaccount/account:Account::api-sa",
                "URN changed from urn:pulumi:prod::prodstack::prodstack:gcp:Database$gcp:serviceaccount/account:Account::api-sa",
            ],
        ]);
        const aliased = { ...moved, aliases: [{ spec: { name: "", type: "", stack: "", project: "", parenturn: "urn:pulumi:prod::prodstack::prodstack:gcp:Database::database" } }] };
        const doc2 = await diffPlans([plan([serviceAccount()])], [plan([aliased])], names);
        expect(one(doc2).resources).toEqual([]);
        expect(doc2.exitCode).toBe(0);
    });

    it("blocks (exit 1) a stateful deletion or replacement unless --allow-stateful (exit 3), flagging it either way", async () => {
        const doc = await diffPlans([plan([database()])], [plan([])], names);
        expect(one(doc).blocking).toEqual(['stateful gcp:sql/databaseInstance:DatabaseInstance "database-primary" will be DELETED']);
        expect(one(doc).flags).toContain('gcp:sql/databaseInstance:DatabaseInstance "database-primary" is protected and deleted: pulumi up will refuse until protect is removed');
        expect(doc.exitCode).toBe(1);
        expect((await diffPlans([plan([database()])], [plan([])], names, { allowStateful: true })).exitCode).toBe(3);

        const user = (name: string) => resource("gcp:sql/user:User", "app-user", { instance: "db", name, password: "[secret]" });
        const replaced = await diffPlans([plan([user("app")])], [plan([user("app2")])], names);
        expect(one(replaced).resources[0].kind).toBe("replace");
        expect(one(replaced).blocking).toEqual(['stateful gcp:sql/user:User "app-user" will be REPLACED (its data does not move to the new one)']);
        expect(replaced.exitCode).toBe(1);
    });

    it("does not block a stateful update or a non-stateful replacement", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ tier: "db-custom-4-15360" })])], names);
        expect(one(doc).resources[0].stateful).toBe(true);
        expect(doc.exitCode).toBe(3);
    });

    it("flags a resource losing protect and deletion protection", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ protect: false, deletionProtection: false })])], names);
        expect(one(doc).resources[0].protectionLost).toEqual(["protect", "deletionProtection"]);
        expect(one(doc).flags).toContain('gcp:sql/databaseInstance:DatabaseInstance "database-primary" loses protect, deletionProtection');
        const kept = await diffPlans([plan([database({ protect: false, deletionProtection: false })])], [plan([database()])], names);
        expect(one(kept).flags.filter((f) => f.includes("loses"))).toEqual([]);
    });

    it("blocks a new mandatory violation and flags the roadmap item going from pass to fail", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ ipv4Enabled: true })])], names);
        expect(one(doc).newViolations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["db-no-public-ip", "mandatory"]]);
        expect(one(doc).blocking).toEqual([expect.stringMatching(/^new mandatory policy violation db-no-public-ip: /)]);
        expect(one(doc).regressions.map((r) => r.id)).toEqual(["db-private"]);
        expect(one(doc).flags).toContain("roadmap item db-private went from pass to fail: " + one(doc).regressions[0].item);
        expect(doc.exitCode).toBe(1);
        // --allow-stateful does not let a mandatory violation through.
        expect((await diffPlans([plan([database()])], [plan([database({ ipv4Enabled: true })])], names, { allowStateful: true })).exitCode).toBe(1);
    });

    it("flags a new advisory violation without blocking", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ maintenance: false })])], names);
        expect(one(doc).newViolations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["db-maintenance-window", "advisory"]]);
        expect(one(doc).flags).toContainEqual(expect.stringMatching(/^new advisory policy violation db-maintenance-window: /));
        expect(one(doc).blocking).toEqual([]);
        expect(doc.exitCode).toBe(3);
    });

    it("pairs plan sets by stack name; a stack only on one side is added or removed", async () => {
        const doc = await diffPlans([plan([serviceAccount()], "prod"), plan([serviceAccount()], "old")], [plan([serviceAccount()], "prod"), plan([serviceAccount()], "new")], names);
        expect(doc.stacks.map((s) => [s.stack, s.status, s.resources.map((r) => r.kind)])).toEqual([
            ["new", "added", ["create"]],
            ["old", "removed", ["delete"]],
            ["prod", "unchanged", []],
        ]);
    });
});
