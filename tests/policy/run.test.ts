import type { PlannedResource } from "../../infra/plan/engine";
import { policyNamed } from "../../policy/policies";
import { evaluatePlan, renderHardeningReport, renderViolations, tierOfPlan } from "../../policy/run";
import type { HardeningPolicy } from "../../policy/types";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const PROVIDER_URN = "urn:pulumi:staging::prodstack::pulumi:providers:gcp::gcp";
const DB_URN = `urn:pulumi:staging::prodstack::prodstack:gcp:Database$${SQL}::database-primary`;

function planned(p: Partial<PlannedResource> & Pick<PlannedResource, "urn" | "type" | "name">): PlannedResource {
    return {
        custom: true,
        parent: null,
        provider: null,
        inputs: {},
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        aliases: [],
        ignoreChanges: [],
        deleteBeforeReplace: false,
        ...p,
    };
}

const provider = (tier: string) =>
    planned({
        urn: PROVIDER_URN,
        type: "pulumi:providers:gcp",
        name: "gcp",
        inputs: { project: "acme-web-staging", defaultLabels: JSON.stringify({ environment: "staging", tier, "managed-by": "prodstack" }) },
    });

/** A compliant private, TLS-only, backed-up instance that is single-zone: HA is its only gap. */
const database = (protect: boolean) =>
    planned({
        urn: DB_URN,
        type: SQL,
        name: "database-primary",
        provider: PROVIDER_URN,
        protect,
        inputs: {
            databaseVersion: "POSTGRES_17",
            deletionProtection: true,
            settings: {
                tier: "db-custom-1-3840",
                availabilityType: "ZONAL",
                deletionProtectionEnabled: true,
                ipConfiguration: { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" },
                backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 7 } },
                maintenanceWindow: { day: 7, hour: 3 },
                userLabels: { environment: "staging", tier: "non-prod", "managed-by": "prodstack" },
            },
        },
    });

const only = (...names: string[]) => names.map((n) => policyNamed(n) as HardeningPolicy);

describe("evaluatePlan", () => {
    it("takes the tier from the plan's tier label and enforces that tier's levels", async () => {
        const doc = { resources: [provider("non-prod"), database(true)] };
        expect(tierOfPlan(doc)).toBe("non-prod");
        const run = await evaluatePlan(doc, { policies: only("stateful-ha") });
        expect(run).toMatchObject({ tier: "non-prod", tierSource: "label", summary: { mandatory: 0, advisory: 1 } });
        expect(run.violations).toEqual([
            {
                policy: "stateful-ha",
                roadmapItem: "ha",
                enforcementLevel: "advisory",
                message:
                    'Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is ZONAL); set it to REGIONAL for automatic failover.',
                urn: DB_URN,
            },
        ]);
    });

    it("lets an explicit tier win, and falls back to prod without any tier label", async () => {
        const labelled = await evaluatePlan({ resources: [provider("non-prod"), database(true)] }, { tier: "prod", policies: only("stateful-ha") });
        expect(labelled).toMatchObject({ tier: "prod", tierSource: "option", summary: { mandatory: 1, advisory: 0 } });
        const bare = { ...database(true), provider: null, inputs: { ...database(true).inputs, settings: { availabilityType: "ZONAL" } } };
        expect(await evaluatePlan({ resources: [bare] }, { policies: only("stateful-ha") })).toMatchObject({ tier: "prod", tierSource: "default" });
    });

    it("hands validators the plan's resource options (protect) as the engine would", async () => {
        const policies = only("stateful-deletion-protection");
        const kept = await evaluatePlan({ resources: [provider("prod"), database(true)] }, { policies });
        expect(kept.violations).toEqual([]);
        const unprotected = await evaluatePlan({ resources: [provider("prod"), database(false)] }, { policies });
        expect(unprotected.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
            ["mandatory", 'Cloud SQL instance "database-primary" can be deleted by mistake: it lacks the protect resource option.'],
        ]);
    });

    it("hands validators the resource's provider, so provider default labels count", async () => {
        const bucket = planned({
            urn: "urn:pulumi:staging::prodstack::gcp:storage/bucket:Bucket::site",
            type: "gcp:storage/bucket:Bucket",
            name: "site",
            provider: PROVIDER_URN,
            inputs: { name: "site", location: "EU" },
        });
        const policies = only("labels-present");
        expect((await evaluatePlan({ resources: [provider("non-prod"), bucket] }, { policies })).violations).toEqual([]);
        const orphan = { ...bucket, provider: null };
        expect((await evaluatePlan({ resources: [orphan] }, { policies })).violations.map((v) => v.message)).toEqual([
            'Storage bucket "site" lacks the labels environment, tier and managed-by; set them on the resource or in its provider\'s defaultLabels.',
        ]);
    });

    it("reports each roadmap item pass, fail or not applicable with the resources behind the verdict", async () => {
        const run = await evaluatePlan({ resources: [provider("prod"), database(true)] });
        const item = (id: string) => run.report.find((i) => i.id === id)!;
        expect(item("db-private")).toEqual({
            id: "db-private",
            item: "No public database IP",
            verdict: "pass",
            requiredInTier: true,
            policies: [{ name: "db-no-public-ip", enforcementLevel: "mandatory", verdict: "pass", resources: [DB_URN] }],
        });
        expect(item("ha")).toMatchObject({ verdict: "fail", policies: [{ name: "stateful-ha", verdict: "fail", resources: [DB_URN] }] });
        expect(item("redis-auth-tls")).toEqual({
            id: "redis-auth-tls",
            item: "Redis with AUTH and TLS",
            verdict: "not-applicable",
            requiredInTier: true,
            policies: [
                {
                    name: "redis-auth-tls",
                    enforcementLevel: "mandatory",
                    verdict: "not-applicable",
                    resources: [],
                    reason: "no gcp:redis/instance:Instance, gcp:redis/cluster:Cluster and aws:elasticache/replicationGroup:ReplicationGroup in this stack",
                },
            ],
        });
        expect(item("uptime-alerts").policies[0].reason).toBe("no public host (URL map host rule or certificate domain) in this stack; no AWS resources in this stack");
        expect(run.report.map((i) => i.id)).toHaveLength(29);
    });

    it("lists, behind a stack policy's pass, the resources it judged rather than every resource of its types", async () => {
        const bucket = (name: string, enableCdn: boolean) =>
            planned({ urn: `urn:pulumi:prod::p::gcp:compute/backendBucket:BackendBucket::${name}`, type: "gcp:compute/backendBucket:BackendBucket", name, inputs: { bucketName: name, enableCdn } });
        const unrouted = bucket("edge-unrouted", false);
        const site = bucket("edge-web-backend", true);
        const map = planned({
            urn: "urn:pulumi:prod::p::gcp:compute/uRLMap:URLMap::edge-https",
            type: "gcp:compute/uRLMap:URLMap",
            name: "edge-https",
            inputs: {
                defaultService: "edge-unrouted-id",
                hostRules: [{ hosts: ["app.example.com"], pathMatcher: "app" }],
                pathMatchers: [{ name: "app", defaultService: "edge-web-backend-id" }],
            },
            dependsOn: [unrouted.urn, site.urn],
        });
        const run = await evaluatePlan({ resources: [unrouted, site, map] }, { policies: only("static-assets-on-cdn") });
        expect(run.report.find((i) => i.id === "cdn")?.policies[0]).toEqual({
            name: "static-assets-on-cdn",
            enforcementLevel: "advisory",
            verdict: "pass",
            resources: [site.urn],
        });
    });

    it("renders the hardening report and the violations as people read them", async () => {
        const run = await evaluatePlan({ resources: [provider("prod"), database(false)] }, { policies: only("db-no-public-ip", "stateful-ha", "redis-auth-tls") });
        expect(renderHardeningReport(run).split("\n")).toEqual([
            "Hardening report · tier prod · 1 pass · 1 fail · 1 not applicable · violations: 1 mandatory, 0 advisory",
            "  pass  No public database IP                             db-no-public-ip",
            "          checked: database-primary (gcp:sql/databaseInstance:DatabaseInstance)",
            "  FAIL  High availability for stateful resources in prod  stateful-ha [mandatory]",
            '          - Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is ZONAL); set it to REGIONAL for automatic failover.',
            "  n/a   Redis with AUTH and TLS                           redis-auth-tls",
            "          no gcp:redis/instance:Instance, gcp:redis/cluster:Cluster and aws:elasticache/replicationGroup:ReplicationGroup in this stack",
        ]);
        expect(renderViolations(run).split("\n")).toEqual([
            'MANDATORY  stateful-ha: Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is ZONAL); set it to REGIONAL for automatic failover.',
            `           ${DB_URN}`,
        ]);
    });

    it("shows prod-only items as not required outside prod, advisory in the JSON, not as FAIL", async () => {
        const run = await evaluatePlan({ resources: [provider("non-prod"), database(false)] }, { policies: only("db-no-public-ip", "stateful-ha") });
        expect(run.report.find((i) => i.id === "ha")).toMatchObject({ verdict: "fail", requiredInTier: false });
        expect(run.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        expect(run.summary).toMatchObject({ fail: 1, notRequired: 1, mandatory: 0, advisory: 1 });
        expect(renderHardeningReport(run).split("\n")).toEqual([
            "Hardening report · tier non-prod · 1 pass · 0 fail · 0 not applicable · 1 not required in this tier · violations: 0 mandatory, 1 advisory",
            "  pass  No public database IP                             db-no-public-ip",
            "          checked: database-primary (gcp:sql/databaseInstance:DatabaseInstance)",
            "  n/r   High availability for stateful resources in prod  stateful-ha [advisory]",
            "          not required in tier non-prod (prod only); in prod it would need:",
            '          - Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is ZONAL); set it to REGIONAL for automatic failover.',
        ]);
    });

    it("reads an AWS plan's tier from the provider's default tags and shows items without an AWS rule as gaps, not as passes", async () => {
        const providerUrn = "urn:pulumi:aws-staging::prodstack::pulumi:providers:aws::aws";
        const aws = planned({
            urn: providerUrn,
            type: "pulumi:providers:aws",
            name: "aws",
            inputs: { region: "eu-central-1", defaultTags: JSON.stringify({ tags: { environment: "staging", tier: "non-prod", "managed-by": "prodstack" } }) },
        });
        const logs = planned({
            urn: "urn:pulumi:aws-staging::prodstack::aws:cloudwatch/logGroup:LogGroup::api-logs",
            type: "aws:cloudwatch/logGroup:LogGroup",
            name: "api-logs",
            provider: providerUrn,
            inputs: { retentionInDays: 30, kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k" },
        });
        const doc = { resources: [aws, logs] };
        expect(tierOfPlan(doc)).toBe("non-prod");
        const run = await evaluatePlan(doc, { policies: only("billing-budget", "log-retention-set", "logs-encrypted") });
        // Every item has an AWS rule now: a missing budget is a failure, never a gap.
        const budget = run.report.find((i) => i.id === "budget");
        expect(budget).toMatchObject({ id: "budget", verdict: "fail", requiredInTier: true });
        expect(budget).not.toHaveProperty("gaps");
        expect(run.report.find((i) => i.id === "log-retention")).not.toHaveProperty("gaps");
        expect(run.summary).toMatchObject({ pass: 1, fail: 1, notYetChecked: 0 });
    });

    it("keeps GCP plans free of gaps", async () => {
        const run = await evaluatePlan({ resources: [provider("prod"), database(true)] });
        expect(run.report.filter((i) => i.gaps)).toEqual([]);
        expect(run.summary.notYetChecked).toBe(0);
    });
});

