import * as pulumi from "@pulumi/pulumi";
import { CacheAlerts, CACHE_ALERTS_DEFAULTS, validateCacheAlertsArgs, type CacheAlertsArgs } from "../../../components/gcp/cache-alerts";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const INSTANCE = "projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache";
const ARGS: CacheAlertsArgs = { namePrefix: "acme-prod", cache: "main", instanceId: pulumi.output(INSTANCE), notificationChannels: CHANNELS };
const FALLBACK_PAGE = "https://console.cloud.google.com/memorystore/redis/instances";

describe("gcp CacheAlerts", () => {
    it("alerts on the Redis memory usage ratio of the instance, fullest node deciding, with its runbook", async () => {
        const inv = await plan(() => new CacheAlerts("cache", ARGS));
        const policy = inv.one(POLICY);
        expect(policy.parent).toBe(inv.one(CacheAlerts.TYPE).urn);
        const { documentation, ...inputs } = policy.inputs as Record<string, any>;
        expect(inputs).toEqual({
            displayName: "acme-prod Memorystore main: memory above 80%",
            combiner: "OR",
            severity: "WARNING",
            notificationChannels: CHANNELS,
            userLabels: { managed_by: "prodstack", concern: "cache" },
            conditions: [{
                displayName: "memory usage ratio > 80%",
                conditionThreshold: {
                    filter: `resource.type = "redis_instance" AND resource.labels.instance_id = "${INSTANCE}" AND metric.type = "redis.googleapis.com/stats/memory/usage_ratio"`,
                    aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_MAX", groupByFields: ["resource.label.instance_id"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0.8,
                    duration: "300s",
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: "1800s" },
        });
        expect(documentation.mimeType).toBe("text/markdown");
        expect(documentation.subject).toBe("[WARNING] acme-prod Memorystore main: memory above 80%");
        expect(documentation.content.split("\n")).toEqual([
            "### What fired",
            "Memorystore instance `acme-prod-cache` used more than 80% of its maxmemory for 5 min. Close to the limit Redis evicts keys (cache misses hit the database) or rejects writes.",
            "",
            "### Likely causes",
            "- Keys written without a TTL accumulating after a release.",
            "- A larger working set from traffic growth.",
            "- Large values (sessions, serialized objects) stored by a new feature.",
            "",
            "### First steps",
            "1. Open the instance's page (https://console.cloud.google.com/memorystore/redis/locations/europe-west1/instances/acme-prod-cache/details/overview?project=acme-web-prod), Monitoring tab: memory usage, evicted keys, cache hit ratio.",
            "2. Check the database CPU alert and chart: evictions shift load to the database.",
            "3. Find keys without TTL (`redis-cli --bigkeys` / `SCAN` with `TTL`) and fix the writer.",
            "4. If the working set grew legitimately, raise cache.memoryGb in the spec (a resize, no downtime on Standard tier).",
        ]);
    });

    it("honours an explicit threshold and duration, and links the instance list for an ID it cannot read", async () => {
        const inv = await plan(() => {
            new CacheAlerts("cache", { ...ARGS, memoryPercent: 90, durationSeconds: 600 });
            // Not a full instance name (bare, or with text before or after it): no instance page to link.
            new CacheAlerts("bare", { ...ARGS, instanceId: "acme-prod-cache" });
            new CacheAlerts("prefixed", { ...ARGS, instanceId: `x/${INSTANCE}` });
            new CacheAlerts("suffixed", { ...ARGS, instanceId: `${INSTANCE}/x` });
        });
        const policy = inv.named("cache-memory").inputs as Record<string, any>;
        expect(policy.displayName).toBe("acme-prod Memorystore main: memory above 90%");
        expect(policy.conditions[0].displayName).toBe("memory usage ratio > 90%");
        expect(policy.conditions[0].conditionThreshold).toMatchObject({ thresholdValue: 0.9, duration: "600s" });
        expect(policy.documentation.content.split("\n")[1]).toBe(
            "Memorystore instance `acme-prod-cache` used more than 90% of its maxmemory for 10 min. Close to the limit Redis evicts keys (cache misses hit the database) or rejects writes.",
        );
        const lines = (name: string) => (inv.named(`${name}-memory`).inputs as any).documentation.content.split("\n");
        expect(lines("bare")[1]).toMatch(/^Memorystore instance `acme-prod-cache` used/);
        expect(lines("suffixed")[1]).toMatch(/^Memorystore instance `x` used/);
        for (const name of ["bare", "prefixed", "suffixed"]) {
            expect(lines(name)[9]).toBe(`1. Open the instance's page (${FALLBACK_PAGE}), Monitoring tab: memory usage, evicted keys, cache hit ratio.`);
        }
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new CacheAlerts("cache", { ...ARGS, memoryPercent: 5, notificationChannels: [] }));
        expect(error.problems).toEqual([
            "notificationChannels: expected at least one notification channel, got []",
            "memoryPercent: expected an integer from 10 to 100, got 5",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp CacheAlerts args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(CACHE_ALERTS_DEFAULTS).toEqual({ memoryPercent: 80, durationSeconds: 300 });
    });

    const problems = (args: Partial<CacheAlertsArgs>) => argProblems(() => validateCacheAlertsArgs("cache", { ...ARGS, ...args }));
    const name = (cache: string) => `cache: expected a short name such as "main", got "${cache}"`;

    it.each<[Partial<CacheAlertsArgs>]>([
        [{ cache: "c" }], [{ cache: `c${"1".repeat(29)}` }], [{ cache: "main-2" }], [{ memoryPercent: 10 }], [{ memoryPercent: 100 }],
        [{ durationSeconds: 0 }], [{ durationSeconds: 86400 }], [{ notificationChannels: [...CHANNELS, "projects/acme-prod/notificationChannels/2"] }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<CacheAlertsArgs>, string]>([
        [{ cache: `c${"1".repeat(30)}` }, name(`c${"1".repeat(30)}`)],
        [{ cache: "1c" }, name("1c")],
        [{ cache: undefined }, 'cache: expected a short name such as "main", got nothing'],
        [{ cache: "Main" }, name("Main")],
        [{ cache: " main" }, name(" main")],
        [{ cache: "main cache" }, name("main cache")],
        [{ namePrefix: "Acme" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"'],
        [{ memoryPercent: 9 }, "memoryPercent: expected an integer from 10 to 100, got 9"],
        [{ memoryPercent: 101 }, "memoryPercent: expected an integer from 10 to 100, got 101"],
        [{ memoryPercent: 80.5 }, "memoryPercent: expected an integer from 10 to 100, got 80.5"],
        [{ durationSeconds: 90 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 90"],
        [{ durationSeconds: 86460 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 86460"],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
