import { InvalidArgsError } from "../../../components/core";
import { Secrets, type SecretsArgs } from "../../../components/gcp/secrets";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan } from "../../helpers/inventory";

const SECRET = "gcp:secretmanager/secret:Secret";
const VERSION = "gcp:secretmanager/secretVersion:SecretVersion";
const ACCESSOR = "gcp:secretmanager/secretIamMember:SecretIamMember";
const API = "serviceAccount:acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com";
const WORKER = "serviceAccount:acme-stg-worker-run@acme-web-staging.iam.gserviceaccount.com";

describe("gcp Secrets", () => {
    it("creates one automatically replicated secret per key, prefixed, deletable outside prod", async () => {
        const inv = await plan(() => {
            new Secrets("app", { namePrefix: "acme-stg", secrets: { "session-secret": {}, "stripe-key": {} } });
        });
        expect(inv.counts()).toEqual({ "prodstack:gcp:Secrets": 1, [SECRET]: 2 });
        expect(inv.ofType(SECRET).map((s) => s.inputs)).toEqual([
            { secretId: "acme-stg-session-secret", replication: { auto: {} }, deletionProtection: false },
            { secretId: "acme-stg-stripe-key", replication: { auto: {} }, deletionProtection: false },
        ]);
    });

    it("generates a value once per declared charset, stores it as the first version and ignores later changes to its settings", async () => {
        const inv = await plan(() => {
            const s = new Secrets("app", {
                namePrefix: "acme-stg",
                secrets: {
                    session: { generate: {} },
                    token: { generate: { length: 32, charset: "urlsafe" } },
                    jwt: { generate: { length: 128, charset: "hex" } },
                    manual: {},
                },
            });
            return { sessionVersion: s.refs.session.version, manualVersion: s.refs.manual.version };
        });
        const password = (name: string) => inv.named(name, "random:index/randomPassword:RandomPassword");
        expect(password("app-session-random").inputs).toEqual({ length: 64, special: false });
        expect(password("app-token-random").inputs).toEqual({ length: 32, special: true, overrideSpecial: "-_" });
        expect(inv.named("app-jwt-random", "random:index/randomBytes:RandomBytes").inputs).toEqual({ length: 64 });
        expect(password("app-token-random").ignoreChanges).toEqual(expect.arrayContaining(["special", "overrideSpecial"]));
        for (const r of inv.resources.filter((x) => x.type.startsWith("random:"))) {
            expect(r.ignoreChanges).toEqual(expect.arrayContaining(["length", "keepers"]));
        }
        expect(inv.ofType(VERSION).map((v) => [v.name, v.inputs.secretData]).sort()).toEqual([
            ["app-jwt", "[secret]"],
            ["app-session", "[secret]"],
            ["app-token", "[secret]"],
        ]);
        expect(inv.outputs).toEqual({ sessionVersion: "1", manualVersion: "latest" });
        expect(JSON.stringify(inv.resources.map((r) => r.inputs))).not.toContain("placeholder-password");
        expect(summarize(Secrets.TYPE, inv.resources)).toBe(
            "4 secrets · automatic replication · 3 values from the stack, the rest out of band · 3 generated once, never rotated by the stack",
        );
    });

    it("refuses a generated secret with a value too, or with a length or charset it cannot honour", () => {
        expect(() => new Secrets("app", {
            namePrefix: "acme-stg",
            secrets: {
                both: { value: "x", generate: {} },
                short: { generate: { length: 15 } },
                odd: { generate: { length: 33, charset: "hex" } },
                emoji: { generate: { charset: "emoji" as never } },
            },
        })).toThrow(
            'prodstack:gcp:Secrets "app" has invalid args:\n' +
                "  - secrets.both.generate: expected either value or generate, not both, got {}\n" +
                "  - secrets.short.generate.length: expected an integer from 16 to 4096, got 15\n" +
                "  - secrets.odd.generate.length: expected an even length for hex (two characters per random byte), got 33\n" +
                '  - secrets.emoji.generate.charset: expected one of "alphanumeric", "urlsafe", "hex", got "emoji"',
        );
    });

    it("stores a given value only as a secret version, marked secret, and mounts that version", async () => {
        const inv = await plan(() => {
            const s = new Secrets("db", { namePrefix: "acme-stg", secrets: { password: { value: "hunter2" }, "api-key": {} } });
            return { passwordVersion: s.refs.password.version, apiKeyVersion: s.refs["api-key"].version };
        });
        const version = inv.one(VERSION);
        expect(version.inputs).toEqual({ secret: "db-password-id", secretData: "[secret]" });
        expect(version.dependsOn).toContain(inv.named("db-password", SECRET).urn);
        expect(JSON.stringify(inv.resources)).not.toContain("hunter2");
        expect(inv.outputs).toEqual({ passwordVersion: "1", apiKeyVersion: "latest" });
        expect(inv.childrenOf(inv.one(Secrets.TYPE).urn).map((r) => [r.type, r.name])).toEqual([
            [SECRET, "db-api-key"],
            [SECRET, "db-password"],
            [VERSION, "db-password"],
        ]);
    });

    it("grants secretAccessor per secret to exactly the members listed for it, never project-wide", async () => {
        const inv = await plan(() => {
            new Secrets("app", {
                namePrefix: "acme-stg",
                secrets: { "session-secret": { accessors: [API] }, "worker-token": { accessors: [WORKER, API] }, unused: {} },
            });
        });
        const grants = inv.ofType(ACCESSOR).map((g) => g.inputs);
        expect(grants).toEqual([
            { secretId: "app-session-secret-id", role: "roles/secretmanager.secretAccessor", member: API },
            { secretId: "app-worker-token-id", role: "roles/secretmanager.secretAccessor", member: WORKER },
            { secretId: "app-worker-token-id", role: "roles/secretmanager.secretAccessor", member: API },
        ]);
        expect(inv.ofType("gcp:projects/iAMMember:IAMMember")).toHaveLength(0);
        expect(inv.childrenOf(inv.one(Secrets.TYPE).urn).filter((r) => r.type === ACCESSOR).map((r) => r.name)).toEqual([
            "app-session-secret-accessor-0",
            "app-worker-token-accessor-0",
            "app-worker-token-accessor-1",
        ]);
    });

    it("replicates to the given regions only and protects secrets from deletion when asked (prod)", async () => {
        const args: SecretsArgs = {
            namePrefix: "acme-prod",
            secrets: { "session-secret": {} },
            replicaLocations: ["europe-west1", "europe-west4"],
            deletionProtection: true,
        };
        const inv = await plan(() => {
            new Secrets("app", args);
        });
        expect(inv.one(SECRET).inputs).toEqual({
            secretId: "acme-prod-session-secret",
            replication: { userManaged: { replicas: [{ location: "europe-west1" }, { location: "europe-west4" }] } },
            deletionProtection: true,
        });
    });

    it("rejects bad keys and regions with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new Secrets("app", { namePrefix: "acme-stg", secrets: { Session_Secret: {}, ok: {} }, replicaLocations: ["eu"] });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'secrets.Session_Secret: expected a key of lowercase letters, digits and hyphens, got "Session_Secret"',
            'replicaLocations[0]: expected a region such as "europe-west1", got "eu"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("accepts a 63-character key and a two-digit region", async () => {
        const key = "k" + "-0".repeat(31);
        const inv = await plan(() => {
            new Secrets("app", { namePrefix: "acme-prod", secrets: { [key]: {} }, replicaLocations: ["europe-west10"] });
        });
        expect(inv.one(SECRET).inputs).toMatchObject({ secretId: `acme-prod-${key}`, replication: { userManaged: { replicas: [{ location: "europe-west10" }] } } });
    });

    it.each<[string, Partial<SecretsArgs>, string]>([
        ["a key with an underscore after it", { secrets: { session_: {} } }, 'secrets.session_: expected a key of lowercase letters, digits and hyphens, got "session_"'],
        ["a 64-character key", { secrets: { ["k".repeat(64)]: {} } }, `secrets.${"k".repeat(64)}: expected a key of lowercase letters, digits and hyphens, got "${"k".repeat(64)}"`],
        ["a key starting with a digit", { secrets: { "1key": {} } }, 'secrets.1key: expected a key of lowercase letters, digits and hyphens, got "1key"'],
        ["a zone for a region", { replicaLocations: ["europe-west1", "europe-west1-b"] }, 'replicaLocations[1]: expected a region such as "europe-west1", got "europe-west1-b"'],
        ["a region with a capital", { replicaLocations: ["Europe-west1"] }, 'replicaLocations[0]: expected a region such as "europe-west1", got "Europe-west1"'],
    ])("rejects %s", (_label, args, problem) => {
        expect(argProblems(() => new Secrets("app", { namePrefix: "acme-prod", secrets: { ok: {} }, ...args }))).toEqual([problem]);
    });
});
