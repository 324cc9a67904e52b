/**
 * The AWS edge concern alone (no whole program): which host's distribution serves which path
 * from which origin, the shared certificate, WAF and headers policies, the site buckets'
 * readers, DNS with and without a Route 53 zone, prod vs non-prod.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KmsKey } from "../../../components/aws";
import { deployEdge, ownPaths, routeKey, servedOn, siteBucketName } from "../../../infra/aws/edge";
import type { AwsContext } from "../../../infra/aws/context";
import { parseSpec } from "../../../infra/config";
import { plan, type Inventory } from "../../helpers/inventory";
import { rawAwsSpec } from "../../helpers/spec";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const ORIGIN = { dnsName: "acme-alb-123.eu-central-1.elb.amazonaws.com", originHeader: { name: "X-Origin-Verify", value: "s3cret" } };

/** The staging edge of Pulumi.staging.yaml, on AWS. */
function edgeSpec(tier: "prod" | "non-prod" = "non-prod", edit?: (raw: Record<string, any>) => void) {
    const raw = rawAwsSpec(tier) as Record<string, any>;
    raw.domains = ["api.example.com", "app.example.com"];
    raw.services[0].routes = [
        { host: "api.example.com" },
        { host: "app.example.com", pathPrefix: "/api" },
        { host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"], contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'" },
        { host: "api.example.com", pathPrefix: "/auth/login", rateLimit: { requestsPerMinute: 30 } },
    ];
    raw.services[0].timeoutSeconds = 45;
    raw.sites = [{ name: "web", host: "app.example.com", spaFallback: true }];
    raw.edge = { rateLimit: { requestsPerMinute: 600 }, redirects: [{ from: "www.example.com", to: "app.example.com" }] };
    edit?.(raw);
    return parseSpec(raw, "test");
}

function run(spec: ReturnType<typeof edgeSpec>, origin = ORIGIN) {
    let outputs: Record<string, unknown> = {};
    let endpoints: unknown;
    const inv = plan(() => {
        const ctx = {
            spec, stack: "staging", accountId: "123456789012", labels: {}, opts: {}, logRetentionDays: 30,
            usEast1Key: () => ({ arn: pulumi.output(KEY_ARN) }) as unknown as KmsKey,
        } as unknown as AwsContext;
        const result = deployEdge(ctx, origin, { bucketName: "acme-stg-logs-123456789012", serverAccessLogsPrefix: "s3" });
        outputs = result.outputs;
        endpoints = result.publicEndpoints;
    });
    return inv.then(async (i) => ({ inv: i, outputs: await resolved(outputs), endpoints }));
}

/** The staging edge, planned once by the first test that needs it. */
let staging: ReturnType<typeof run> | undefined;
const stagingRun = () => (staging ??= run(edgeSpec()));

async function resolved(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve) => pulumi.output(outputs).apply((o) => resolve(o as Record<string, unknown>)));
}

const distribution = (inv: Inventory, host: string) => inv.named(`cdn-${host.replace(/\./g, "-")}-distribution`).inputs as Record<string, any>;
/** path pattern → target origin of a host's distribution ("default" for its default behaviour). */
function routing(inv: Inventory, host: string): Record<string, string> {
    const d = distribution(inv, host);
    return Object.fromEntries([["default", d.defaultCacheBehavior.targetOriginId], ...d.orderedCacheBehaviors.map((b: any) => [b.pathPattern, b.targetOriginId])]);
}

describe("AWS edge concern", () => {
    it("gives each host a distribution routing its paths to the load balancer or its site, the redirect host one of its own", async () => {
        const { inv } = await stagingRun();
        expect(inv.ofType("aws:cloudfront/distribution:Distribution").map((d) => d.inputs.aliases)).toEqual([["api.example.com"], ["app.example.com"], ["www.example.com"]]);
        expect(routing(inv, "api.example.com")).toEqual({
            "default": "api-api", "/auth/login": "api-api", "/auth/login/*": "api-api", "/admin": "api-api", "/admin/*": "api-api",
        });
        expect(routing(inv, "app.example.com")).toEqual({ "default": "site-web", "/api": "api-api", "/api/*": "api-api" });
        expect(routing(inv, "www.example.com")).toEqual({ default: "redirect" });
        expect(String(inv.named("cdn-www-example-com-redirect").inputs.code)).toContain("'https://' + \"app.example.com\" + request.uri");
        // The load balancer origin: HTTPS only, the secret header, the service's timeout.
        expect(distribution(inv, "app.example.com").origins[0]).toEqual({
            originId: "api-api", domainName: ORIGIN.dnsName, customHeaders: [{ name: "X-Origin-Verify", value: "s3cret" }],
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originReadTimeout: 45 },
        });
    });

    it("shares one us-east-1 certificate of every host and one CLOUDFRONT web ACL with the routes' allowlists and limits", async () => {
        const { inv } = await stagingRun();
        const cert = inv.one("aws:acm/certificate:Certificate").inputs;
        expect(cert).toMatchObject({ region: "us-east-1", domainName: "api.example.com", subjectAlternativeNames: ["app.example.com", "www.example.com"], validationMethod: "DNS" });
        const certArn = inv.one("aws:acm/certificateValidation:CertificateValidation");
        expect(certArn.inputs.region).toBe("us-east-1");
        const acl = inv.one("aws:wafv2/webAcl:WebAcl").inputs as Record<string, any>;
        expect(acl).toMatchObject({ region: "us-east-1", scope: "CLOUDFRONT" });
        for (const d of inv.ofType("aws:cloudfront/distribution:Distribution")) {
            expect(d.inputs.webAclId).toMatch(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\//);
            expect((d.inputs.viewerCertificate as Record<string, unknown>).acmCertificateArn).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\//);
        }
        const rules = acl.rules as Array<{ name: string }>;
        expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(["allowlist-api-example-com-admin", "rate-api-example-com-auth-login", "rate-per-client"]));
        expect(inv.ofType("aws:wafv2/ipSet:IpSet").map((s) => s.inputs.addresses)).toEqual([["203.0.113.0/24"]]);
    });

    it("gives a route its own CSP through a headers policy of its own, every other behaviour the default one", async () => {
        const { inv } = await stagingRun();
        const policies = inv.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
        expect(policies).toHaveLength(2);
        const api = distribution(inv, "api.example.com");
        const admin = api.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/admin").responseHeadersPolicyId;
        const login = api.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/auth/login").responseHeadersPolicyId;
        expect(admin).not.toBe(login);
        expect(api.defaultCacheBehavior.responseHeadersPolicyId).toBe(login);
        expect(routeKey({ host: "api.example.com", pathPrefix: "/admin/" })).toBe("api-example-com-admin");
        expect(routeKey({ pathPrefix: "/" })).toBe("any");
    });

    it("lets only the distributions serving a site read its bucket, and logs the bucket", async () => {
        const { inv } = await stagingRun();
        const policy = JSON.parse(String(inv.named("site-web-policy").inputs.policy));
        const appArn = inv.named("cdn-app-example-com-log-source").inputs.resourceArn;
        expect(policy.Statement[2].Condition).toEqual({ StringEquals: { "AWS:SourceArn": [appArn] } });
        expect(inv.named("site-web-bucket").inputs.bucket).toBe("acme-stg-site-web-123456789012");
        expect(inv.named("site-web-logging").inputs.targetBucket).toBe("acme-stg-logs-123456789012");
        expect(siteBucketName(edgeSpec(), edgeSpec().sites[0])).toBe("acme-stg-site-web-123456789012");
    });

    it("serves host-less routes and sites on every domain unless the host has its own at that path", async () => {
        const spec = edgeSpec("non-prod", (raw) => {
            raw.services[0].routes = [{ pathPrefix: "/api" }, { host: "api.example.com" }];
            raw.sites = [{ name: "web", spaFallback: true }, { name: "docs", host: "api.example.com", pathPrefix: "/api" }];
        });
        expect(servedOn(spec.sites, "api.example.com", ownPaths(spec, "api.example.com")).map((s) => s.name)).toEqual(["docs"]);
        const { inv } = await run(spec);
        expect(routing(inv, "app.example.com")).toEqual({ "default": "site-web", "/api": "api-api", "/api/*": "api-api" });
        expect(routing(inv, "api.example.com")).toEqual({ "default": "api-api", "/api": "site-docs", "/api/*": "site-docs" });
        const readers = JSON.parse(String(inv.named("site-web-policy").inputs.policy)).Statement[2].Condition.StringEquals["AWS:SourceArn"];
        expect(readers).toHaveLength(1);
    });

    it("lists the records to create without a zone, and creates them in the Route 53 zone given", async () => {
        const { inv, outputs } = await stagingRun();
        expect(inv.ofType("aws:route53/record:Record")).toHaveLength(0);
        const toCreate = outputs.dnsRecordsToCreate as Array<{ name: string; type: string; value: string }>;
        expect(toCreate.filter((r) => r.type === "CNAME" && r.value.endsWith(".cloudfront.net.")).map((r) => r.name)).toEqual(["api.example.com.", "app.example.com.", "www.example.com."]);
        expect(toCreate.filter((r) => !r.value.endsWith(".cloudfront.net."))).toHaveLength(3);
        expect(outputs).toMatchObject({ edgeHosts: ["api.example.com", "app.example.com"], edgeRedirects: { "www.example.com": "app.example.com" }, siteBuckets: { web: "acme-stg-site-web-123456789012" } });
        // What `prodstack deploy-site` reads: the site's bucket and prefix, and the distributions serving it (not the redirect's).
        expect(outputs.siteDeploys).toEqual({ web: { bucket: "acme-stg-site-web-123456789012", pathPrefix: "/", distributionIds: ["cdn-app-example-com-distribution-id"] } });

        const zoned = await run(edgeSpec("non-prod", (raw) => (raw.edge.dnsZone = "Z0123456789ABCDEFGHIJ")));
        const records = zoned.inv.ofType("aws:route53/record:Record").map((r) => `${r.inputs.type} ${r.inputs.name}`);
        expect(records.filter((r) => /^(A|AAAA) /.test(r)).sort()).toEqual([
            "A api.example.com", "A app.example.com", "A www.example.com", "AAAA api.example.com", "AAAA app.example.com", "AAAA www.example.com",
        ]);
        expect(zoned.outputs.dnsRecordsManaged).toBeDefined();
        expect(zoned.outputs.dnsRecordsToCreate).toBeUndefined();
    });

    it("protects and keeps site buckets in prod only", async () => {
        const stg = await stagingRun();
        expect(stg.inv.named("site-web-bucket").protect).toBe(false);
        expect(stg.inv.named("site-web-bucket").inputs.forceDestroy).toBe(true);
        const prod = await run(edgeSpec("prod"));
        expect(prod.inv.named("site-web-bucket").protect).toBe(true);
        expect(prod.inv.named("site-web-bucket").inputs.forceDestroy).toBe(false);
        expect(prod.inv.named("site-web-lifecycle").inputs.rules).toMatchObject([{ noncurrentVersionExpiration: { noncurrentDays: 30 } }]);
        expect(stg.inv.named("site-web-lifecycle").inputs.rules).toMatchObject([{ noncurrentVersionExpiration: { noncurrentDays: 7 } }]);
    });

    it("probes every host's open routes and sites as on GCP, never the allowlisted admin", async () => {
        const { endpoints } = await stagingRun();
        expect(endpoints).toEqual([
            { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/healthz", acceptedStatus: ["2xx"] } },
            { host: "app.example.com", kind: "service", probe: { enabled: true, path: "/api/healthz", acceptedStatus: ["2xx"] } },
            { host: "app.example.com", kind: "site", probe: { enabled: true, path: "/", acceptedStatus: ["2xx"] } },
        ]);
    });

    it("creates nothing without routes or sites", async () => {
        const { inv, outputs } = await run(edgeSpec("non-prod", (raw) => {
            raw.services[0].routes = [];
            raw.sites = [];
            raw.domains = [];
            raw.edge = {};
        }));
        expect(inv.counts()).toEqual({});
        expect(outputs).toEqual({});
    });
});
