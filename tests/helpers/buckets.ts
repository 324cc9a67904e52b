/** What every private S3 bucket component (AppBucket, LogsBucket, SiteBucket: bucket-base.ts) sends to AWS. */
import type { Inventory } from "./inventory";

/** The component and its children: bucket, public access block, ownership, encryption, versioning, lifecycle, policy. */
export function privateBucketCounts(component: string): Record<string, number> {
    return {
        [component]: 1,
        "aws:s3/bucket:Bucket": 1,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
        "aws:s3/bucketVersioning:BucketVersioning": 1,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
        "aws:s3/bucketPolicy:BucketPolicy": 1,
    };
}

/** Expects the private defaults: all four blocks, owner-enforced, SSE-S3 with SSE-C refused, versioned, unprotected. */
export function expectPrivateSseS3Bucket(inv: Inventory, bucket: string, region = "eu-central-1"): void {
    expect(inv.one("aws:s3/bucket:Bucket").inputs).toEqual({ region, bucket, forceDestroy: false });
    expect(inv.one("aws:s3/bucket:Bucket").protect).toBe(false);
    expect(inv.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toEqual({
        region, bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    expect(inv.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(inv.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] },
    ]);
    expect(inv.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
}
