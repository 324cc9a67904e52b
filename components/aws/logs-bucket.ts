import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_ACCOUNT_ID, AWS_REGION, definedOnly } from "../core/internal";
import { denyInsecureTransport, privateBucket } from "./bucket-base";
import { policyDocument, type PolicyStatement } from "./iam";

/** Arguments of {@link LogsBucket}. */
export interface LogsBucketArgs {
    /**
     * Globally unique bucket name, e.g. `acme-prod-logs-123456789012`. Plain string: validated.
     * @default none (required)
     */
    bucketName: string;
    /**
     * Region of the bucket: the load balancer's (ELB delivers logs only to a bucket in its own
     * region). Plain string: it decides which principal may deliver (see the class doc).
     * @default none (required)
     */
    region: string;
    /**
     * The account whose load balancers and buckets deliver logs here (the paths
     * `<prefix>/AWSLogs/<accountId>/…` and the `aws:SourceAccount` of S3 server access logs).
     * @default none (required)
     */
    accountId: pulumi.Input<string>;
    /**
     * Days objects are kept (the environment's log retention), 1 to 3653.
     * @default none (required)
     */
    retentionDays: number;
    /**
     * Prefixes load balancers write access and connection logs under (each load balancer
     * sets one as its `accessLogs.prefix` / `connectionLogs.prefix`); only
     * `<prefix>/AWSLogs/<accountId>/*` is writable by ELB log delivery.
     * @default ["alb/access", "alb/connection"]
     */
    loadBalancerPrefixes?: string[];
    /**
     * Prefix S3 server access logs of this account's buckets (site buckets) are written under;
     * only `<prefix>/*` is writable by `logging.s3.amazonaws.com`, for this account's buckets.
     * @default "s3"
     */
    serverAccessLogsPrefix?: string;
    /**
     * Let `pulumi destroy` delete the bucket while it holds logs.
     * @default false
     */
    forceDestroy?: boolean;
    /**
     * `protect` on the bucket (prod): Pulumi refuses to delete it.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link LogsBucketArgs}. */
export const LOGS_BUCKET_DEFAULTS = {
    loadBalancerPrefixes: ["alb/access", "alb/connection"],
    serverAccessLogsPrefix: "s3",
    forceDestroy: false,
    deletionProtection: false,
};

/**
 * Regions opened before August 2022, where ELB delivers access logs as a regional AWS account
 * rather than as the `logdelivery.elasticloadbalancing.amazonaws.com` service (ELB user guide,
 * "Enable access logs": "Regions available before August 2022"). The account comes from the
 * provider's `aws.elb.getServiceAccount`.
 */
export const ELB_ACCOUNT_REGIONS: readonly string[] = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1",
    "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1", "me-south-1", "sa-east-1",
    "us-gov-west-1", "us-gov-east-1",
];

const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const PREFIX_EXPECTED = "a prefix of lowercase letters, digits, hyphens and inner slashes such as \"alb/access\" (no leading or trailing slash, never AWSLogs)";

/** Throws if `args` would be rejected by S3 or ELB; called before anything is registered. */
export function validateLogsBucketArgs(name: string, args: LogsBucketArgs): void {
    const check = new ArgsChecker(LogsBucket.TYPE, name);
    const cfg = { ...LOGS_BUCKET_DEFAULTS, ...definedOnly(args) };
    check.matches("bucketName", args.bucketName, BUCKET_NAME, "a bucket name of 3-63 lowercase letters, digits or hyphens, without S3's reserved prefixes and suffixes");
    check.check(typeof args.region === "string" && AWS_REGION.test(args.region), "region", "an AWS region such as \"eu-central-1\"", args.region);
    check.matchesIfKnown("accountId", args.accountId, AWS_ACCOUNT_ID, "a 12-digit AWS account ID");
    check.check(args.retentionDays !== undefined, "retentionDays", "an integer from 1 to 3653", args.retentionDays);
    check.intInRange("retentionDays", args.retentionDays, 1, 3653);
    // Not a list (a string, from JavaScript or YAML): reported, and no prefix of it is checked.
    const lbPrefixes = Array.isArray(cfg.loadBalancerPrefixes) ? cfg.loadBalancerPrefixes : [];
    check.check(lbPrefixes.length > 0, "loadBalancerPrefixes", "at least one prefix", cfg.loadBalancerPrefixes);
    lbPrefixes.forEach((p, i) => check.matches(`loadBalancerPrefixes[${i}]`, p, PREFIX, PREFIX_EXPECTED));
    check.matchesIfGiven("serverAccessLogsPrefix", args.serverAccessLogsPrefix, PREFIX, PREFIX_EXPECTED);
    // ELB appends /AWSLogs/…: a prefix must not overlap another, or one writer could fill the other's path.
    const all = [...lbPrefixes, cfg.serverAccessLogsPrefix];
    if (all.some((p) => typeof p !== "string")) return check.throwIfAny();
    all.forEach((p, i) => all.forEach((q, j) => {
        if (i < j && (p === q || q.startsWith(`${p}/`) || p.startsWith(`${q}/`))) check.fail(j === all.length - 1 ? "serverAccessLogsPrefix" : `loadBalancerPrefixes[${j}]`, `a prefix apart from "${p}"`, q);
    }));
    check.throwIfAny();
}

/**
 * The environment's log bucket: load balancer access and connection logs, and S3 server access
 * logs of its site buckets. Private like every prodstack bucket (public access blocked,
 * `BucketOwnerEnforced`, TLS 1.2+ only), encrypted with **SSE-S3** (AES256: ELB log delivery
 * does not write to SSE-KMS buckets), versioned, with objects expired after `retentionDays`
 * (noncurrent versions a day later) and unfinished uploads aborted after 7 days.
 *
 * The policy lets each writer put objects under its own prefix only: ELB under
 * `<prefix>/AWSLogs/<accountId>/` as `logdelivery.elasticloadbalancing.amazonaws.com` and, in
 * regions opened before August 2022 (eu-central-1 among them), also as the region's ELB
 * account, which is how those regions deliver; S3 server access logging under
 * `serverAccessLogsPrefix` for this account's buckets (`aws:SourceAccount`).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const logs = new aws.LogsBucket("logs", {
 *     bucketName: "acme-prod-logs-123456789012",
 *     region: "eu-central-1",
 *     accountId: "123456789012",
 *     retentionDays: 365,
 *     deletionProtection: true,
 * });
 * export const logsBucket = logs.bucketName;
 * ```
 */
export class LogsBucket extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:LogsBucket";

    /** The bucket's name (what `accessLogs.bucket` takes). */
    readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    readonly arn: pulumi.Output<string>;
    /** The load balancer prefixes, as given. */
    readonly loadBalancerPrefixes: string[];
    /** Prefix of S3 server access logs (a site bucket's `targetPrefix` starts with it). */
    readonly serverAccessLogsPrefix: string;
    /**
     * Resolves once the bucket policy is in place: a load balancer's attributes are refused
     * ("Access Denied for bucket") until ELB may write, so load balancers wait for it.
     */
    readonly ready: pulumi.Output<string>;

    constructor(name: string, args: LogsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLogsBucketArgs(name, args);
        super(LogsBucket.TYPE, name, {}, opts);
        const cfg = { ...LOGS_BUCKET_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const parent = { parent: this };
        const { bucket: s3Bucket, publicAccessBlock } = privateBucket(name, { ...cfg, versioning: true }, this);
        const bucket = s3Bucket.bucket;

        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            region,
            bucket,
            rules: [{
                id: "retention",
                status: "Enabled",
                filter: {},
                expiration: { days: cfg.retentionDays },
                noncurrentVersionExpiration: { noncurrentDays: 1 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
        }, parent);

        const arn = s3Bucket.arn;
        const elbPaths = cfg.loadBalancerPrefixes.map((p) => pulumi.interpolate`${arn}/${p}/AWSLogs/${cfg.accountId}/*`);
        const statements: PolicyStatement[] = [
            ...denyInsecureTransport(arn, pulumi.interpolate`${arn}/*`),
            {
                Sid: "LoadBalancerLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: elbPaths,
            },
        ];
        if (ELB_ACCOUNT_REGIONS.includes(region)) {
            const elbAccount = aws.elb.getServiceAccountOutput({ region }, parent);
            statements.push({
                Sid: "RegionalElbAccountLogDelivery",
                Effect: "Allow",
                Principal: { AWS: elbAccount.arn },
                Action: "s3:PutObject",
                Resource: elbPaths,
            });
        }
        statements.push({
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${arn}/${cfg.serverAccessLogsPrefix}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": cfg.accountId } },
        });
        const policy = new aws.s3.BucketPolicy(`${name}-policy`, {
            region,
            bucket,
            policy: policyDocument(statements),
        }, { ...parent, dependsOn: [publicAccessBlock] });

        this.bucketName = bucket;
        this.arn = arn;
        this.loadBalancerPrefixes = [...cfg.loadBalancerPrefixes];
        this.serverAccessLogsPrefix = cfg.serverAccessLogsPrefix;
        this.ready = pulumi.all([bucket, policy.id]).apply(([b]) => b);
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
