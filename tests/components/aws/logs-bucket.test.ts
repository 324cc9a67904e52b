import { ELB_ACCOUNT_REGIONS, LOGS_BUCKET_DEFAULTS, LogsBucket, validateLogsBucketArgs, type LogsBucketArgs } from "../../../components/aws/logs-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { expectPrivateSseS3Bucket, privateBucketCounts } from "../../helpers/buckets";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const ARGS: LogsBucketArgs = { bucketName: "acme-prod-logs-123456789012", region: "eu-central-1", accountId: "123456789012", retentionDays: 365 };
const ARN = "arn:aws:s3:::acme-prod-logs-123456789012";
const policyOf = (inv: Inventory) => JSON.parse(String(inv.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy)).Statement as Array<Record<string, unknown>>;
const ELB_PATHS = [`${ARN}/alb/access/AWSLogs/123456789012/*`, `${ARN}/alb/connection/AWSLogs/123456789012/*`];

describe("aws LogsBucket", () => {
    it("creates a private, owner-enforced, SSE-S3, versioned bucket whose logs expire after the retention", async () => {
        const inv = await plan(() => new LogsBucket("logs", ARGS));
        expect(inv.counts()).toEqual(privateBucketCounts("prodstack:aws:LogsBucket"));
        // ELB log delivery writes only to SSE-S3 buckets.
        expectPrivateSseS3Bucket(inv, "acme-prod-logs-123456789012");
        expect(inv.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
        expect(inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([{
            id: "retention", status: "Enabled", filter: {}, expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 1 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }]);
        expect(inv.one("aws:s3/bucketPolicy:BucketPolicy").dependsOn).toContain(inv.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn);
        const component = inv.one("prodstack:aws:LogsBucket").urn;
        for (const r of inv.resources.filter((r) => r.type.startsWith("aws:s3/"))) expect(r.parent).toBe(component);
    });

    it("lets ELB (service and, in eu-central-1, the regional account) and S3 server access logging write only their prefixes, over TLS", async () => {
        let bucket: LogsBucket | undefined;
        const inv = await plan(() => {
            bucket = new LogsBucket("logs", ARGS);
            return { bucketName: bucket.bucketName, arn: bucket.arn, ready: bucket.ready };
        });
        expect(inv.outputs).toEqual({ bucketName: "acme-prod-logs-123456789012", arn: ARN, ready: "acme-prod-logs-123456789012" });
        expect([bucket!.loadBalancerPrefixes, bucket!.serverAccessLogsPrefix]).toEqual([["alb/access", "alb/connection"], "s3"]);
        // The regional ELB account is asked of the bucket's region.
        expect(inv.invokes).toEqual([{ token: "aws:elb/getServiceAccount:getServiceAccount", args: { region: "eu-central-1" } }]);
        const statements = policyOf(inv);
        expect(statements.map((s) => s.Sid)).toEqual(["DenyPlainHttp", "DenyTlsBelow12", "LoadBalancerLogDelivery", "RegionalElbAccountLogDelivery", "S3ServerAccessLogs"]);
        expect(statements[0]).toEqual({
            Sid: "DenyPlainHttp", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*",
            Resource: [ARN, `${ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(statements[2]).toEqual({
            Sid: "LoadBalancerLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject", Resource: ELB_PATHS,
        });
        expect(statements[3]).toMatchObject({ Effect: "Allow", Action: "s3:PutObject", Resource: ELB_PATHS });
        expect((statements[3].Principal as { AWS: string }).AWS).toMatch(/^arn:aws:iam::\d{12}:root$/);
        expect(statements[4]).toEqual({
            Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject",
            Resource: `${ARN}/s3/*`, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("uses the service principal alone in a region opened after August 2022, custom prefixes, and protects in prod", async () => {
        const inv = await plan(() => new LogsBucket("logs", {
            ...ARGS, region: "eu-central-2", loadBalancerPrefixes: ["edge/alb"], serverAccessLogsPrefix: "sites", deletionProtection: true, forceDestroy: true,
        }));
        const statements = policyOf(inv);
        expect(statements.map((s) => s.Sid)).toEqual(["DenyPlainHttp", "DenyTlsBelow12", "LoadBalancerLogDelivery", "S3ServerAccessLogs"]);
        expect(inv.invokes).toEqual([]);
        expect(statements[2].Resource).toEqual([`${ARN}/edge/alb/AWSLogs/123456789012/*`]);
        expect(statements[3].Resource).toBe(`${ARN}/sites/*`);
        expect(inv.one("aws:s3/bucket:Bucket").protect).toBe(true);
        expect(inv.one("aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(true);
    });

    it.each([
        [{ bucketName: "Logs" }, 'bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, without S3\'s reserved prefixes and suffixes, got "Logs"'],
        [{ region: "europe-west1" }, 'region: expected an AWS region such as "eu-central-1", got "europe-west1"'],
        [{ accountId: "12345678901" }, 'accountId: expected a 12-digit AWS account ID, got "12345678901"'],
        [{ retentionDays: 0 }, "retentionDays: expected an integer from 1 to 3653, got 0"],
        [{ retentionDays: 3654 }, "retentionDays: expected an integer from 1 to 3653, got 3654"],
        [{ loadBalancerPrefixes: [] }, "loadBalancerPrefixes: expected at least one prefix, got []"],
        [{ loadBalancerPrefixes: ["/alb"] }, 'loadBalancerPrefixes[0]: expected a prefix of lowercase letters, digits, hyphens and inner slashes such as "alb/access" (no leading or trailing slash, never AWSLogs), got "/alb"'],
        [{ loadBalancerPrefixes: ["alb", "alb/connection"] }, 'loadBalancerPrefixes[1]: expected a prefix apart from "alb", got "alb/connection"'],
        [{ serverAccessLogsPrefix: "alb/access" }, 'serverAccessLogsPrefix: expected a prefix apart from "alb/access", got "alb/access"'],
    ])("refuses %j before registering anything", async (bad, problem) => {
        const { error, inv } = await rejectedArgs(() => new LogsBucket("logs", { ...ARGS, ...(bad as Partial<LogsBucketArgs>) }));
        expect(error.problems).toEqual([problem]);
        expect(inv.resources).toEqual([]);
    });

    it.each([[{ retentionDays: 1 }], [{ retentionDays: 3653 }], [{ loadBalancerPrefixes: ["a", "b/c-d"] }]])("accepts %j", async (good) => {
        const inv = await plan(() => new LogsBucket("logs", { ...ARGS, ...good }));
        expect(inv.ofType("aws:s3/bucket:Bucket")).toHaveLength(1);
    });
});

describe("aws LogsBucket summary", () => {
    it("says where logs go, how long they stay and who writes them", async () => {
        const inv = await plan(() => new LogsBucket("logs", ARGS));
        expect(summarize(LogsBucket.TYPE, inv.resources)).toBe(
            "s3://acme-prod-logs-123456789012 · AES256 · logs kept 365 d · written by logdelivery, regional ELB account, logging",
        );
    });
});

describe("aws LogsBucket args, checked without planning", () => {
    const problems = (args: Partial<LogsBucketArgs>) => argProblems(() => validateLogsBucketArgs("logs", { ...ARGS, ...args }));
    const NAME = "bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, without S3's reserved prefixes and suffixes";
    const PREFIX = 'expected a prefix of lowercase letters, digits, hyphens and inner slashes such as "alb/access" (no leading or trailing slash, never AWSLogs)';

    it.each([
        "ab", "a".repeat(64), "-abc", "abc-", "ab_c", "Abc", "xn--abc", "sthree-abc", "amzn-s3-demo-abc",
        "abc-s3alias", "abc--ol-s3", "abc--x-s3", "abc--table-s3",
    ])("refuses the bucket name %j", (bucketName) => {
        expect(problems({ bucketName })).toEqual([`${NAME}, got "${bucketName}"`]);
    });

    it.each(["abc", "a".repeat(63), "my-xn--abc", "my-sthree-logs", "abc-s3alias-x", "abc--ol-s3-x", "abc--x-s3x", "abc--table-s3-logs", "a-b"])("accepts the bucket name %j", (bucketName) => {
        expect(problems({ bucketName })).toEqual([]);
    });

    it.each([
        [{ retentionDays: undefined }, ["retentionDays: expected an integer from 1 to 3653, got nothing"]],
        [{ retentionDays: 30.5 }, ["retentionDays: expected an integer from 1 to 3653, got 30.5"]],
        [{ loadBalancerPrefixes: ["AWSLogs"] }, [`loadBalancerPrefixes[0]: ${PREFIX}, got "AWSLogs"`]],
        [{ loadBalancerPrefixes: ["alb//access"] }, [`loadBalancerPrefixes[0]: ${PREFIX}, got "alb//access"`]],
        [{ loadBalancerPrefixes: ["alb-/access"] }, [`loadBalancerPrefixes[0]: ${PREFIX}, got "alb-/access"`]],
        [{ loadBalancerPrefixes: ["alb/access-"] }, [`loadBalancerPrefixes[0]: ${PREFIX}, got "alb/access-"`]],
        [{ serverAccessLogsPrefix: "s3/" }, [`serverAccessLogsPrefix: ${PREFIX}, got "s3/"`]],
        [{ serverAccessLogsPrefix: "-s3" }, [`serverAccessLogsPrefix: ${PREFIX}, got "-s3"`]],
        [{ loadBalancerPrefixes: ["alb/access", "alb"] }, ['loadBalancerPrefixes[1]: expected a prefix apart from "alb/access", got "alb"']],
        [{ loadBalancerPrefixes: ["alb", "edge", "alb"] }, ['loadBalancerPrefixes[2]: expected a prefix apart from "alb", got "alb"']],
        [{ serverAccessLogsPrefix: "alb" }, [
            'serverAccessLogsPrefix: expected a prefix apart from "alb/access", got "alb"',
            'serverAccessLogsPrefix: expected a prefix apart from "alb/connection", got "alb"',
        ]],
        [{ loadBalancerPrefixes: "alb/access" as unknown as string[] }, ['loadBalancerPrefixes: expected at least one prefix, got "alb/access"']],
        [{ loadBalancerPrefixes: [5] as unknown as string[] }, [`loadBalancerPrefixes[0]: ${PREFIX}, got 5`]],
        [{ region: ["eu-central-1"] as unknown as string }, ['region: expected an AWS region such as "eu-central-1", got ["eu-central-1"]']],
    ])("refuses %j", (bad, expected) => {
        expect(problems(bad as Partial<LogsBucketArgs>)).toEqual(expected);
    });

    it.each([
        [{ loadBalancerPrefixes: ["alb", "alb-connection"], serverAccessLogsPrefix: "alb2" }],
        [{ loadBalancerPrefixes: ["edge/alb/access"], serverAccessLogsPrefix: "edge/s3" }],
        [{ serverAccessLogsPrefix: "s3/site-logs" }],
        [{ loadBalancerPrefixes: ["a/b", "c/d/e"], serverAccessLogsPrefix: "s/3" }],
    ])("accepts prefixes that do not overlap: %j", (good) => {
        expect(problems(good)).toEqual([]);
    });

    it("documents its defaults: both ALB prefixes, s3 for server access logs, no force-destroy, no protection", () => {
        expect(LOGS_BUCKET_DEFAULTS).toEqual({ loadBalancerPrefixes: ["alb/access", "alb/connection"], serverAccessLogsPrefix: "s3", forceDestroy: false, deletionProtection: false });
    });

    // ELB user guide, "Enable access logs": regions available before August 2022 deliver as a regional account.
    it("lets the regional ELB account deliver exactly in the regions opened before August 2022", () => {
        expect([...ELB_ACCOUNT_REGIONS].sort()).toEqual([
            "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
            "ap-southeast-3", "ca-central-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1",
            "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
        ]);
    });
});
