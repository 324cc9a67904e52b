/** buckets-private-uniform and buckets-versioned, branch by branch (bucket found by name). */
import { r, validateStack, type StackResource } from "../harness";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    block: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    acl: "aws:s3/bucketAcl:BucketAcl",
};
const NAME = "acme-media";
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const tlsOnly = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
const BLOCK = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const BLOCK_MISSING = "a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true";
const TLS_MISSING = 'a bucket policy denying requests without TLS (aws:SecureTransport "false")';

/** A locked-down bucket named acme-media, its configurations found by name; `over` replaces some. */
function locked(over: Partial<Record<"block" | "ownership" | "encryption" | "policy", StackResource | undefined>> = {}, type = T.bucket): StackResource[] {
    const parts = {
        block: r(T.block, "b", { bucket: NAME, ...BLOCK }),
        ownership: r(T.ownership, "o", { bucket: NAME, rule: { objectOwnership: "BucketOwnerEnforced" } }),
        encryption: r(T.encryption, "e", { bucket: NAME, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
        policy: r(T.policy, "p", { bucket: NAME, policy: doc(tlsOnly) }),
        ...over,
    };
    return [r(type, "media", { bucket: NAME }), ...Object.values(parts).filter((x): x is StackResource => x !== undefined)];
}
const lacks = (what: string) => `S3 bucket "media" is not locked down: it lacks ${what}.`;

describe("buckets-private-uniform, one setting at a time", () => {
    it("passes a locked-down bucket of either type, and V2 encryption", async () => {
        expect((await validateStack("buckets-private-uniform", locked())).messages).toEqual([]);
        expect((await validateStack("buckets-private-uniform", locked({}, T.bucketV2))).messages).toEqual([]);
        const v2 = r(T.encryptionV2, "e", { bucket: NAME, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
        expect((await validateStack("buckets-private-uniform", locked({ encryption: v2 }))).messages).toEqual([]);
    });

    it("counts encryption when one of several rules sets an algorithm", async () => {
        const rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "" } }, { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }];
        const encryption = r(T.encryption, "e", { bucket: NAME, rules });
        expect((await validateStack("buckets-private-uniform", locked({ encryption }))).messages).toEqual([]);
    });

    it.each(Object.keys(BLOCK))("fails a block with %s off", async (key) => {
        const block = r(T.block, "b", { bucket: NAME, ...BLOCK, [key]: false });
        expect((await validateStack("buckets-private-uniform", locked({ block }))).messages).toEqual([lacks(BLOCK_MISSING)]);
    });

    it("fails ACLs on, no encryption rule, and configurations of another bucket", async () => {
        const ownership = r(T.ownership, "o", { bucket: NAME, rule: { objectOwnership: "BucketOwnerPreferred" } });
        expect((await validateStack("buckets-private-uniform", locked({ ownership }))).messages).toEqual([lacks('ownership controls "BucketOwnerEnforced" (ACLs off)')]);
        const empty = r(T.encryption, "e", { bucket: NAME, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "" } }] });
        expect((await validateStack("buckets-private-uniform", locked({ encryption: empty }))).messages).toEqual([lacks("default encryption (a server-side encryption configuration)")]);
        const elsewhere = r(T.block, "b", { bucket: "other-bucket", ...BLOCK });
        expect((await validateStack("buckets-private-uniform", locked({ block: elsewhere }))).messages).toEqual([lacks(BLOCK_MISSING)]);
    });

    it.each([
        [{ ...tlsOnly, Effect: "Allow" }],
        [{ ...tlsOnly, Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
        [{ ...tlsOnly, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
        [{ ...tlsOnly, Condition: undefined }],
    ])("does not count %j as denying plain HTTP", async (statement) => {
        const policy = r(T.policy, "p", { bucket: NAME, policy: doc(statement) });
        const out = await validateStack("buckets-private-uniform", locked({ policy }));
        expect(out.messages[0]).toBe(lacks(TLS_MISSING));
    });

    it.each([[{ AWS: "*" }], [{ AWS: ["*"] }], ["*"]])("counts a deny for principal %j, also in the bucket's own policy", async (Principal) => {
        const policy = r(T.policy, "p", { bucket: NAME, policy: doc({ ...tlsOnly, Principal }) });
        expect((await validateStack("buckets-private-uniform", locked({ policy }))).messages).toEqual([]);
        const own = locked({ policy: undefined });
        own[0].props.policy = doc({ ...tlsOnly, Principal });
        expect((await validateStack("buckets-private-uniform", own)).messages).toEqual([]);
    });

    it("names a public statement without Sid and each public canned ACL, on the bucket or an ACL resource", async () => {
        const open = { Effect: "Allow", Principal: { AWS: ["*"] }, Action: "s3:GetObject", Resource: "*" };
        const policy = r(T.policy, "p", { bucket: NAME, policy: doc(tlsOnly, open) });
        expect((await validateStack("buckets-private-uniform", locked({ policy }))).messages).toEqual([
            'S3 bucket "media" has a policy statement allowing anyone ("*"); grant named roles or services only.',
        ]);
        const resources = [...locked(), r(T.acl, "a1", { bucket: NAME, acl: "public-read-write" }), r(T.acl, "a2", { bucket: NAME, acl: "private" })];
        resources[0].props.acl = "authenticated-read";
        expect((await validateStack("buckets-private-uniform", resources)).messages).toEqual([
            'S3 bucket "media" has the public canned ACL authenticated-read; remove it (BucketOwnerEnforced turns ACLs off).',
            'S3 bucket "media" has the public canned ACL public-read-write; remove it (BucketOwnerEnforced turns ACLs off).',
        ]);
    });

    it("does not apply without a bucket", async () => {
        expect((await validateStack("buckets-private-uniform", [])).notApplicable).toBe("no storage bucket; no S3 bucket in this stack");
    });
});

describe("buckets-versioned, by name and type", () => {
    const bucket = r(T.bucket, "media", { bucket: NAME });
    const tail = 'so an overwrite or delete is final; add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".';

    it("passes V2 versioning, and fails another bucket's versioning", async () => {
        const v2 = r(T.versioningV2, "v", { bucket: NAME, versioningConfiguration: { status: "Enabled" } });
        expect((await validateStack("buckets-versioned", [bucket, v2])).messages).toEqual([]);
        const other = r(T.versioning, "v", { bucket: "other", versioningConfiguration: { status: "Enabled" } });
        expect((await validateStack("buckets-versioned", [bucket, other])).messages).toEqual([`S3 bucket "media" keeps no earlier versions of its objects, ${tail}`]);
        const v2b = r(T.bucketV2, "media", { bucket: NAME, objectLockEnabled: false });
        expect((await validateStack("buckets-versioned", [v2b])).messages).toEqual([`S3 bucket "media" keeps no earlier versions of its objects, ${tail}`]);
    });

    it("names only the statuses that are set", async () => {
        const unset = r(T.versioning, "v1", { bucket: NAME, versioningConfiguration: {} });
        const suspended = r(T.versioning, "v2", { bucket: NAME, versioningConfiguration: { status: "Suspended" } });
        expect((await validateStack("buckets-versioned", [bucket, unset, suspended])).messages).toEqual([
            `S3 bucket "media" keeps no earlier versions of its objects (versioning is Suspended), ${tail}`,
        ]);
    });

    it("does not apply without a bucket", async () => {
        expect((await validateStack("buckets-versioned", [])).notApplicable).toBe("no storage bucket; no S3 bucket in this stack");
    });
});
