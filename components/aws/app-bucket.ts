import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, resourceName } from "../core/internal";
import { denyInsecureTransport, privateBucket } from "./bucket-base";
import { policyDocument, type PolicyStatement } from "./iam";

/** What a role may do with the objects of an {@link AppBucket}. */
export type BucketAccessLevel = "read" | "readWrite";

/** One role's access to an {@link AppBucket}. */
export interface BucketAccess {
    /**
     * ARN of the IAM role, typically a task role (`FargateService.taskRoleArn`).
     * @default none (required)
     */
    roleArn: pulumi.Input<string>;
    /**
     * `read`: list the bucket and get objects; `readWrite`: also put and delete objects. Never
     * bucket settings, ACLs or policies.
     * @default none (required)
     */
    level: BucketAccessLevel;
}

/** Arguments of {@link AppBucket}. */
export interface AppBucketArgs {
    /**
     * Globally unique bucket name (3-63 lowercase letters, digits, hyphens, dots discouraged
     * and refused). Plain string: validated.
     * @default none (required)
     */
    bucketName: string;
    /**
     * Region of the bucket, e.g. `eu-central-1` (checked when given as a string).
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Roles that may use the objects, keyed by a stable short name (`api`, `worker`) that
     * names the bucket-policy statement.
     * @default {}
     */
    access?: Record<string, BucketAccess>;
    /**
     * ARN of a customer-managed KMS key for SSE-KMS (with an S3 Bucket Key). The roles in
     * `access` then also need `kms:Decrypt` and `kms:GenerateDataKey` on it (a bucket policy
     * cannot grant those). Without it objects are encrypted with SSE-S3.
     * @default none (SSE-S3, AES256)
     */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Keep overwritten and deleted objects as noncurrent versions (recoverable).
     * @default true
     */
    versioning?: boolean;
    /**
     * Delete noncurrent versions this many days after they became noncurrent, 1 to 3650.
     * @default 30
     */
    noncurrentVersionDays?: number;
    /**
     * Delete objects this many days after they were created.
     * @default none (objects never expire)
     */
    expireDays?: number;
    /**
     * Origins that upload or download directly from browsers with presigned URLs, e.g.
     * `https://app.example.com`; they get a CORS rule for GET, HEAD, PUT and POST.
     * @default []
     */
    corsOrigins?: string[];
    /**
     * Let `pulumi destroy` delete a bucket that still holds objects. Off keeps user data safe.
     * @default false
     */
    forceDestroy?: boolean;
    /**
     * `protect` on the bucket (prod): Pulumi refuses to delete it.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link AppBucketArgs}, in one place. */
export const APP_BUCKET_DEFAULTS = {
    access: {} as Record<string, BucketAccess>,
    versioning: true,
    noncurrentVersionDays: 30,
    corsOrigins: [] as string[],
    forceDestroy: false,
    deletionProtection: false,
};

/** Object actions per access level; listing is granted on the bucket itself. */
const OBJECT_ACTIONS: Record<BucketAccessLevel, string[]> = {
    read: ["s3:GetObject"],
    readWrite: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
};

const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Throws if `args` would be rejected by S3 or make the bucket public. */
export function validateAppBucketArgs(name: string, args: AppBucketArgs): void {
    const check = new ArgsChecker(AppBucket.TYPE, name);
    const cfg = { ...APP_BUCKET_DEFAULTS, ...definedOnly(args) };
    check.matches("bucketName", args.bucketName, BUCKET_NAME, "a bucket name of 3-63 lowercase letters, digits or hyphens, without S3's reserved prefixes and suffixes");
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    for (const [key, access] of Object.entries(cfg.access)) {
        check.matches(`access.${key}`, key, /^[a-z][a-z0-9-]{0,62}$/, "a short lowercase name such as \"api\"");
        check.oneOf(`access.${key}.level`, access.level, Object.keys(OBJECT_ACTIONS) as BucketAccessLevel[]);
        check.matchesIfKnown(`access.${key}.roleArn`, access.roleArn, /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN (application buckets are never public)");
    }
    check.intInRange("noncurrentVersionDays", args.noncurrentVersionDays, 1, 3650);
    check.intInRange("expireDays", args.expireDays, 1, 36500);
    cfg.corsOrigins.forEach((origin, i) => {
        check.matches(`corsOrigins[${i}]`, origin, /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, "an https origin such as \"https://app.example.com\"");
    });
    check.throwIfAny();
}

/**
 * A private application bucket (uploads, exports, generated files): all four public-access
 * blocks on, ACLs disabled (`BucketOwnerEnforced`), default encryption (SSE-S3, or SSE-KMS with
 * a Bucket Key) with SSE-C uploads blocked, versioning with noncurrent versions expired after
 * a window, incomplete multipart uploads aborted after 7 days, optional expiry and CORS, and a
 * bucket policy that refuses plain HTTP and TLS below 1.2 and lets each listed role do only
 * its level's object actions.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const media = new aws.AppBucket("media", {
 *     bucketName: "acme-prod-media",
 *     region: "eu-central-1",
 *     access: { api: { roleArn: "arn:aws:iam::123456789012:role/acme-prod-api-task", level: "readWrite" } },
 *     corsOrigins: ["https://app.example.com"],
 *     deletionProtection: true,
 * });
 * export const mediaBucket = media.bucketName;
 * ```
 */
export class AppBucket extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:AppBucket";

    /** The bucket's name. */
    readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN (objects are `<arn>/*`). */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: AppBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAppBucketArgs(name, args);
        super(AppBucket.TYPE, name, {}, opts);
        const cfg = { ...APP_BUCKET_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const parent = { parent: this };

        const { bucket: s3Bucket, publicAccessBlock: publicBlock } = privateBucket(name, cfg, this);
        const bucket = s3Bucket.bucket;

        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            region,
            bucket,
            rules: [
                {
                    id: "housekeeping",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    ...(cfg.versioning ? { noncurrentVersionExpiration: { noncurrentDays: cfg.noncurrentVersionDays } } : {}),
                },
                ...(cfg.expireDays !== undefined ? [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: cfg.expireDays } }] : []),
            ],
        }, parent);
        if (cfg.corsOrigins.length) {
            new aws.s3.BucketCorsConfiguration(`${name}-cors`, {
                region,
                bucket,
                corsRules: [{
                    allowedOrigins: cfg.corsOrigins,
                    allowedMethods: ["GET", "HEAD", "PUT", "POST"],
                    allowedHeaders: ["Content-Type", "Content-MD5", "x-amz-*"],
                    exposeHeaders: ["ETag"],
                    maxAgeSeconds: 3600,
                }],
            }, parent);
        }

        const arn = s3Bucket.arn;
        const objects = pulumi.interpolate`${arn}/*`;
        const grants: PolicyStatement[] = Object.keys(cfg.access).sort().flatMap((key) => {
            const access = cfg.access[key];
            const sid = resourceName([key]).replace(/-/g, "");
            return [
                { Sid: `${sid}List`, Effect: "Allow" as const, Principal: { AWS: access.roleArn }, Action: "s3:ListBucket", Resource: arn },
                { Sid: `${sid}Objects`, Effect: "Allow" as const, Principal: { AWS: access.roleArn }, Action: OBJECT_ACTIONS[access.level], Resource: objects },
            ];
        });
        new aws.s3.BucketPolicy(`${name}-policy`, {
            region,
            bucket,
            policy: policyDocument([
                ...denyInsecureTransport(arn, objects),
                ...grants,
            ]),
        }, { ...parent, dependsOn: [publicBlock] });

        this.bucketName = bucket;
        this.arn = arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
