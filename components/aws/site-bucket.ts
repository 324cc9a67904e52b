import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly } from "../core/internal";
import { denyInsecureTransport, privateBucket } from "./bucket-base";
import { policyDocument } from "./iam";

/** Where a {@link SiteBucket} writes its S3 server access logs. */
export interface SiteBucketLogs {
    /**
     * Name of the environment's logs bucket (same account and region; `LogsBucket.bucketName`).
     * @default none (required)
     */
    bucketName: pulumi.Input<string>;
    /**
     * Prefix that bucket lets S3 server access logging write under (`LogsBucket.serverAccessLogsPrefix`);
     * this bucket's logs go to `<prefix>/<bucket name>/`.
     * @default none (required)
     */
    prefix: string;
}

/** Arguments of {@link SiteBucket}. */
export interface SiteBucketArgs {
    /**
     * Globally unique bucket name, e.g. `acme-prod-web-123456789012`. Plain string: validated.
     * @default none (required)
     */
    bucketName: string;
    /**
     * Region of the bucket, e.g. `eu-central-1` (checked when given as a string).
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * ARNs of the CloudFront distributions that may read the objects (through Origin Access
     * Control: the bucket policy names each as `AWS:SourceArn`). Nobody else may read.
     * @default none (required)
     */
    distributionArns: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * S3 server access logs of the bucket. Omitted: not logged (CloudFront's access logs
     * still record every viewer request).
     * @default none (no server access logs)
     */
    logs?: SiteBucketLogs;
    /**
     * Delete overwritten and deleted objects' old versions this many days after they became
     * noncurrent (a bad deploy is rolled back by restoring them), 1 to 3650.
     * @default 30
     */
    noncurrentVersionDays?: number;
    /**
     * Let `pulumi destroy` delete the bucket while it holds objects (non-prod: the site is
     * rebuilt by its deploy pipeline).
     * @default false
     */
    forceDestroy?: boolean;
    /**
     * `protect` on the bucket (prod): Pulumi refuses to delete it.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link SiteBucketArgs}. */
export const SITE_BUCKET_DEFAULTS = { noncurrentVersionDays: 30, forceDestroy: false, deletionProtection: false };

const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Up to 100 characters of non-empty segments: the logs go to `<prefix>/<bucket>/`, never under `s3//`. */
const LOG_PREFIX = /^(?=.{1,100}$)[a-z0-9][a-z0-9_-]*(\/[a-z0-9_-]+)*$/;
const DISTRIBUTION_ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Z0-9]+$/;

/** Throws if `args` would be rejected by S3 or leave the bucket readable by anyone but CloudFront. */
export function validateSiteBucketArgs(name: string, args: SiteBucketArgs): void {
    const check = new ArgsChecker(SiteBucket.TYPE, name);
    check.matches("bucketName", args.bucketName, BUCKET_NAME, "a bucket name of 3-63 lowercase letters, digits or hyphens, without S3's reserved prefixes and suffixes");
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const arns = args.distributionArns;
    if (Array.isArray(arns)) {
        check.check(arns.length > 0, "distributionArns", "at least one CloudFront distribution ARN (nothing else may read a site bucket)", arns);
        arns.forEach((a, i) => check.matchesIfKnown(`distributionArns[${i}]`, a, DISTRIBUTION_ARN, "a CloudFront distribution ARN (arn:aws:cloudfront::<account>:distribution/<id>)"));
    } else {
        check.check(arns !== undefined, "distributionArns", "at least one CloudFront distribution ARN (nothing else may read a site bucket)", arns);
    }
    if (args.logs) check.matches("logs.prefix", args.logs.prefix, LOG_PREFIX, "a key prefix such as \"s3\" (no leading or trailing slash)");
    check.intInRange("noncurrentVersionDays", args.noncurrentVersionDays, 1, 3650);
    check.throwIfAny();
}

/**
 * The private bucket of a static site: all four public-access blocks on, ACLs disabled
 * (`BucketOwnerEnforced`), SSE-S3 (CloudFront's Origin Access Control reads SSE-S3 objects
 * without a key grant) with SSE-C uploads blocked, versioning with old versions expired after
 * a window, optional S3 server access logs, and a bucket policy that refuses plain HTTP and
 * TLS below 1.2 and lets only the listed CloudFront distributions get objects
 * (`cloudfront.amazonaws.com` with `AWS:SourceArn`), never list them or write.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const web = new aws.SiteBucket("web", {
 *     bucketName: "acme-prod-web-123456789012",
 *     region: "eu-central-1",
 *     distributionArns: ["arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJKL"],
 *     deletionProtection: true,
 * });
 * export const webBucket = web.bucketName;
 * ```
 */
export class SiteBucket extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:SiteBucket";

    /** The bucket's name (deploy the site with `aws s3 sync <dir> s3://<name>/<prefix>`). */
    readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    readonly arn: pulumi.Output<string>;
    /** `<bucket>.s3.<region>.amazonaws.com`: the CloudFront origin's domain name. */
    readonly regionalDomainName: pulumi.Output<string>;

    constructor(name: string, args: SiteBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSiteBucketArgs(name, args);
        super(SiteBucket.TYPE, name, {}, opts);
        const cfg = { ...SITE_BUCKET_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const parent = { parent: this };
        const { bucket: s3Bucket, publicAccessBlock } = privateBucket(name, {
            region,
            bucketName: cfg.bucketName,
            forceDestroy: cfg.forceDestroy,
            deletionProtection: cfg.deletionProtection,
            versioning: true,
        }, this);
        const bucket = s3Bucket.bucket;
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            region,
            bucket,
            rules: [{
                id: "housekeeping",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: cfg.noncurrentVersionDays },
            }],
        }, parent);
        if (cfg.logs) {
            new aws.s3.BucketLogging(`${name}-logging`, {
                region,
                bucket,
                targetBucket: cfg.logs.bucketName,
                targetPrefix: `${cfg.logs.prefix}/${cfg.bucketName}/`,
            }, parent);
        }
        const arn = s3Bucket.arn;
        const objects = pulumi.interpolate`${arn}/*`;
        new aws.s3.BucketPolicy(`${name}-policy`, {
            region,
            bucket,
            policy: pulumi.output(cfg.distributionArns).apply((readers) => policyDocument([
                ...denyInsecureTransport(arn, objects),
                {
                    Sid: "CloudFrontReadsObjects",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: objects,
                    Condition: { StringEquals: { "AWS:SourceArn": readers } },
                },
            ])),
        }, { ...parent, dependsOn: [publicAccessBlock] });

        this.bucketName = bucket;
        this.arn = arn;
        this.regionalDomainName = s3Bucket.bucketRegionalDomainName;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn, regionalDomainName: this.regionalDomainName });
    }
}
