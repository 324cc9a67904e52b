import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Network } from "../../../components/gcp/network";
import type { EnvironmentSpec } from "../../../infra/config";
import type { ComputeResult, DataResult, EdgeResult, GcpContext } from "../../../infra/gcp/context";
import { OBSERVABILITY_APIS, deployObservability } from "../../../infra/gcp/observability";
import { environmentLabels } from "../../../infra/labels";
import type { PlannedResource } from "../../../infra/plan/engine";
import { memo, plan, type Inventory } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";

/** What the other concerns hand over, built here so these tests depend on the contracts only. */
interface Deployed { data: DataResult; compute: ComputeResult; edge: EdgeResult }

function deployedFor(s: EnvironmentSpec): Deployed {
    const p = s.gcp!.project;
    return {
        data: {
            databases: [
                { name: "database", databaseId: pulumi.output(`${p}:${s.namePrefix}-db`) },
                { name: "database-replica-1", databaseId: pulumi.output(`${p}:${s.namePrefix}-db-replica-1`) },
            ],
            caches: [{ name: "cache", instanceId: pulumi.output(`projects/${p}/locations/${s.region}/instances/${s.namePrefix}-cache`) }],
            outputs: {},
        },
        compute: {
            services: [
                { name: "api", serviceName: pulumi.output(`${s.namePrefix}-api`), region: s.region, routes: [{ host: "api.example.com" }], healthPath: "/healthz", minInstances: 1, maxInstances: 10 },
                { name: "worker", serviceName: pulumi.output(`${s.namePrefix}-worker`), region: s.region, routes: [], healthPath: "/healthz", minInstances: 1, maxInstances: 3 },
            ],
            jobs: [],
            workers: [],
            outputs: {},
        },
        edge: {
            publicEndpoints: [
                { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/healthz", acceptedStatus: ["2xx"] } },
                { host: "app.example.com", kind: "site", probe: { enabled: true, path: "/", acceptedStatus: ["2xx"] } },
            ],
            securityPolicies: [pulumi.output(`${s.namePrefix}-edge`)],
            certificates: [pulumi.output(`${s.namePrefix}-cert`)],
            outputs: {},
        },
    };
}

const NOTHING: Deployed = {
    data: { databases: [], caches: [], outputs: {} },
    compute: { services: [], jobs: [], workers: [], outputs: {} },
    edge: { publicEndpoints: [], securityPolicies: [], certificates: [], outputs: {} },
};

/** Runs the observability concern of `s` with a provider of its own, as `deployGcp` would. */
async function observe(s: EnvironmentSpec, deployed?: (s: EnvironmentSpec) => Deployed): Promise<Inventory> {
    return plan(() => {
        const project = s.gcp!.project;
        const provider = new gcp.Provider("gcp", { project, region: s.region });
        const ctx: GcpContext = {
            spec: s, stack: "test", project, labels: environmentLabels(s, "test"), provider, opts: { providers: [provider] },
            network: {} as Network, // not used by this concern
        };
        return deployObservability(ctx, (deployed ?? deployedFor)(s)).outputs;
    });
}

const threshold = (p: PlannedResource) => (p.inputs.conditions as any[])[0].conditionThreshold;
const filterOf = (p: PlannedResource): string => {
    const c = (p.inputs.conditions as any[])[0];
    return c.conditionThreshold?.filter ?? c.conditionMatchedLog.filter;
};
/** The component type that owns a resource. */
const ownerType = (inv: Inventory, r: PlannedResource) => inv.resources.find((x) => x.urn === r.parent)?.type;

describe("gcp observability concern", () => {
    // The default prod environment, which several tests only read.
    const prodPlan = memo(() => observe(spec("prod")));

    it("gives every public endpoint an HTTPS uptime check with a down alert and a certificate alert on that check", async () => {
        const inv = await prodPlan();
        const checks = inv.ofType(CHECK);
        expect(checks.map((c) => `${(c.inputs.monitoredResource as any).labels.host}${(c.inputs.httpCheck as any).path}`).sort())
            .toEqual(["api.example.com/healthz", "app.example.com/"]);
        const ids = inv.outputs.uptimeCheckIds as Record<string, string>;
        for (const [endpoint, id] of Object.entries(ids)) {
            const own = inv.ofType(POLICY).filter((p) => filterOf(p).includes(`metric.labels.check_id = "${id}"`));
            expect(own.map((p) => filterOf(p).match(/uptime_check\/(\w+)/)![1]).sort()).toEqual(["check_passed", "time_until_ssl_cert_expires"]);
            expect(own.every((p) => filterOf(p).includes('resource.type = "uptime_url"'))).toBe(true);
            expect(String((own[0].inputs.documentation as any).content)).toContain(endpoint.split("/")[0]);
        }
        expect(Object.keys(ids).sort()).toEqual(["api.example.com/healthz", "app.example.com/"]);
    });

    it("applies the uptime settings of the spec, the content match to service health endpoints only", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.alerts.uptime = { periodSeconds: 300, timeoutSeconds: 20, contentMatch: "ok" };
        }));
        const byHost = Object.fromEntries(inv.ofType(CHECK).map((c) => [(c.inputs.monitoredResource as any).labels.host, c.inputs]));
        expect(byHost["api.example.com"]).toMatchObject({ period: "300s", timeout: "20s", contentMatchers: [{ content: "ok", matcher: "CONTAINS_STRING" }] });
        expect(byHost["app.example.com"]).toMatchObject({ period: "300s", timeout: "20s" });
        expect(byHost["app.example.com"].contentMatchers).toBeUndefined();
    });

    it("matches the content only on a service's endpoint, not on a site's", async () => {
        const s = spec("prod", (raw) => {
            raw.alerts.uptime = { contentMatch: "ok" };
        });
        const inv = await observe(s, (x) => {
            const d = deployedFor(x);
            d.compute.services = [{ ...d.compute.services[0], routes: [{ pathPrefix: "/api" }], healthPath: "/" }];
            d.edge.publicEndpoints = [
                { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/api/", acceptedStatus: ["2xx"] } },
                { host: "api.example.com", kind: "site", probe: { enabled: true, path: "/", acceptedStatus: ["2xx"] } },
            ];
            return d;
        });
        const byPath = Object.fromEntries(inv.ofType(CHECK).map((c) => [(c.inputs.httpCheck as any).path, c.inputs]));
        expect(byPath["/api/"].contentMatchers).toEqual([{ content: "ok", matcher: "CONTAINS_STRING" }]);
        expect(byPath["/"].contentMatchers).toBeUndefined();
    });

    it("gives every policy a runbook and routes it to every channel of the environment", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.alerts = { emails: ["oncall@example.com", "platform@example.com"], pagerdutyServiceKey: "pd-key" };
        }));
        const channels = (inv.outputs.notificationChannels as string[]).slice().sort();
        expect(channels).toHaveLength(3);
        const policies = inv.ofType(POLICY);
        // 2 services × 3 + primary 5 + replica 4 + cache 1 + Cloud Armor 1 + 2 endpoints × 2
        expect(policies).toHaveLength(21);
        for (const p of policies) {
            expect((p.inputs.notificationChannels as string[]).slice().sort()).toEqual(channels);
            const doc = p.inputs.documentation as Record<string, string>;
            expect(doc.mimeType).toBe("text/markdown");
            expect(doc.content).toMatch(/^### What fired\n.+\n\n### Likely causes\n(- .+\n)+\n### First steps\n(\d\. .+\n?)+$/);
        }
    });

    it("points each alert at the resource type and metrics of what it watches", async () => {
        const inv = await prodPlan();
        const expected: Record<string, { resource: string; metric: RegExp }> = {
            "prodstack:gcp:ServiceAlerts": { resource: "cloud_run_revision", metric: /metric\.type = "run\.googleapis\.com\/(request_count|request_latencies|container\/instance_count)"/ },
            "prodstack:gcp:DatabaseAlerts": { resource: "cloudsql_database", metric: /cloudsql\.googleapis\.com\/database\/|cloudsql\.instances\.automatedBackup/ },
            "prodstack:gcp:CacheAlerts": { resource: "redis_instance", metric: /metric\.type = "redis\.googleapis\.com\/stats\/memory\/usage_ratio"/ },
            "prodstack:gcp:SecurityPolicyAlerts": { resource: "network_security_policy", metric: /metric\.type = "networksecurity\.googleapis\.com\/https\/request_count"/ },
            "prodstack:gcp:UptimeCheck": { resource: "uptime_url", metric: /metric\.type = "monitoring\.googleapis\.com\/uptime_check\// },
        };
        for (const p of inv.ofType(POLICY)) {
            const want = expected[ownerType(inv, p)!];
            expect(want).toBeDefined();
            expect(filterOf(p)).toContain(`resource.type = "${want.resource}"`);
            expect(filterOf(p)).toMatch(want.metric);
        }
        // Each watched thing is named in its own filters.
        const named = (needle: string) => inv.ofType(POLICY).filter((p) => filterOf(p).includes(needle)).length;
        expect(named('service_name = "acme-prod-api"')).toBe(3);
        expect(named('service_name = "acme-prod-worker"')).toBe(3);
        expect(named('database_id = "acme-web-prod:acme-prod-db"')).toBe(5);
        expect(named('database_id = "acme-web-prod:acme-prod-db-replica-1"')).toBe(4);
        expect(named('instance_id = "projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache"')).toBe(1);
        expect(named('policy_name = "acme-prod-edge"')).toBe(1);
    });

    it("takes thresholds and durations from the spec", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.database = { tier: "db-custom-2-8192" };
            raw.alerts.thresholds = {
                errorRatePercent: 2, latencyP95Ms: 800, instancesPercentOfMax: 50, databaseCpuPercent: 70, databaseMemoryPercent: 85,
                databaseDiskPercent: 75, databaseConnectionsPercent: 60, cacheMemoryPercent: 90, wafDeniedPerMinute: 30,
                certificateExpiryDays: 21, durationSeconds: 120,
            };
        }));
        const t = (name: string) => threshold(inv.named(name, POLICY));
        expect(t("alerts-service-api-errors")).toMatchObject({ thresholdValue: 0.02, duration: "120s" });
        expect(t("alerts-service-api-latency")).toMatchObject({ thresholdValue: 800, duration: "120s" });
        expect(t("alerts-service-api-instances").thresholdValue).toBe(4); // ≥ 5 of 10
        expect(t("alerts-service-worker-instances").thresholdValue).toBe(1); // ≥ 2 of 3
        expect(t("alerts-database-database-cpu").thresholdValue).toBe(0.7);
        expect(t("alerts-database-database-memory").thresholdValue).toBe(85);
        expect(t("alerts-database-database-disk").thresholdValue).toBe(0.75);
        expect(t("alerts-database-database-connections").thresholdValue).toBe(240); // 60% of 400 (db-custom-2-8192)
        expect(t("alerts-cache-cache-memory").thresholdValue).toBe(0.9);
        expect(t("alerts-armor-0-denials")).toMatchObject({ thresholdValue: 30, duration: "120s" });
        expect(t("uptime-app-example-com-certificate").thresholdValue).toBe(21);
    });

    it("measures the connections alert against a tuned max_connections", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.database = { tier: "db-custom-2-8192", flags: { max_connections: 500 } };
        }));
        expect(threshold(inv.named("alerts-database-database-connections", POLICY)).thresholdValue).toBe(400); // 80% of 500
    });

    it("builds the same alerts for staging and prod unless their specs differ", async () => {
        /** Every policy's conditions, by logical name (display names carry the environment prefix). */
        const conditions = (inv: Inventory) => Object.fromEntries(inv.ofType(POLICY).map((p) => [
            p.name,
            JSON.stringify(p.inputs.conditions)
                .replaceAll("acme-web-staging", "PROJECT").replaceAll("acme-web-prod", "PROJECT")
                .replaceAll("acme-stg", "ENV").replaceAll("acme-prod", "ENV")
                .replace(/-[0-9a-f]{8}\\"/g, '-ID\\"'),
        ]));
        const staging = conditions(await observe(spec("non-prod")));
        const prod = conditions(await prodPlan());
        expect(Object.keys(prod).sort()).toEqual(Object.keys(staging).sort());
        expect(prod).toEqual(staging);

        const stricter = conditions(await observe(spec("prod", (raw) => { raw.alerts.thresholds = { errorRatePercent: 1 }; })));
        const changed = Object.keys(prod).filter((k) => prod[k] !== stricter[k]).sort();
        expect(changed).toEqual(["alerts-service-api-errors", "alerts-service-worker-errors"]);
    });

    it("watches backups of the primary only: read replicas take none", async () => {
        const inv = await prodPlan();
        const backups = inv.ofType(POLICY).filter((p) => filterOf(p).includes("automatedBackup"));
        expect(backups.map((p) => p.name)).toEqual(["alerts-database-database-backups"]);
        expect((backups[0].inputs.alertStrategy as any).notificationRateLimit).toEqual({ period: "3600s" });
    });

    it("keeps Slack, webhook and PagerDuty credentials from the spec secret", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.alerts = {
                emails: [], slack: { channel: "#ops", authToken: "xoxb-spec-token" },
                webhookUrl: "https://hooks.example.com/x?token=spec-hook", pagerdutyServiceKey: "spec-pd-key",
            };
        }));
        expect(inv.ofType(CHANNEL).map((c) => c.inputs.type).sort()).toEqual(["pagerduty", "slack", "webhook_tokenauth"]);
        const everything = JSON.stringify(inv.resources);
        for (const raw of ["xoxb-spec-token", "spec-hook", "spec-pd-key"]) expect(everything).not.toContain(raw);
    });

    it("keeps logs 30 days outside prod and a year in prod unless the spec says otherwise", async () => {
        const days = async (s: EnvironmentSpec) =>
            (await observe(s)).one("gcp:logging/projectBucketConfig:ProjectBucketConfig").inputs.retentionDays;
        expect(await days(spec("non-prod"))).toBe(30);
        expect(await days(spec("prod"))).toBe(365);
        expect(await days(spec("non-prod", (raw) => { raw.logs = { retentionDays: 90 }; }))).toBe(90);
    });

    it("archives logs when asked, protected and kept longer in prod", async () => {
        const archive = async (tier: "prod" | "non-prod") => {
            const inv = await observe(spec(tier, (raw) => { raw.logs = { archiveBucket: true }; }));
            return { bucket: inv.one("gcp:storage/bucket:Bucket"), sink: inv.one("gcp:logging/projectSink:ProjectSink") };
        };
        const prod = await archive("prod");
        expect(prod.bucket.protect).toBe(true);
        expect(prod.bucket.inputs).toMatchObject({ location: "europe-west1", retentionPolicy: { retentionPeriod: String(400 * 86400) } });
        expect(prod.sink.inputs.destination).toBe("storage.googleapis.com/acme-web-prod-log-archive");
        const staging = await archive("non-prod");
        expect(staging.bucket.protect).toBe(false);
        expect((staging.bucket.inputs.retentionPolicy as any).retentionPeriod).toBe(String(90 * 86400));
    });

    it("adds a budget on the project's number only when the spec sets one", async () => {
        expect((await prodPlan()).ofType("gcp:billing/budget:Budget")).toHaveLength(0);
        const inv = await observe(spec("prod", (raw) => {
            raw.gcp.billingAccount = "012345-6789AB-CDEF01";
            raw.budget = { amount: 1500, thresholdPercents: [50, 100] };
        }));
        const budget = inv.one("gcp:billing/budget:Budget").inputs as any;
        expect(budget).toMatchObject({
            billingAccount: "012345-6789AB-CDEF01",
            budgetFilter: { projects: ["projects/123456789012"] },
            amount: { specifiedAmount: { currencyCode: "USD", units: "1500" } },
        });
        expect(budget.thresholdRules.map((r: any) => `${r.thresholdPercent}/${r.spendBasis}`)).toEqual(["0.5/CURRENT_SPEND", "1/CURRENT_SPEND", "1/FORECASTED_SPEND"]);
        expect(budget.allUpdatesRule.monitoringNotificationChannels).toEqual(inv.outputs.notificationChannels);
    });

    it("notifies only the email channels from the budget: the Budget API rejects Slack, PagerDuty and webhooks", async () => {
        const inv = await observe(spec("prod", (raw) => {
            raw.gcp.billingAccount = "012345-6789AB-CDEF01";
            raw.budget = { amount: 1500 };
            raw.alerts = {
                emails: ["a@example.com", "b@example.com"],
                slack: { channel: "#ops", authToken: "xoxb-1" },
                webhookUrl: "https://hooks.example.com/x",
                pagerdutyServiceKey: "pd-key",
            };
        }));
        expect(inv.ofType(CHANNEL).filter((c) => c.inputs.type === "email")).toHaveLength(2);
        const all = inv.outputs.notificationChannels as string[];
        expect(all).toHaveLength(5);
        // The channels are created email first, then Slack, webhook and PagerDuty.
        const budget = inv.one("gcp:billing/budget:Budget").inputs as any;
        expect(budget.allUpdatesRule.monitoringNotificationChannels).toEqual(all.slice(0, 2));
    });

    it("gives the instance alert the service's minInstances, so a service at its minimum is quiet", async () => {
        // The fixture's api runs 1-10 and the worker 1-3 (80% of 3 rounds up to 3, above 1).
        const inv = await observe(spec("prod"), (x) => {
            const d = deployedFor(x);
            d.compute.services[1] = { ...d.compute.services[1], minInstances: 3, maxInstances: 3 };
            return d;
        });
        const instanceAlerts = inv.ofType(POLICY).filter((p) => filterOf(p).includes("container/instance_count"));
        expect(instanceAlerts.map((p) => p.name)).toEqual(["alerts-service-api-instances"]);
        expect(threshold(instanceAlerts[0])).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 7 });
    });

    it("probes each endpoint as its probe says, and not at all when turned off", async () => {
        const inv = await observe(spec("prod"), (x) => {
            const d = deployedFor(x);
            d.edge.publicEndpoints = [
                { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/healthz", acceptedStatus: ["2xx"] } },
                { host: "api.example.com", kind: "site", probe: { enabled: true, path: "/static/", acceptedStatus: ["2xx", "3xx", "4xx"] } },
                { host: "app.example.com", kind: "site", probe: { enabled: false, path: "/", acceptedStatus: ["2xx"] } },
            ];
            return d;
        });
        const byPath = Object.fromEntries(inv.ofType(CHECK).map((c) => [(c.inputs.httpCheck as any).path, (c.inputs.httpCheck as any).acceptedResponseStatusCodes]));
        expect(byPath).toEqual({
            "/healthz": [{ statusClass: "STATUS_CLASS_2XX" }],
            "/static/": [{ statusClass: "STATUS_CLASS_2XX" }, { statusClass: "STATUS_CLASS_3XX" }, { statusClass: "STATUS_CLASS_4XX" }],
        });
    });

    it("charts everything it watches on one dashboard", async () => {
        const inv = await prodPlan();
        const json = String(inv.one("gcp:monitoring/dashboard:Dashboard").inputs.dashboardJson);
        for (const needle of [
            'service_name = one_of(\\"acme-prod-api\\", \\"acme-prod-worker\\")',
            'database_id = one_of(\\"acme-web-prod:acme-prod-db\\", \\"acme-web-prod:acme-prod-db-replica-1\\")',
            'instance_id = \\"projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache\\"',
            'host = one_of(\\"api.example.com\\", \\"app.example.com\\")',
            'policy_name = \\"acme-prod-edge\\"',
        ]) expect(json).toContain(needle);
    });

    it("still sets up channels and log retention before anything else is deployed", async () => {
        const inv = await observe(spec("non-prod"), () => NOTHING);
        expect(inv.ofType(POLICY)).toHaveLength(0);
        expect(inv.ofType("gcp:monitoring/dashboard:Dashboard")).toHaveLength(0);
        expect(inv.ofType(CHANNEL)).toHaveLength(1);
        expect(inv.ofType("gcp:logging/projectBucketConfig:ProjectBucketConfig")).toHaveLength(1);
        expect(inv.outputs.uptimeCheckIds).toEqual({});
    });

    it("runs every resource through the environment's provider and enables the APIs it uses", async () => {
        const inv = await prodPlan();
        const provider = inv.one("pulumi:providers:gcp").urn;
        expect(inv.resources.filter((r) => r.custom && r.type !== "pulumi:providers:gcp").every((r) => r.provider === provider)).toBe(true);
        expect(OBSERVABILITY_APIS).toEqual(expect.arrayContaining([
            "monitoring.googleapis.com", "logging.googleapis.com", "billingbudgets.googleapis.com", "storage.googleapis.com",
        ]));
    });
});
