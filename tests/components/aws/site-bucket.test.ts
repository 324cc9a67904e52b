import * as pulumi from "@pulumi/pulumi";
import { SiteBucket, type SiteBucketArgs } from "../../../components/aws/site-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { expectPrivateSseS3Bucket, privateBucketCounts } from "../../helpers/buckets";
import { plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const DIST = "arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJKL";
const OTHER = "arn:aws:cloudfront::123456789012:distribution/E3MNOPQRSTUVWX";
const ARGS: SiteBucketArgs = { bucketName: "acme-prod-site-web-123456789012", region: "eu-central-1", distributionArns: [DIST] };
const ARN = "arn:aws:s3:::acme-prod-site-web-123456789012";
const policyOf = (inv: Inventory) => JSON.parse(String(inv.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy)).Statement;

describe("aws SiteBucket", () => {
    it("is private, owner-enforced, encrypted and versioned, readable by the distribution only, through TLS 1.2+", async () => {
        const inv = await plan(() => new SiteBucket("web", ARGS));
        expect(inv.counts()).toEqual(privateBucketCounts("prodstack:aws:SiteBucket"));
        expectPrivateSseS3Bucket(inv, "acme-prod-site-web-123456789012");
        expect((inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any)[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
        expect(policyOf(inv)).toEqual([
            expect.objectContaining({ Sid: "DenyPlainHttp", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            expect.objectContaining({ Sid: "DenyTlsBelow12", Effect: "Deny", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }),
            {
                Sid: "CloudFrontReadsObjects", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject",
                Resource: `${ARN}/*`, Condition: { StringEquals: { "AWS:SourceArn": [DIST] } },
            },
        ]);
        expect(inv.one("aws:s3/bucketPolicy:BucketPolicy").dependsOn).toContain(inv.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn);
        expect(inv.ofType("aws:s3/bucketLogging:BucketLogging")).toHaveLength(0);
    });

    it("takes the readers as an output (a distribution created after the bucket) and logs to the logs bucket", async () => {
        const inv = await plan(() => new SiteBucket("web", {
            ...ARGS,
            distributionArns: pulumi.output([DIST, OTHER]),
            logs: { bucketName: "acme-prod-logs-123456789012", prefix: "s3" },
            noncurrentVersionDays: 7,
            forceDestroy: true,
        }));
        expect(policyOf(inv)[2].Condition).toEqual({ StringEquals: { "AWS:SourceArn": [DIST, OTHER] } });
        expect(inv.one("aws:s3/bucketLogging:BucketLogging").inputs).toEqual({
            region: "eu-central-1", bucket: "acme-prod-site-web-123456789012", targetBucket: "acme-prod-logs-123456789012", targetPrefix: "s3/acme-prod-site-web-123456789012/",
        });
        expect(inv.one("aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(true);
        expect(summarize(SiteBucket.TYPE, inv.resources)).toBe(
            "s3://acme-prod-site-web-123456789012 · private (4 public access blocks) · owner-enforced · AES256 · versioned (old versions 7 d) · TLS only · read by CloudFront only (2 distributions) · access logged",
        );
        expect((inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any)[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 7 });
    });

    it("protects the bucket in prod", async () => {
        const inv = await plan(() => new SiteBucket("web", { ...ARGS, deletionProtection: true }));
        expect(inv.one("aws:s3/bucket:Bucket").protect).toBe(true);
    });

    it.each([
        ["no reader", { distributionArns: [] }, "distributionArns: expected at least one CloudFront distribution ARN"],
        ["a role instead of a distribution", { distributionArns: ["arn:aws:iam::123456789012:role/x"] }, "distributionArns[0]: expected a CloudFront distribution ARN"],
        ["an upper-case name", { bucketName: "Acme-web" }, "bucketName: expected a bucket name"],
        ["a GCP region", { region: "europe-west1" }, "region: expected an AWS region"],
        ["a log prefix with a slash", { logs: { bucketName: "logs", prefix: "/s3" } }, "logs.prefix: expected a key prefix"],
        ["no noncurrent window", { noncurrentVersionDays: 0 }, "noncurrentVersionDays: expected an integer from 1 to 3650"],
    ] as Array<[string, Partial<SiteBucketArgs>, string]>)("rejects %s", async (_, change, message) => {
        const { error, inv } = await rejectedArgs(() => new SiteBucket("web", { ...ARGS, ...change }));
        expect(error.message).toContain(message);
        expect(inv.counts()).toEqual({});
    });
});
