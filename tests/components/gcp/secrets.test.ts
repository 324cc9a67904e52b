import { InvalidArgsError } from "../../../components/core";
import { Secrets, type SecretsArgs } from "../../../components/gcp/secrets";
import { plan } from "../../helpers/inventory";

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
});
