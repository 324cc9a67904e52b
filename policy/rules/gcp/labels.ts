/** GCP labels: every labelable resource carries the environment's labels. */
import type { ResourceCheck } from "../../types";
import { arr, get, known, labelMap, listing, str } from "../common";
import { T, what } from "./types";

/**
 * Types whose `labels` the provider's `defaultLabels` fill in (their state has
 * `pulumiLabels`; tests/policy/pack.test.ts checks that in `@pulumi/gcp`).
 */
export const LABELED_BY_PROVIDER: readonly string[] = [
    T.redisInstance,
    T.redisCluster,
    T.runService,
    T.runJob,
    T.runWorkerPool,
    T.bucket,
    T.forwardingRule,
    T.globalAddress,
    T.address,
    T.securityPolicy,
    T.secret,
    T.artifactRepository,
    T.certificate,
    T.certificateMap,
    T.certificateMapEntry,
    T.dnsAuthorization,
    T.managedZone,
];

export const labelsPresent: ResourceCheck = {
    types: [...LABELED_BY_PROVIDER, T.sqlInstance],
    check(args, report, ctx) {
        const required = arr(ctx.config.requiredLabels).map(str).filter(Boolean);
        if (args.type === T.sqlInstance) {
            // Cloud SQL keeps labels in settings.userLabels, which provider default labels do not reach.
            const own = known<Record<string, string> | undefined>(() => labelMap(get(args.props, "settings.userLabels")), undefined);
            if (!own) return; // unknown during preview: judged again at `pulumi up`
            const missing = required.filter((k) => !(k in own));
            if (missing.length) {
                report(
                    `${what(args)} lacks the ${missing.length > 1 ? "labels" : "label"} ${listing(missing)} in settings.userLabels ` +
                        "(provider default labels do not reach Cloud SQL).",
                );
            }
            return;
        }
        // A label value may be unknown during a real preview: then the check waits for `pulumi up`.
        const own = known<Record<string, string> | undefined>(() => labelMap(args.props.labels), undefined);
        const inherited = known<Record<string, string> | undefined>(() => labelMap(args.provider?.props.defaultLabels), undefined);
        const missing = required.filter((k) => !(own && k in own) && !(inherited && k in inherited));
        if (missing.length && own && inherited) {
            report(
                `${what(args)} lacks the ${missing.length > 1 ? "labels" : "label"} ${listing(missing)}; set ` +
                    `${missing.length > 1 ? "them" : "it"} on the resource or in its provider's defaultLabels.`,
            );
        }
    },
};
