import { policyNamed } from "../../policy/policies";
import { r, unknownAt, urn, validateResource, validateStack, type StackResource } from "./harness";

const T = {
    urlMap: "gcp:compute/uRLMap:URLMap",
    certificate: "gcp:certificatemanager/certificate:Certificate",
    uptime: "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
    alert: "gcp:monitoring/alertPolicy:AlertPolicy",
    channel: "gcp:monitoring/notificationChannel:NotificationChannel",
    sql: "gcp:sql/databaseInstance:DatabaseInstance",
    redis: "gcp:redis/instance:Instance",
    logBucket: "gcp:logging/projectBucketConfig:ProjectBucketConfig",
    budget: "gcp:billing/budget:Budget",
    network: "gcp:compute/network:Network",
    bucket: "gcp:storage/bucket:Bucket",
    provider: "pulumi:providers:gcp",
};

const CHANNELS = ["projects/p/notificationChannels/1"];

const map = r(T.urlMap, "edge-https", {
    hostRules: [{ hosts: ["api.example.com"], pathMatcher: "api" }, { hosts: ["*.example.com"], pathMatcher: "wild" }],
});
const cert = r(T.certificate, "edge-certs-app", { managed: { domains: ["app.example.com"] } });
const probe = (host: string, useSsl = true) =>
    r(T.uptime, `uptime-${host}`, {
        displayName: `acme-prod https://${host}/`,
        timeout: "10s",
        monitoredResource: { type: "uptime_url", labels: { host, project_id: "acme-web-prod" } },
        httpCheck: { path: "/", port: 443, useSsl, validateSsl: true },
    });
const uptimeAlert = (name: string, watched: StackResource, props: Record<string, unknown> = {}) =>
    r(
        T.alert,
        name,
        {
            combiner: "OR",
            displayName: name,
            conditions: [{ displayName: "down", conditionThreshold: { filter: 'metric.type = "monitoring.googleapis.com/uptime_check/check_passed"' } }],
            notificationChannels: CHANNELS,
            ...props,
        },
        [watched],
    );

describe("uptime-and-alerts-per-public-host", () => {
    it("passes when every public host has an HTTPS check and an alert that notifies", async () => {
        const api = probe("api.example.com");
        const app = probe("app.example.com");
        const resources = [map, cert, api, app, uptimeAlert("api-down", api), uptimeAlert("app-down", app)];
        expect(await validateStack("uptime-and-alerts-per-public-host", resources)).toEqual({ messages: [], urns: [] });
    });

    it("finds public hosts in URL maps and certificates, skipping wildcards", async () => {
        const out = await validateStack("uptime-and-alerts-per-public-host", [map, cert]);
        expect(out.messages).toEqual([
            'Public host api.example.com (from URL map "edge-https") has no uptime check; add an HTTPS uptime check whose ' +
                "monitoredResource is uptime_url with host api.example.com.",
            'Public host app.example.com (from Certificate "edge-certs-app") has no uptime check; add an HTTPS uptime check whose ' +
                "monitoredResource is uptime_url with host app.example.com.",
        ]);
        expect(out.urns).toEqual([urn(map), urn(cert)]);
    });

    it("fails a plain-HTTP probe, a probe nobody alerts on, and an alert that notifies nobody", async () => {
        const api = probe("api.example.com", false);
        const app = probe("app.example.com");
        const silent = uptimeAlert("app-down", app, { notificationChannels: [] });
        const out = await validateStack("uptime-and-alerts-per-public-host", [map, cert, api, app, silent]);
        expect(out.messages).toEqual([
            'Uptime check "uptime-api.example.com" probes api.example.com over plain HTTP; set httpCheck.useSsl to true.',
            'Uptime check "uptime-api.example.com" for api.example.com has no enabled alert policy, so an outage would go unnoticed.',
            'Alert policy "app-down" watching app.example.com notifies nobody; set notificationChannels.',
        ]);
    });

    it("does not count a disabled alert", async () => {
        const api = probe("api.example.com");
        const out = await validateStack("uptime-and-alerts-per-public-host", [map, api, uptimeAlert("api-down", api, { enabled: false })]);
        expect(out.messages).toEqual([
            'Uptime check "uptime-api.example.com" for api.example.com has no enabled alert policy, so an outage would go unnoticed.',
        ]);
    });

    it("needs no uptime check on a host that only redirects (its certificate still counts), but does when it also serves", async () => {
        const api = probe("api.example.com");
        const www = r(T.certificate, "edge-certs-www", { managed: { domains: ["www.example.com"] } });
        const redirectOnly = r(T.urlMap, "edge-https", {
            hostRules: [{ hosts: ["api.example.com"], pathMatcher: "api" }, { hosts: ["www.example.com"], pathMatcher: "redirect-www" }],
            pathMatchers: [
                { name: "api", defaultService: "api-backend-id" },
                { name: "redirect-www", defaultUrlRedirect: { hostRedirect: "app.example.com", httpsRedirect: true, stripQuery: false } },
            ],
        });
        const ok = await validateStack("uptime-and-alerts-per-public-host", [redirectOnly, www, api, uptimeAlert("api-down", api)]);
        expect(ok).toEqual({ messages: [], urns: [] });
        const serving = r(T.urlMap, "edge-https", {
            hostRules: [{ hosts: ["api.example.com"], pathMatcher: "api" }, { hosts: ["www.example.com"], pathMatcher: "redirect-www" }],
            pathMatchers: [
                { name: "api", defaultService: "api-backend-id" },
                { name: "redirect-www", defaultUrlRedirect: { hostRedirect: "app.example.com", stripQuery: false }, pathRules: [{ paths: ["/x"], service: "x-id" }] },
            ],
        });
        const out = await validateStack("uptime-and-alerts-per-public-host", [serving, www, api, uptimeAlert("api-down", api)]);
        expect(out.messages).toEqual([
            'Public host www.example.com (from URL map "edge-https") has no uptime check; add an HTTPS uptime check whose ' +
                "monitoredResource is uptime_url with host www.example.com.",
        ]);
    });

    it("does not apply without public hosts", async () => {
        expect((await validateStack("uptime-and-alerts-per-public-host", [])).notApplicable).toBe(
            "no public host (URL map host rule or certificate domain) in this stack; no AWS resources in this stack",
        );
    });
});

describe("stateful-resources-alerted", () => {
    const db = r(T.sql, "database-primary", { name: "acme-prod-db", databaseVersion: "POSTGRES_17" });
    const cache = r(T.redis, "cache-redis", { name: "acme-prod-cache", memorySizeGb: 5 });
    const cpuAlert = r(
        T.alert,
        "alerts-database-cpu",
        { combiner: "OR", displayName: "db cpu", conditions: [{ conditionThreshold: { filter: 'resource.label.database_id = "p:acme-prod-db"' } }], notificationChannels: CHANNELS },
        [db],
    );

    it("passes when each database and cache has an alert that notifies (by dependency or by name in the filter)", async () => {
        const cacheAlert = r(T.alert, "alerts-cache-memory", {
            combiner: "OR",
            displayName: "cache memory",
            conditions: [{ conditionThreshold: { filter: 'resource.label.instance_id = "projects/p/locations/r/instances/acme-prod-cache"' } }],
            notificationChannels: CHANNELS,
        });
        expect((await validateStack("stateful-resources-alerted", [db, cache, cpuAlert, cacheAlert])).messages).toEqual([]);
    });

    it("does not count an alert that merely depends on a cache without naming it in a known condition", async () => {
        const unrelated = r(T.alert, "alerts-other", {
            combiner: "OR",
            displayName: "other",
            conditions: [{ conditionThreshold: { filter: 'resource.label.instance_id = "projects/p/locations/r/instances/other"' } }],
            notificationChannels: CHANNELS,
        }, [cache]);
        expect((await validateStack("stateful-resources-alerted", [db, cache, cpuAlert, unrelated])).urns).toEqual([urn(cache)]);
    });

    it("fails a cache nobody watches", async () => {
        const out = await validateStack("stateful-resources-alerted", [db, cache, cpuAlert]);
        expect(out.messages).toEqual([
            'Memorystore instance "cache-redis" has no alert policy that notifies anyone, so running out of CPU, memory, disk or ' +
                "connections would go unnoticed.",
        ]);
        expect(out.urns).toEqual([urn(cache)]);
    });
});

describe("log-retention-set", () => {
    const gcpResource = r(T.network, "network-vpc", {});
    const logs = (retentionDays?: number) =>
        r(T.logBucket, "logs-default", { project: "acme-web-prod", location: "global", bucketId: "_Default", ...(retentionDays ? { retentionDays } : {}) });

    it("passes an explicit retention at or above the tier's floor", async () => {
        expect((await validateStack("log-retention-set", [gcpResource, logs(365)], { tier: "prod" })).messages).toEqual([]);
        expect((await validateStack("log-retention-set", [gcpResource, logs(7)], { tier: "non-prod" })).messages).toEqual([]);
    });

    it("fails a missing, unset or short retention", async () => {
        expect((await validateStack("log-retention-set", [gcpResource], { tier: "prod" })).messages).toEqual([
            "No log retention is set: add a gcp:logging/projectBucketConfig:ProjectBucketConfig for the _Default bucket with retentionDays of at least 30.",
        ]);
        expect((await validateStack("log-retention-set", [gcpResource, logs()], { tier: "prod" })).messages).toEqual([
            'Log bucket "logs-default" does not set retentionDays, so logs follow Google\'s default; set at least 30 days.',
        ]);
        expect((await validateStack("log-retention-set", [gcpResource, logs(7)], { tier: "prod" })).messages).toEqual([
            'Log bucket "logs-default" keeps logs for 7 days; keep them at least 30 days (retentionDays).',
        ]);
        expect((await validateStack("log-retention-set", [gcpResource, logs(1)], { tier: "prod" })).messages).toEqual([
            'Log bucket "logs-default" keeps logs for 1 day; keep them at least 30 days (retentionDays).',
        ]);
    });

    it("does not apply to a stack without GCP resources", async () => {
        expect((await validateStack("log-retention-set", [r("aws:s3/bucket:Bucket", "b", {})])).notApplicable).toBe(
            "no GCP resources in this stack; no CloudWatch log group in this stack",
        );
    });
});

describe("billing-budget", () => {
    const gcpResource = r(T.network, "network-vpc", {});

    it("passes a budget with threshold rules", async () => {
        const budget = r(T.budget, "budget", { billingAccount: "012345-6789AB-CDEF01", amount: { specifiedAmount: { units: "1500" } }, thresholdRules: [{ thresholdPercent: 0.5 }] });
        expect((await validateStack("billing-budget", [gcpResource, budget])).messages).toEqual([]);
    });

    it("fails without a budget, or with one that never alerts", async () => {
        expect((await validateStack("billing-budget", [gcpResource])).messages).toEqual([
            "No billing budget watches this environment's spend: add a gcp:billing/budget:Budget with threshold rules.",
        ]);
        const mute = r(T.budget, "budget", { billingAccount: "012345-6789AB-CDEF01", amount: { specifiedAmount: { units: "1500" } } });
        expect((await validateStack("billing-budget", [gcpResource, mute])).messages).toEqual([
            'Budget "budget" has no threshold rules, so it never alerts; add thresholdRules (for example 50, 90 and 100 percent).',
        ]);
    });
});

describe("labels-present", () => {
    const provider = { type: T.provider, props: { defaultLabels: JSON.stringify({ environment: "prod", tier: "prod", "managed-by": "prodstack" }) } };

    it("passes resources labelled directly or through the provider's default labels", async () => {
        const bucket = { name: "b", location: "EU", labels: { environment: "prod", tier: "prod", "managed-by": "prodstack" } };
        expect((await validateResource("labels-present", T.bucket, bucket)).messages).toEqual([]);
        expect((await validateResource("labels-present", T.bucket, { name: "b", location: "EU" }, { provider })).messages).toEqual([]);
    });

    it("fails a resource missing labels, and Cloud SQL relying on provider defaults", async () => {
        const partial = { name: "b", location: "EU", labels: { environment: "prod" } };
        expect((await validateResource("labels-present", T.bucket, partial, { name: "site" })).messages).toEqual([
            'Storage bucket "site" lacks the labels tier and managed-by; set them on the resource or in its provider\'s defaultLabels.',
        ]);
        const sql = { databaseVersion: "POSTGRES_17", settings: { tier: "db-custom-1-3840", userLabels: { environment: "prod", tier: "prod" } } };
        expect((await validateResource("labels-present", T.sql, sql, { name: "db", provider })).messages).toEqual([
            'Cloud SQL instance "db" lacks the label managed-by in settings.userLabels (provider default labels do not reach Cloud SQL).',
        ]);
    });

    it("takes the required keys from policy config", async () => {
        const out = await validateResource("labels-present", T.bucket, { name: "b", location: "EU" }, { provider, config: { requiredLabels: ["team"] } });
        expect(out.messages).toEqual(['Storage bucket "res" lacks the label team; set it on the resource or in its provider\'s defaultLabels.']);
    });

    it("combines own and provider labels, ignores blank required keys and names each missing label", async () => {
        const partialProvider = { type: T.provider, props: { defaultLabels: { environment: "prod" } } };
        const own = { name: "b", location: "EU", labels: { tier: "prod" } };
        expect((await validateResource("labels-present", T.bucket, own, { provider: partialProvider })).messages).toEqual([
            'Storage bucket "res" lacks the label managed-by; set it on the resource or in its provider\'s defaultLabels.',
        ]);
        const config = { requiredLabels: ["", "tier"] };
        expect((await validateResource("labels-present", T.bucket, own, { config })).messages).toEqual([]);
        expect((await validateResource("labels-present", T.bucket, { name: "b", location: "EU" }, { config })).messages).toEqual([
            'Storage bucket "res" lacks the label tier; set it on the resource or in its provider\'s defaultLabels.',
        ]);
        const sql = { databaseVersion: "POSTGRES_17", settings: { tier: "db-custom-1-3840" } };
        expect((await validateResource("labels-present", T.sql, sql, { name: "db", provider })).messages).toEqual([
            'Cloud SQL instance "db" lacks the labels environment, tier and managed-by in settings.userLabels (provider default labels do not reach Cloud SQL).',
        ]);
        const labelled = { ...sql, settings: { ...sql.settings, userLabels: { environment: "prod", tier: "prod", "managed-by": "prodstack" } } };
        expect((await validateResource("labels-present", T.sql, labelled, { name: "db" })).messages).toEqual([]);
    });

    it("waits for pulumi up when labels are unknown during preview", async () => {
        const bucket = unknownAt({ name: "b", location: "EU" }, "labels");
        expect((await validateResource("labels-present", T.bucket, bucket, { provider })).messages).toEqual([]);
        const unknownProvider = { type: T.provider, props: unknownAt({}, "defaultLabels") };
        expect((await validateResource("labels-present", T.bucket, { name: "b", location: "EU" }, { provider: unknownProvider })).messages).toEqual([]);
        const sql = { databaseVersion: "POSTGRES_17", settings: unknownAt({ tier: "db-custom-1-3840" }, "userLabels") };
        expect((await validateResource("labels-present", T.sql, sql, { name: "db", provider })).messages).toEqual([]);
    });
});

describe("alerts-have-runbooks", () => {
    const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
    const alert = { name: "alerts-service-api-errors" };
    const runbook = [
        "### What fired",
        "More than 5% of the requests to api were answered with a 5xx for 5 min.",
        "",
        "### Likely causes",
        "- A bad release.",
        "",
        "### First steps",
        "1. Roll traffic back to the previous revision.",
    ].join("\n");

    it("passes an alert whose documentation says what fired, likely causes and first steps", async () => {
        const out = await validateResource("alerts-have-runbooks", ALERT, { documentation: { content: runbook, mimeType: "text/markdown" } }, alert);
        expect(out.messages).toEqual([]);
    });

    it("fails an alert without documentation, and one whose sections are missing or empty", async () => {
        expect((await validateResource("alerts-have-runbooks", ALERT, { displayName: "x" }, alert)).messages).toEqual([
            'Alert policy "alerts-service-api-errors" has no runbook: set documentation.content (markdown) with a heading and text for ' +
                "what fired, its likely causes and the first steps.",
        ]);
        const thin = runbook.replace("1. Roll traffic back to the previous revision.", "1. ");
        expect((await validateResource("alerts-have-runbooks", ALERT, { documentation: { content: thin } }, alert)).messages[0])
            .toContain("has a runbook without first steps");
        expect((await validateResource("alerts-have-runbooks", ALERT, { documentation: { content: "Check the service." } }, alert)).messages[0])
            .toContain("has a runbook without what fired, likely causes and first steps");
    });
});

describe("observability rules: branches found by mutation testing", () => {
    const gcpResource = r(T.network, "network-vpc", {});
    const MAP_ENTRY = "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry";
    const hostsOf = (out: { messages: string[] }) => out.messages.map((m) => /^Public host (\S+)/.exec(m)?.[1]);
    const urlMap = (hosts: string[], matcher: Record<string, unknown>, name = "edge-https") =>
        r(T.urlMap, name, { hostRules: [{ hosts, pathMatcher: "m" }], pathMatchers: [{ name: "m", ...matcher }] });
    const REDIRECT = { defaultUrlRedirect: { hostRedirect: "app.example.com", httpsRedirect: true } };

    it.each([
        ["a redirect that also has a default service", { ...REDIRECT, defaultService: "www-backend-id" }],
        ["a redirect with route rules", { ...REDIRECT, routeRules: [{ priority: 1, service: "x-id" }] }],
        ["weighted backends (a default route action)", { defaultRouteAction: { weightedBackendServices: [{ backendService: "www-backend-id", weight: 100 }] } }],
    ])("a host behind %s serves, so it needs an uptime check", async (_, matcher) => {
        const out = await validateStack("uptime-and-alerts-per-public-host", [urlMap(["www.example.com"], matcher)]);
        expect(hostsOf(out)).toEqual(["www.example.com"]);
    });

    it("a host that one URL map redirects and another serves, or whose path matcher is missing, needs a check", async () => {
        const redirecting = urlMap(["www.example.com"], REDIRECT, "edge-http");
        const serving = urlMap(["www.example.com"], { defaultService: "www-backend-id" });
        expect(hostsOf(await validateStack("uptime-and-alerts-per-public-host", [redirecting, serving]))).toEqual(["www.example.com"]);
        const unmatched = r(T.urlMap, "edge-https", { hostRules: [{ hosts: ["api.example.com"], pathMatcher: "gone" }], pathMatchers: [{ name: "m", ...REDIRECT }] });
        expect(hostsOf(await validateStack("uptime-and-alerts-per-public-host", [unmatched]))).toEqual(["api.example.com"]);
    });

    it("takes certificate map entries' hostnames; blank, wildcard and unknown hosts are no public host", async () => {
        const entry = r(MAP_ENTRY, "edge-certs-entry", { hostname: "shop.example.com" });
        const out = await validateStack("uptime-and-alerts-per-public-host", [entry]);
        expect(out.messages).toEqual([
            'Public host shop.example.com (from Certificate map entry "edge-certs-entry") has no uptime check; add an HTTPS uptime check ' +
                "whose monitoredResource is uptime_url with host shop.example.com.",
        ]);
        const none = [
            gcpResource,
            r(T.urlMap, "edge-https", { hostRules: [{ hosts: ["", "*.example.com"], pathMatcher: "m" }] }),
            r(MAP_ENTRY, "pending-entry", unknownAt({}, "hostname")),
            r(T.certificate, "pending-cert", { managed: unknownAt({}, "domains") }),
        ];
        expect((await validateStack("uptime-and-alerts-per-public-host", none)).notApplicable).toBe(
            "no public host (URL map host rule or certificate domain) in this stack; no AWS resources in this stack",
        );
    });

    it("an uptime alert watches the probe it depends on, names its check ID or display name, or (conditions unknown) depends on it", async () => {
        const api = r(T.uptime, "uptime-api", { uptimeCheckId: "acme-prod-api-abc123", displayName: "acme-prod api", monitoredResource: { labels: { host: "api.example.com" } }, httpCheck: { useSsl: true } });
        const cond = (filter: string) => [{ conditionThreshold: { filter } }];
        const base = { notificationChannels: CHANNELS };
        const byId = r(T.alert, "by-id", { ...base, conditions: cond('metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id="acme-prod-api-abc123"') });
        const byName = r(T.alert, "by-name", { ...base, conditions: cond('uptime_check for "acme-prod api"') });
        const pending = r(T.alert, "pending", unknownAt(base, "conditions"), [api]);
        for (const alert of [byId, byName, pending]) {
            expect(await validateStack("uptime-and-alerts-per-public-host", [map, api, alert])).toEqual({ messages: [], urns: [] });
        }
        // Depending on the probe is not watching it: neither with a condition of another kind, nor unknown conditions without the dependency.
        const otherKind = r(T.alert, "other-kind", { ...base, conditions: cond('metric.type="run.googleapis.com/request_count"') }, [api]);
        const unrelated = r(T.alert, "unrelated", unknownAt(base, "conditions"));
        expect((await validateStack("uptime-and-alerts-per-public-host", [map, api, otherKind, unrelated])).messages).toEqual([
            'Uptime check "uptime-api" for api.example.com has no enabled alert policy, so an outage would go unnoticed.',
        ]);
    });

    it("one notifying alert among several watching a host is enough; channels may come from the engine's dependencies; unknown `enabled` counts as enabled", async () => {
        const api = probe("api.example.com");
        const loud = uptimeAlert("api-down", api);
        const quiet = uptimeAlert("api-down-quiet", api, { notificationChannels: [] });
        expect((await validateStack("uptime-and-alerts-per-public-host", [map, api, quiet, loud])).messages).toEqual([]);
        const channel = r(T.channel, "alerts-email", { type: "email" });
        const wired: StackResource = { ...uptimeAlert("api-down", api, { notificationChannels: [] }), propertyDeps: { notificationChannels: [channel] } };
        expect((await validateStack("uptime-and-alerts-per-public-host", [map, api, channel, wired])).messages).toEqual([]);
        const pendingEnabled = r(T.alert, "api-down", unknownAt(uptimeAlert("api-down", api).props, "enabled"), [api]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [map, api, pendingEnabled])).messages).toEqual([]);
    });

    describe("stateful-resources-alerted", () => {
        const db = r(T.sql, "database-primary", { name: "acme-prod-db" });
        const replica = r(T.sql, "database-replica-1", { name: "acme-prod-db-replica", masterInstanceName: "acme-prod-db" });
        const cluster = r("gcp:redis/cluster:Cluster", "cache-cluster", { name: "acme-prod-cache" });

        it("checks primaries and caches, not replicas", async () => {
            const out = await validateStack("stateful-resources-alerted", [db, replica, cluster]);
            expect(out.urns).toEqual([urn(db), urn(cluster)]);
            expect(out.messages[1]).toBe(
                'Memorystore cluster "cache-cluster" has no alert policy that notifies anyone, so running out of CPU, memory, disk or connections would go unnoticed.',
            );
        });

        it("counts an alert whose conditions are unknown yet and that depends on the database, but not a disabled one", async () => {
            const pending = r(T.alert, "db-cpu", unknownAt({ notificationChannels: CHANNELS }, "conditions"), [db]);
            expect((await validateStack("stateful-resources-alerted", [db, pending])).messages).toEqual([]);
            const disabled = r(T.alert, "db-cpu", { enabled: false, conditions: [{ conditionThreshold: { filter: 'database_id="p:acme-prod-db"' } }], notificationChannels: CHANNELS });
            expect((await validateStack("stateful-resources-alerted", [db, disabled])).urns).toEqual([urn(db)]);
        });

        it("is not applicable without a database or cache", async () => {
            expect((await validateStack("stateful-resources-alerted", [gcpResource, replica])).notApplicable).toBe(
                "no database or cache in this stack; no AWS resources in this stack",
            );
        });
    });

    it("jobs-and-workers-alerted does not count a disabled alert", async () => {
        const job = r("gcp:cloudrunv2/job:Job", "job-migrate", { name: "acme-prod-migrate" });
        const disabled = r(T.alert, "job-failed", {
            enabled: false,
            conditions: [{ conditionThreshold: { filter: 'resource.type = "cloud_run_job" AND resource.labels.job_name = "acme-prod-migrate"' } }],
            notificationChannels: CHANNELS,
        });
        expect((await validateStack("jobs-and-workers-alerted", [job, disabled])).urns).toEqual([urn(job)]);
    });

    it("log-retention-set reads only the _Default bucket (an unknown ID counts as it) and tells a null retention from a short one", async () => {
        const bucket = (props: Record<string, unknown>) => r(T.logBucket, "logs", { location: "global", ...props });
        expect((await validateStack("log-retention-set", [gcpResource, bucket({ bucketId: "audit", retentionDays: 400 })], { tier: "prod" })).messages).toEqual([
            "No log retention is set: add a gcp:logging/projectBucketConfig:ProjectBucketConfig for the _Default bucket with retentionDays of at least 30.",
        ]);
        expect((await validateStack("log-retention-set", [gcpResource, r(T.logBucket, "logs", unknownAt({ location: "global", retentionDays: 7 }, "bucketId"))], { tier: "prod" })).messages).toEqual([
            'Log bucket "logs" keeps logs for 7 days; keep them at least 30 days (retentionDays).',
        ]);
        expect((await validateStack("log-retention-set", [gcpResource, bucket({ bucketId: "_Default", retentionDays: null })], { tier: "prod" })).messages).toEqual([
            'Log bucket "logs" does not set retentionDays, so logs follow Google\'s default; set at least 30 days.',
        ]);
    });

    it("billing-budget does not apply to a stack without GCP resources", async () => {
        expect((await validateStack("billing-budget", [r("random:index/randomPassword:RandomPassword", "p", {})])).notApplicable).toBe(
            "no GCP resources in this stack; no AWS resources in this stack",
        );
    });

    it.each([
        ["uptime-and-alerts-per-public-host", [T.urlMap, T.certificate, "gcp:compute/managedSslCertificate:ManagedSslCertificate", MAP_ENTRY, T.uptime, T.alert]],
        ["stateful-resources-alerted", [T.sql, T.redis, "gcp:redis/cluster:Cluster", T.alert]],
        ["log-retention-set", [T.logBucket]],
        ["billing-budget", [T.budget]],
    ])("%s applies to its GCP resource types", (name, types) => {
        expect(policyNamed(name)!.appliesTo.filter((t) => t.startsWith("gcp:"))).toEqual(types);
    });

    describe("alerts-have-runbooks: what counts as a section", () => {
        const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
        const check = async (content: string) =>
            (await validateResource("alerts-have-runbooks", ALERT, { documentation: { content } }, { name: "a" })).messages.map((m) => m.replace(/^Alert policy "a" has /, "").replace(/: set documentation.*$/, ""));
        const rest = "\n### Likely causes\n- A bad release.\n### First steps\n1. Roll back the release.";

        it.each([
            ["   ### What fired\nErrors above 5% for 5 min." + rest, []],
            ["**What fired**\nErrors above 5% for 5 min." + rest, []],
            ["### What fired\n#5xx ratio above 5% for five minutes." + rest, []],
            ["### What fired\nErrors # 5xx above 5% for 5 min." + rest, []],
            ["### What fired\nabcdefghij" + rest, []],
            ["### What fired\nabcdefghi" + rest, ["a runbook without what fired"]],
            ["#What fired\nErrors above 5% for 5 min." + rest, ["a runbook without what fired"]],
            ["See # What fired\nErrors above 5% for 5 min." + rest, ["a runbook without what fired"]],
            ["The **what fired** part\nErrors above 5% for 5 min." + rest, ["a runbook without what fired"]],
            ["### What fired\n#### Likely causes\n- A bad release of the api.\n### First steps\n1. Roll back the release.", ["a runbook without what fired"]],
            ["### What fired\n   ### Likely causes\n- A bad release of the api.\n### First steps\n1. Roll back the release.", ["a runbook without what fired"]],
            ["   \n  ", ["no runbook"]],
        ])("%j", async (content, expected) => {
            expect(await check(content)).toEqual(expected);
        });

        it("counts documentation not known yet (first preview) as written", async () => {
            expect((await validateResource("alerts-have-runbooks", ALERT, { documentation: unknownAt({}, "content") }, { name: "a" })).messages).toEqual([]);
        });
    });
});
