/**
 * What every private S3 bucket of prodstack has, shared by `AppBucket` and `LogsBucket`:
 * all four public-access blocks, ACLs disabled (`BucketOwnerEnforced`), default encryption
 * with SSE-C uploads blocked, optional versioning, and the policy statements that refuse
 * plain HTTP and TLS below 1.2. Internal: not exported from `prodstack/aws`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./iam";

/** What {@link privateBucket} needs. */
export interface PrivateBucketSettings {
    /**
     * Region of the bucket and its settings.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * The bucket's name.
     * @default none (required)
     */
    bucketName: string;
    /**
     * Let `pulumi destroy` delete a bucket that holds objects.
     * @default none (required)
     */
    forceDestroy: boolean;
    /**
     * `protect` on the bucket.
     * @default none (required)
     */
    deletionProtection: boolean;
    /**
     * Turn versioning on.
     * @default none (required)
     */
    versioning: boolean;
    /**
     * SSE-KMS with this key (and a Bucket Key); SSE-S3 (AES256) without.
     * @default none (SSE-S3)
     */
    kmsKeyArn?: pulumi.Input<string>;
}

/** The bucket and its public access block (a bucket policy must wait for the block). */
export interface PrivateBucket {
    /**
     * The bucket.
     * @default always set
     */
    bucket: aws.s3.Bucket;
    /**
     * Its public access block.
     * @default always set
     */
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
}

/** Creates the bucket and its private-by-default settings as children of `parent`. */
export function privateBucket(name: string, s: PrivateBucketSettings, parent: pulumi.Resource): PrivateBucket {
    const opts = { parent };
    const region = s.region;
    const s3Bucket = new aws.s3.Bucket(`${name}-bucket`, {
        region,
        bucket: s.bucketName,
        forceDestroy: s.forceDestroy,
    }, { ...opts, ...(s.deletionProtection ? { protect: true } : {}) });
    const bucket = s3Bucket.bucket;
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
        region,
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, opts);
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { region, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        region,
        bucket,
        rules: [{
            applyServerSideEncryptionByDefault: s.kmsKeyArn
                ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: s.kmsKeyArn }
                : { sseAlgorithm: "AES256" },
            bucketKeyEnabled: s.kmsKeyArn !== undefined,
            blockedEncryptionTypes: ["SSE-C"],
        }],
    }, opts);
    if (s.versioning) {
        new aws.s3.BucketVersioning(`${name}-versioning`, { region, bucket, versioningConfiguration: { status: "Enabled" } }, opts);
    }
    return { bucket: s3Bucket, publicAccessBlock };
}

/** Deny statements refusing plain HTTP and TLS below 1.2 on the bucket and its objects. */
export function denyInsecureTransport(arn: pulumi.Input<string>, objects: pulumi.Input<string>): PolicyStatement[] {
    return [
        {
            Sid: "DenyPlainHttp",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [arn, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyTlsBelow12",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [arn, objects],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
}
