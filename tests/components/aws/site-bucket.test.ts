import * as pulumi from "@pulumi/pulumi";
import { SiteBucket, validateSiteBucketArgs, type SiteBucketArgs } from "../../../components/aws/site-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { expectPrivateSseS3Bucket, privateBucketCounts } from "../../helpers/buckets";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

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
        const lifecycle = inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        expect(lifecycle.inputs.rules).toEqual([{
            id: "housekeeping", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }, noncurrentVersionExpiration: { noncurrentDays: 30 },
        }]);
        const component = inv.one("prodstack:aws:SiteBucket").urn;
        expect([lifecycle.parent, inv.one("aws:s3/bucketPolicy:BucketPolicy").parent]).toEqual([component, component]);
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
        expect(inv.one("aws:s3/bucketLogging:BucketLogging").parent).toBe(inv.one("prodstack:aws:SiteBucket").urn);
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

describe("aws SiteBucket validation", () => {
    const problemsOf = (change: Partial<SiteBucketArgs>) => argProblems(() => validateSiteBucketArgs("web", { ...ARGS, ...change }));
    const bucketName = "a bucket name of 3-63 lowercase letters, digits or hyphens, without S3's reserved prefixes and suffixes";
    const arn = "a CloudFront distribution ARN (arn:aws:cloudfront::<account>:distribution/<id>)";
    const prefix = 'a key prefix such as "s3" (no leading or trailing slash)';
    const logs = (p: string) => ({ logs: { bucketName: "acme-prod-logs-123456789012", prefix: p } });

    it.each<[string, Partial<SiteBucketArgs>]>([
        ["a 3-character name", { bucketName: "a-1" }],
        ["a 63-character name", { bucketName: `a${"b".repeat(61)}c` }],
        ["a reserved suffix inside the name", { bucketName: "acme-s3alias-web" }],
        ["a distribution of the China partition", { distributionArns: ["arn:aws-cn:cloudfront::123456789012:distribution/E2ABCDEFGHIJKL"] }],
        ["a log prefix of segments", logs("s3/site_logs-1")],
        ["a log prefix of 100 characters", logs(`s${"3".repeat(99)}`)],
    ])("accepts %s", (_label, change) => {
        expect(problemsOf(change)).toEqual([]);
    });

    it.each<[string, Partial<SiteBucketArgs>, string[]]>([
        ["a 2-character name", { bucketName: "ab" }, [`bucketName: expected ${bucketName}, got "ab"`]],
        ["a 64-character name", { bucketName: `a${"b".repeat(62)}c` }, [`bucketName: expected ${bucketName}, got "a${"b".repeat(62)}c"`]],
        ["a trailing hyphen", { bucketName: "acme-web-" }, [`bucketName: expected ${bucketName}, got "acme-web-"`]],
        ["the reserved xn-- prefix", { bucketName: "xn--acme-web" }, [`bucketName: expected ${bucketName}, got "xn--acme-web"`]],
        ["the reserved -s3alias suffix", { bucketName: "acme-web-s3alias" }, [`bucketName: expected ${bucketName}, got "acme-web-s3alias"`]],
        ["the reserved --x-s3 suffix", { bucketName: "acme-web--x-s3" }, [`bucketName: expected ${bucketName}, got "acme-web--x-s3"`]],
        ["no readers", { distributionArns: undefined as never }, ["distributionArns: expected at least one CloudFront distribution ARN (nothing else may read a site bucket), got nothing"]],
        ["a distribution ARN with text before", { distributionArns: [`x${DIST}`] }, [`distributionArns[0]: expected ${arn}, got "x${DIST}"`]],
        ["a distribution ARN with text after", { distributionArns: [DIST, `${OTHER}/x`] }, [`distributionArns[1]: expected ${arn}, got "${OTHER}/x"`]],
        // A trailing or doubled slash made the logs land under `s3//<bucket>/`.
        ["a log prefix with a trailing slash", logs("s3/"), [`logs.prefix: expected ${prefix}, got "s3/"`]],
        ["a log prefix with an empty segment", logs("s3//site"), [`logs.prefix: expected ${prefix}, got "s3//site"`]],
        ["a log prefix starting with an underscore", logs("_s3"), [`logs.prefix: expected ${prefix}, got "_s3"`]],
        ["an upper-case log prefix", logs("S3"), [`logs.prefix: expected ${prefix}, got "S3"`]],
        ["a log prefix of 101 characters", logs(`s${"3".repeat(100)}`), [`logs.prefix: expected ${prefix}, got "s${"3".repeat(100)}"`]],
        ["a noncurrent window above 10 years", { noncurrentVersionDays: 3651 }, ["noncurrentVersionDays: expected an integer from 1 to 3650, got 3651"]],
    ])("rejects %s", (_label, change, problems) => {
        expect(problemsOf(change)).toEqual(problems);
    });
});
