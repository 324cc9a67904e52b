import * as fs from "fs";
import * as path from "path";
import { generatedFiles } from "../../policy/generate";
import { packConfig, POLICIES } from "../../policy/policies";
import { ROADMAP } from "../../policy/roadmap";
import { OFFLINE_SECRET } from "../../policy/rules/common";
import { LABELED_BY_PROVIDER } from "../../policy/rules/gcp/labels";
import { T } from "../../policy/rules/gcp/types";
import { SECRET_PLACEHOLDER } from "../../infra/plan/engine";
import { validateResource } from "./harness";
import { declarationOf, undeclaredInputs } from "./sdk";

const ROOT = path.resolve(__dirname, "../..");

describe("the pack", () => {
    it("has unique policy names, each verifying exactly one roadmap item, and every roadmap policy exists", () => {
        const names = POLICIES.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const p of POLICIES) {
            expect(ROADMAP.filter((i) => i.policies.includes(p.name)).map((i) => i.id)).toEqual([p.roadmap]);
        }
        expect(ROADMAP.flatMap((i) => i.policies).sort()).toEqual([...names].sort());
        expect(new Set(ROADMAP.map((i) => i.id)).size).toBe(ROADMAP.length);
    });

    it("covers every roadmap item of the issue", () => {
        expect(ROADMAP.map((i) => i.id)).toEqual(
            expect.arrayContaining([
                "https-only", "tls-1-2", "security-headers", "waf", "rate-limiting", "db-private", "db-tls", "backups", "ha",
                "deletion-protection", "secrets", "least-privilege", "service-identities", "uptime-alerts", "log-retention",
                "labels", "private-buckets", "redis-auth-tls", "network-ingress",
            ]),
        );
    });

    it("makes security and data-loss policies mandatory, hygiene advisory, and prod at least as strict as non-prod", () => {
        const rank = { disabled: 0, advisory: 1, remediate: 2, mandatory: 2 };
        for (const p of POLICIES) {
            if (p.category === "security" || p.category === "data-loss") expect([p.name, p.enforcement.prod]).toEqual([p.name, "mandatory"]);
            if (p.category === "hygiene") expect([p.name, p.enforcement]).toEqual([p.name, { prod: "advisory", "non-prod": "advisory" }]);
            expect(rank[p.enforcement.prod]).toBeGreaterThanOrEqual(rank[p.enforcement["non-prod"]]);
            // Without pack config, the real engine uses the prod (strictest) level.
            expect(p.enforcementLevel).toBe(p.enforcement.prod);
        }
        const prodOnly = POLICIES.filter((p) => p.enforcement.prod === "mandatory" && p.enforcement["non-prod"] === "advisory").map((p) => p.name);
        expect(prodOnly).toEqual([
            "cache-snapshots", "backups-restore-tested", "stateful-ha", "stateful-deletion-protection", "db-backups-survive-deletion", "load-balancer-deletion-protection",
            "uptime-and-alerts-per-public-host", "alerts-have-runbooks",
        ]);
        // Of those, only a second region's backups, cache snapshots, restore drills, HA and deletion safety make no sense outside prod (the report says "not required").
        expect(POLICIES.filter((p) => p.prodOnly).map((p) => p.name)).toEqual(["db-backups-cross-region", "cache-snapshots", "backups-restore-tested", "stateful-ha", "stateful-deletion-protection", "db-backups-survive-deletion", "load-balancer-deletion-protection"]);
    });

    it("declares a tier config property for every policy and never enforcementLevel (the engine rejects it)", () => {
        for (const p of POLICIES) {
            expect(p.configSchema?.properties.tier).toMatchObject({ type: "string", enum: ["prod", "non-prod"] });
            expect(p.configSchema?.properties).not.toHaveProperty("enforcementLevel");
            for (const key of Object.keys(p.defaults.prod)) expect(p.configSchema?.properties).toHaveProperty(key);
        }
    });

    it("builds pack config per tier from the policies' enforcement", () => {
        expect(packConfig("non-prod")["stateful-ha"]).toEqual({ enforcementLevel: "advisory", tier: "non-prod" });
        expect(packConfig("prod")["stateful-ha"]).toEqual({ enforcementLevel: "mandatory", tier: "prod" });
        expect(Object.keys(packConfig("prod"))).toEqual(POLICIES.map((p) => p.name));
    });

    it("keeps docs/roadmap.md and policy/config/*.json in sync with the code (regenerate with policy/generate.ts)", () => {
        for (const [file, text] of Object.entries(generatedFiles())) {
            expect([file, fs.readFileSync(path.join(ROOT, file), "utf8")]).toEqual([file, text]);
        }
    });

    it("recognises the offline plan's secret placeholder", () => {
        expect(OFFLINE_SECRET).toBe(SECRET_PLACEHOLDER);
    });
});

describe("type tokens and input names", () => {
    it("uses only type tokens that @pulumi/gcp declares", () => {
        const tokens = [...new Set([...Object.values(T), ...POLICIES.flatMap((p) => p.appliesTo)])].filter((t) => t.startsWith("gcp:"));
        const unknown = tokens.filter((t) => !declarationOf(t));
        expect(unknown).toEqual([]);
        expect(tokens.length).toBeGreaterThan(40);
    });

    it("reads input properties the provider's Args interfaces declare", () => {
        const read: Record<string, string[]> = {
            [T.sqlInstance]: ["settings", "databaseVersion", "masterInstanceName", "instanceType", "deletionProtection"],
            [T.redisInstance]: ["tier", "authEnabled", "transitEncryptionMode", "deletionProtection", "labels"],
            [T.redisCluster]: ["authorizationMode", "transitEncryptionMode", "deletionProtectionEnabled", "replicaCount", "zoneDistributionConfig"],
            [T.runService]: ["ingress", "template", "scaling", "labels"],
            [T.runJob]: ["template"],
            [T.httpProxy]: ["urlMap"],
            [T.httpsProxy]: ["urlMap", "sslPolicy"],
            [T.sslPolicy]: ["minTlsVersion"],
            [T.urlMap]: ["defaultService", "defaultRouteAction", "defaultUrlRedirect", "hostRules", "pathMatchers", "headerAction"],
            [T.backendService]: ["loadBalancingScheme", "securityPolicy", "customResponseHeaders"],
            [T.backendBucket]: ["loadBalancingScheme", "customResponseHeaders", "enableCdn"],
            [T.securityPolicy]: ["rules", "type"],
            [T.securityPolicyRule]: ["securityPolicy", "action", "match", "preview", "rateLimitOptions"],
            [T.firewall]: ["direction", "allows", "disabled", "sourceRanges", "sourceTags", "sourceServiceAccounts"],
            [T.bucket]: ["uniformBucketLevelAccess", "publicAccessPrevention", "labels"],
            [T.bucketIamMember]: ["role", "member"],
            [T.bucketIamBinding]: ["role", "members"],
            [T.bucketIamPolicy]: ["policyData"],
            [T.bucketAcl]: ["predefinedAcl", "roleEntities"],
            [T.defaultObjectAcl]: ["roleEntities"],
            [T.objectAcl]: ["predefinedAcl", "roleEntities"],
            [T.bucketAccessControl]: ["entity", "role"],
            [T.defaultObjectAccessControl]: ["entity", "role"],
            [T.objectAccessControl]: ["entity", "role"],
            [T.projectIamMember]: ["role", "member"],
            [T.projectIamBinding]: ["role", "members"],
            [T.projectIamPolicy]: ["policyData"],
            [T.secretIamMember]: ["role", "member"],
            [T.runServiceIamMember]: ["role", "member"],
            [T.serviceAccount]: ["accountId"],
            [T.uptimeCheck]: ["monitoredResource", "httpCheck", "displayName"],
            [T.alertPolicy]: ["conditions", "enabled", "notificationChannels"],
            [T.logBucket]: ["bucketId", "retentionDays"],
            [T.budget]: ["thresholdRules"],
            [T.certificate]: ["managed"],
            [T.managedSslCertificate]: ["managed"],
            [T.certificateMapEntry]: ["hostname"],
        };
        expect(undeclaredInputs(read)).toEqual([]);
    });

    it("lists as labelled-by-provider only types whose state has pulumiLabels", () => {
        for (const token of LABELED_BY_PROVIDER) {
            expect([token, fs.readFileSync(declarationOf(token)!.file, "utf8").includes("readonly pulumiLabels")]).toEqual([token, true]);
        }
        expect(fs.readFileSync(declarationOf(T.sqlInstance)!.file, "utf8")).not.toContain("pulumiLabels");
    });
});

describe("the tier a policy enforces", () => {
    const SQL = T.sqlInstance;
    // Five backups: below the prod floor (7), above the non-prod floor (3).
    const props = {
        databaseVersion: "POSTGRES_17",
        settings: {
            tier: "db-custom-1-3840",
            backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7, backupRetentionSettings: { retainedBackups: 5 } },
        },
    };
    const fails = async (c: Parameters<typeof validateResource>[3]) => (await validateResource("db-backups-pitr", SQL, props, c)).messages.length > 0;
    const labels = (tier: string) => ({ type: "pulumi:providers:gcp", props: { defaultLabels: JSON.stringify({ tier }) } });

    it("is prod, the strictest, when nothing says otherwise", async () => {
        expect(await fails({})).toBe(true);
    });

    it("comes from policy config first, then the stack tag prodstack:tier, then the provider's tier label", async () => {
        expect(await fails({ tier: "non-prod", stackTags: { "prodstack:tier": "prod" } })).toBe(false);
        expect(await fails({ stackTags: { "prodstack:tier": "non-prod" }, provider: labels("prod") })).toBe(false);
        expect(await fails({ provider: labels("non-prod") })).toBe(false);
        expect(await fails({ provider: labels("prod") })).toBe(true);
    });
});
