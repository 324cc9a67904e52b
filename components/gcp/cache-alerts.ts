import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";
import { cacheMemoryRunbook } from "../core/runbooks";
import { AUTO_CLOSE, checkChannels, checkDuration, checkNamePrefix, policyBasics, seconds } from "./alerts";

/** Arguments of {@link CacheAlerts}. */
export interface CacheAlertsArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the cache in display names and runbooks, e.g. `main`.
     * @default none (required)
     */
    cache: string;
    /**
     * Memorystore `instance_id` metric label: `projects/<p>/locations/<region>/instances/<id>`.
     * @default none (required)
     */
    instanceId: pulumi.Input<string>;
    /**
     * Channel resource names the policy notifies.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Memory usage, in percent of maxmemory, above which the alert fires.
     * @default 80
     */
    memoryPercent?: number;
    /**
     * How long the condition must hold before an incident opens, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link CacheAlertsArgs}. */
export const CACHE_ALERTS_DEFAULTS = { memoryPercent: 80, durationSeconds: 300 };

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateCacheAlertsArgs(name: string, args: CacheAlertsArgs): void {
    const check = new ArgsChecker(CacheAlerts.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    check.matches("cache", args.cache, /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"main\"");
    checkChannels(check, args.notificationChannels);
    check.intInRange("memoryPercent", args.memoryPercent, 10, 100);
    checkDuration(check, "durationSeconds", args.durationSeconds);
    check.throwIfAny();
}

/**
 * The alert policy of one Memorystore for Redis instance, with its runbook: memory usage
 * ratio (used memory / maxmemory) near the limit, where Redis starts evicting keys or,
 * with `noeviction`, refusing writes.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const cache = new gcp.Cache("cache", { region: "europe-west1", namePrefix: "acme-prod", network: network.networkId });
 * export const cacheAlerts = new gcp.CacheAlerts("cache", {
 *     namePrefix: "acme-prod",
 *     cache: "main",
 *     instanceId: cache.instance.id,
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class CacheAlerts extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:CacheAlerts";

    /** The memory policy. */
    readonly memory: gcp.monitoring.AlertPolicy;

    constructor(name: string, args: CacheAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCacheAlertsArgs(name, args);
        super(CacheAlerts.TYPE, name, {}, opts);
        const cfg = { ...CACHE_ALERTS_DEFAULTS, ...definedOnly(args) };
        const instanceId = pulumi.output(cfg.instanceId);
        const shortId = instanceId.apply((id) => id.split("/").pop() ?? id);
        const page = instanceId.apply((id) => {
            const m = /^projects\/([^/]+)\/locations\/([^/]+)\/instances\/([^/]+)$/.exec(id);
            return m
                ? `https://console.cloud.google.com/memorystore/redis/locations/${m[2]}/instances/${m[3]}/details/overview?project=${m[1]}`
                : "https://console.cloud.google.com/memorystore/redis/instances";
        });
        const minutes = `${cfg.durationSeconds / 60} min`;

        this.memory = new gcp.monitoring.AlertPolicy(`${name}-memory`, {
            ...policyBasics({
                displayName: `${cfg.namePrefix} Memorystore ${cfg.cache}: memory above ${cfg.memoryPercent}%`,
                severity: "WARNING",
                notificationChannels: cfg.notificationChannels,
                concern: "cache",
                runbook: cacheMemoryRunbook({
                    subject: pulumi.interpolate`Memorystore instance \`${shortId}\``,
                    percent: cfg.memoryPercent,
                    minutes,
                    pageStep: pulumi.interpolate`Open the instance's page (${page}), Monitoring tab: memory usage, evicted keys, cache hit ratio.`,
                    resizeStep: "If the working set grew legitimately, raise cache.memoryGb in the spec (a resize, no downtime on Standard tier).",
                }),
            }),
            conditions: [{
                displayName: `memory usage ratio > ${cfg.memoryPercent}%`,
                conditionThreshold: {
                    filter: pulumi.interpolate`resource.type = "redis_instance" AND resource.labels.instance_id = "${instanceId}" AND metric.type = "redis.googleapis.com/stats/memory/usage_ratio"`,
                    // Standard tier reports a series per node; the fullest node decides.
                    aggregations: [{
                        alignmentPeriod: "300s",
                        perSeriesAligner: "ALIGN_MEAN",
                        crossSeriesReducer: "REDUCE_MAX",
                        groupByFields: ["resource.label.instance_id"],
                    }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: cfg.memoryPercent / 100,
                    duration: seconds(cfg.durationSeconds),
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: AUTO_CLOSE },
        }, { parent: this });

        this.registerOutputs({ policyIds: [this.memory.name] });
    }
}
