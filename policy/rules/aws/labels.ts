/** AWS tags: every taggable resource carries the environment's tags, itself or through the provider's default tags. */
import type { ResourceCheck } from "../../types";
import { arr, get, known, labelMap, listing, parseJson, str } from "../common";
import { T, what } from "./types";

/**
 * Types the provider's `defaultTags` reach (their state has `tagsAll`; tests/policy/aws/pack.test.ts
 * checks that in `@pulumi/aws`). EventBridge Scheduler schedules take no tags.
 */
export const TAGGED_BY_PROVIDER: readonly string[] = [
    T.vpc,
    T.subnet,
    T.routeTable,
    T.internetGateway,
    "aws:ec2/eip:Eip",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    T.securityGroup,
    T.defaultSecurityGroup,
    T.flowLog,
    T.logGroup,
    T.kmsKey,
    T.secret,
    T.repository,
    T.bucket,
    T.taskDefinition,
    T.ecsService,
    "aws:ecs/cluster:Cluster",
    T.role,
    T.managedPolicy,
    T.lambdaFunction,
    "aws:lb/targetGroup:TargetGroup",
    T.scalingTarget,
];

/** The provider's default tags (`defaultTags.tags`; the plan JSON-encodes provider config). */
export function providerTags(providerProps: Record<string, unknown> | undefined): Record<string, string> {
    return labelMap(get(parseJson(providerProps?.defaultTags), "tags"));
}

export const labelsPresent: ResourceCheck = {
    types: TAGGED_BY_PROVIDER,
    check(args, report, ctx) {
        const required = arr(ctx.config.requiredLabels).map(str).filter(Boolean);
        // A tag value may be unknown during a real preview: then the check waits for `pulumi up`.
        const own = known<Record<string, string> | undefined>(() => labelMap(args.props.tags), undefined);
        const inherited = known<Record<string, string> | undefined>(() => providerTags(args.provider?.props), undefined);
        if (!own || !inherited) return;
        const missing = required.filter((k) => !(k in own) && !(k in inherited));
        if (missing.length) {
            report(
                `${what(args)} lacks the ${missing.length > 1 ? "tags" : "tag"} ${listing(missing)}; set ` +
                    `${missing.length > 1 ? "them" : "it"} on the resource or in its provider's defaultTags.`,
            );
        }
    },
};
