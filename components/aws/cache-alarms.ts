import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly } from "../core/internal";
import { cacheEvictionsRunbook, cacheMemoryRunbook, minutesOf } from "../core/runbooks";
import { checkAlarmDuration, checkRouting, minutePeriods, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";

/** Arguments of {@link CacheAlarms}. */
export interface CacheAlarmsArgs {
    /**
     * Prefix of alarm names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the cache in alarm names, e.g. `main`.
     * @default none (required)
     */
    cache: string;
    /**
     * Region of the cache and its alarms. Plain string: every alarm names it.
     * @default none (required)
     */
    region: string;
    /**
     * Member cluster IDs of the replication group (`<group>-001`, `<group>-002`…), the
     * `CacheClusterId` dimension: ElastiCache reports memory and evictions per node.
     * @default none (required, at least one)
     */
    memberClusterIds: pulumi.Input<string>[];
    /**
     * SNS topic (in `region`) every alarm notifies when it fires and when it recovers.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
    /**
     * Region of the environment's runbook dashboard, which alarm descriptions link to.
     * @default the `region`
     */
    runbookRegion?: string;
    /**
     * Share of maxmemory in use, in percent, above which a node's memory alarm fires.
     * @default 80
     */
    memoryPercent?: number;
    /**
     * How long a condition must hold before the alarm fires, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link CacheAlarmsArgs}. */
export const CACHE_ALARMS_DEFAULTS = { memoryPercent: 80, durationSeconds: 300 };

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateCacheAlarmsArgs(name: string, args: CacheAlarmsArgs): void {
    const check = new ArgsChecker(CacheAlarms.TYPE, name);
    checkRouting(check, { namePrefix: args.namePrefix, region: args.region, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
    check.matches("cache", args.cache, /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"main\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const members = Array.isArray(args.memberClusterIds) ? args.memberClusterIds : [];
    check.check(members.length >= 1 && members.length <= 6, "memberClusterIds", "1 to 6 member cluster IDs", args.memberClusterIds);
    members.forEach((m, i) => check.matchesIfKnown(`memberClusterIds[${i}]`, m, /^[a-z][a-z0-9-]{0,49}$/, "an ElastiCache cluster ID such as \"acme-prod-cache-001\""));
    check.intInRange("memoryPercent", args.memoryPercent, 10, 100);
    checkAlarmDuration(check, args.durationSeconds);
    check.throwIfAny();
}

/**
 * CloudWatch alarms of an ElastiCache (Redis OSS / Valkey) replication group, per member node,
 * each with its runbook: memory used of maxmemory (`DatabaseMemoryUsagePercentage`) and
 * evictions sustained for the whole duration (`Evictions`).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.CacheAlarms("cache", {
 *     namePrefix: "acme-prod",
 *     cache: "main",
 *     region: "eu-central-1",
 *     memberClusterIds: ["acme-prod-cache-001", "acme-prod-cache-002"],
 *     topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 * });
 * ```
 */
export class CacheAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:CacheAlarms";

    /** The alarms, by `memory-<n>` and `evictions-<n>` (n counts members from 1). */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: CacheAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCacheAlarmsArgs(name, args);
        super(CacheAlarms.TYPE, name, {}, opts);
        const cfg = { ...CACHE_ALARMS_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion ?? region, topicArn: cfg.topicArn };
        const minutes = minutesOf(cfg.durationSeconds);
        const periods = minutePeriods(cfg.durationSeconds);
        this.alarms = {};
        this.runbooks = [];
        cfg.memberClusterIds.forEach((member, i) => {
            const n = i + 1;
            const subject = pulumi.interpolate`ElastiCache node \`${member}\``;
            const pageStep = pulumi.interpolate`Open the node's metrics (https://console.aws.amazon.com/elasticache/home?region=${region}#/redis): memory usage, evictions, cache hit rate.`;
            const resizeStep = "If the working set grew legitimately, raise cache.memoryGb in the spec (a node type change: an online scaling operation).";
            const metric = (metricName: string, statistic: string, threshold: number) => ({
                namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: member }, period: 60, statistic,
                comparisonOperator: "GreaterThanThreshold", threshold, evaluationPeriods: periods, datapointsToAlarm: periods, treatMissingData: "missing",
            });
            for (const [key, runbook, m] of [
                ["memory", cacheMemoryRunbook({ subject, percent: cfg.memoryPercent, minutes, pageStep, resizeStep }), metric("DatabaseMemoryUsagePercentage", "Average", cfg.memoryPercent)],
                ["evictions", cacheEvictionsRunbook({ subject, minutes, pageStep, resizeStep }), metric("Evictions", "Sum", 0)],
            ] as const) {
                const { alarm, entry } = routedAlarm(this, routing, {
                    logicalName: `${name}-${key}-${n}`, nameSuffix: `cache-${cfg.cache}-${n}-${key}`, region, runbook, metric: m,
                });
                this.alarms[`${key}-${n}`] = alarm;
                this.runbooks.push(entry);
            }
        });
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
