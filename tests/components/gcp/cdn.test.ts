import { InvalidArgsError } from "../../../components/core";
import { Edge, normalizePrefix, type EdgeArgs } from "../../../components/gcp/cdn";
import { summarize } from "../../../infra/plan/summaries";
import { matcherFor, urlMapOf } from "../../helpers/edge";
import { memo, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const URL_MAP = "gcp:compute/uRLMap:URLMap";
const BACKEND = "gcp:compute/backendService:BackendService";
const BUCKET_BACKEND = "gcp:compute/backendBucket:BackendBucket";
const NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup";
const RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule";
const HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy";
const HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy";
const SSL = "gcp:compute/sSLPolicy:SSLPolicy";
const ADDRESS = "gcp:compute/globalAddress:GlobalAddress";
const POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const BUCKET = "gcp:storage/bucket:Bucket";
const RECORD = "gcp:dns/recordSet:RecordSet";

const CSP = "default-src 'self'; connect-src 'self' https://api.example.com; frame-ancestors 'none'";

/** One API on its own host, one SPA on another: the staging/prod shape. */
const ARGS: EdgeArgs = {
    namePrefix: "acme-stg",
    tier: "non-prod",
    domains: ["api.example.com", "app.example.com"],
    services: [{ name: "api", region: "europe-west1", cloudRunService: "acme-stg-api", host: "api.example.com" }],
    sites: [{ name: "web", host: "app.example.com", spaFallback: true }],
    bucketLocation: "europe-west1",
    bucketNamePrefix: "acme-web-staging",
    contentSecurityPolicy: CSP,
};

const edge = (args: Partial<EdgeArgs> = {}) => plan(() => new Edge("edge", { ...ARGS, ...args }));
const urlMap = (inv: Inventory) => urlMapOf(inv);

/** Runs `args` expecting the component to refuse them. */
async function rejected(args: Partial<EdgeArgs>): Promise<{ error: InvalidArgsError; inv: Inventory }> {
    return rejectedArgs(() => new Edge("edge", { ...ARGS, ...args } as EdgeArgs));
}

describe("gcp Edge", () => {
    // The edge of ARGS as given, which several tests only read.
    const asGiven = memo(() => edge());
    // ARGS with classic certificates, with the DNS records it reports as an output.
    const classic = memo(() => plan(() => ({ records: new Edge("edge", { ...ARGS, certificateMode: "classic" }).dnsRecords })));

    it("builds one global EXTERNAL_MANAGED load balancer on reserved IPv4 and IPv6 addresses", async () => {
        const inv = await asGiven();
        expect(inv.counts()).toMatchObject({
            "prodstack:gcp:Edge": 1,
            "prodstack:gcp:Waf": 1,
            "prodstack:gcp:ManagedCertificates": 1,
            "prodstack:gcp:SiteBucket": 1,
            [ADDRESS]: 2,
            [RULE]: 4,
            [HTTPS_PROXY]: 1,
            [HTTP_PROXY]: 1,
            [URL_MAP]: 2,
            [SSL]: 1,
            [NEG]: 1,
            [BACKEND]: 1,
        });
        expect(inv.ofType(ADDRESS).map((a) => [a.inputs.name, a.inputs.ipVersion, a.inputs.addressType])).toEqual([
            ["acme-stg-edge-ipv4", "IPV4", "EXTERNAL"],
            ["acme-stg-edge-ipv6", "IPV6", "EXTERNAL"],
        ]);
        expect(inv.ofType(ADDRESS).map((a) => a.inputs.description)).toEqual([
            "Public IPv4 address of acme-stg (managed by prodstack)",
            "Public IPv6 address of acme-stg (managed by prodstack)",
        ]);
        for (const rule of inv.ofType(RULE)) {
            expect(rule.inputs).toMatchObject({ loadBalancingScheme: "EXTERNAL_MANAGED", ipProtocol: "TCP" });
        }
        expect(inv.ofType(RULE).map((r) => r.inputs.name).sort()).toEqual([
            "acme-stg-edge-http", "acme-stg-edge-http-v6", "acme-stg-edge-https", "acme-stg-edge-https-v6",
        ]);
        const address = (rule: string) => inv.named(rule, RULE).inputs.ipAddress;
        expect(address("edge-https")).toMatch(/^203\.0\.113\.\d+$/);
        expect(address("edge-https-v6")).toMatch(/^2001:db8::/);
        expect(address("edge-http")).toBe(address("edge-https"));
        expect(address("edge-http-v6")).toBe(address("edge-https-v6"));
        const component = inv.one("prodstack:gcp:Edge");
        const descendants = (urn: string): number => inv.childrenOf(urn).reduce((n, c) => n + 1 + descendants(c.urn), 0);
        expect(descendants(component.urn)).toBe(inv.resources.length - 1);
    });

    it("serves port 443 through the HTTPS proxy and answers port 80 only with a 301 to HTTPS", async () => {
        const inv = await asGiven();
        const httpsProxy = inv.one(HTTPS_PROXY);
        const httpProxy = inv.one(HTTP_PROXY);
        const redirect = inv.named("edge-http-redirect", URL_MAP);
        expect(redirect.inputs).toEqual({
            name: "acme-stg-edge-redirect",
            description: "Port 80: permanent redirect to HTTPS, nothing else",
            defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
        });
        expect(httpProxy.inputs).toEqual({ name: "acme-stg-edge-http", urlMap: "edge-http-redirect-id" });
        expect(httpsProxy.inputs).toMatchObject({ name: "acme-stg-edge-https", urlMap: "edge-https-id" });
        for (const suffix of ["", "-v6"]) {
            expect(inv.named(`edge-http${suffix}`, RULE).inputs).toMatchObject({ portRange: "80", target: "edge-http-id" });
            expect(inv.named(`edge-https${suffix}`, RULE).inputs).toMatchObject({ portRange: "443", target: "edge-https-id" });
        }
        expect(inv.ofType(RULE).filter((r) => r.inputs.target === "edge-http-id").map((r) => r.inputs.portRange)).toEqual(["80", "80"]);
    });

    it("requires TLS 1.2 or later with the RESTRICTED profile by default, MODERN on request", async () => {
        const inv = await asGiven();
        expect(inv.one(SSL).inputs).toEqual({
            name: "acme-stg-edge-tls",
            description: "TLS 1.2+ RESTRICTED (managed by prodstack)",
            minTlsVersion: "TLS_1_2",
            profile: "RESTRICTED",
        });
        expect(inv.one(HTTPS_PROXY).inputs.sslPolicy).toBe("edge-tls-id");
        const modern = await edge({ sslProfile: "MODERN" });
        expect(modern.one(SSL).inputs).toMatchObject({ description: "TLS 1.2+ MODERN (managed by prodstack)", minTlsVersion: "TLS_1_2", profile: "MODERN" });
    });

    it("routes each host to its backend and answers unknown hosts from an empty private bucket", async () => {
        const inv = await asGiven();
        const map = urlMap(inv);
        expect(map.hostRules).toEqual([
            { hosts: ["api.example.com"], pathMatcher: "host-api-example-com" },
            { hosts: ["app.example.com"], pathMatcher: "host-app-example-com" },
        ]);
        expect(matcherFor(inv, "api.example.com")).toEqual({ name: "host-api-example-com", defaultService: "edge-api-backend-id" });
        expect(matcherFor(inv, "app.example.com")).toEqual({
            name: "host-app-example-com",
            defaultService: "edge-web-backend-id",
            pathRules: [{
                paths: ["/*"],
                service: "edge-web-backend-id",
                customErrorResponsePolicy: {
                    errorResponseRules: [{ matchResponseCodes: ["404"], path: "/index.html", overrideResponseCode: 200 }],
                    errorService: "edge-web-backend-id",
                },
            }],
        });
        expect(map.defaultService).toBe("edge-unrouted-id");
        expect(map).toMatchObject({ name: "acme-stg-edge", description: "Routes of acme-stg by host and path (managed by prodstack)" });
        expect(inv.named("edge-unrouted", BUCKET).inputs).toEqual({
            name: "acme-web-staging-unrouted",
            location: "europe-west1",
            publicAccessPrevention: "enforced",
            uniformBucketLevelAccess: true,
            versioning: { enabled: true },
            forceDestroy: true,
        });
        expect(inv.named("edge-unrouted", BUCKET_BACKEND).inputs).toMatchObject({
            name: "acme-stg-unrouted",
            description: "Answers requests no route matches (empty private bucket: 403)",
            bucketName: "acme-web-staging-unrouted",
            enableCdn: true,
        });
        expect(inv.ofType("gcp:storage/bucketIAMMember:BucketIAMMember").map((m) => m.inputs.bucket)).toEqual(["acme-web-staging-web"]);
    });

    it("routes paths on a shared host by longest prefix, keeping the SPA fallback off the API", async () => {
        const inv = await edge({
            domains: ["www.example.com"],
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "acme-stg-api", host: "www.example.com", pathPrefix: "/api/" },
                { name: "auth", region: "europe-west4", cloudRunService: "acme-stg-auth", host: "www.example.com", pathPrefix: "/auth" },
            ],
            sites: [
                { name: "web", host: "www.example.com", spaFallback: true },
                { name: "docs", host: "www.example.com", pathPrefix: "/docs" },
            ],
        });
        const matcher = matcherFor(inv, "www.example.com");
        expect(matcher.defaultService).toBe("edge-web-backend-id");
        expect(matcher.pathRules).toEqual([
            { paths: ["/api", "/api/*"], service: "edge-api-backend-id" },
            { paths: ["/auth", "/auth/*"], service: "edge-auth-backend-id" },
            expect.objectContaining({ paths: ["/*"], service: "edge-web-backend-id" }),
            { paths: ["/docs", "/docs/*"], service: "edge-docs-backend-id" },
        ]);
        // Every host has a "/" route, so only hosts no rule matches reach the unrouted bucket.
        expect(urlMap(inv).defaultService).toBe("edge-unrouted-id");
        expect(inv.named("edge-auth-neg", NEG).inputs.region).toBe("europe-west4");
    });

    it("serves host-less routes on every host unless the host overrides the prefix", async () => {
        const inv = await edge({
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "acme-stg-api", pathPrefix: "/api" },
                { name: "admin", region: "europe-west1", cloudRunService: "acme-stg-admin", host: "app.example.com", pathPrefix: "/api" },
            ],
            sites: [{ name: "web" }],
        });
        const map = urlMap(inv);
        expect(map.hostRules).toEqual([
            { hosts: ["app.example.com"], pathMatcher: "host-app-example-com" },
            { hosts: ["*"], pathMatcher: "any-host" },
        ]);
        expect(matcherFor(inv, "app.example.com")).toEqual({
            name: "host-app-example-com",
            defaultService: "edge-web-backend-id",
            pathRules: [{ paths: ["/api", "/api/*"], service: "edge-admin-backend-id" }],
        });
        expect(matcherFor(inv, "*")).toEqual({
            name: "any-host",
            defaultService: "edge-web-backend-id",
            pathRules: [{ paths: ["/api", "/api/*"], service: "edge-api-backend-id" }],
        });
        // A host-less "/" route answers every host: no unrouted bucket is needed.
        expect(map.defaultService).toBe("edge-web-backend-id");
        expect(inv.ofType(BUCKET).map((b) => b.inputs.name)).toEqual(["acme-web-staging-web"]);
    });

    it("puts every service behind a Cloud Armor policy on a serverless NEG, with request logging", async () => {
        const inv = await edge({
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "acme-stg-api", host: "api.example.com" },
                { name: "auth", region: "europe-west1", cloudRunService: "acme-stg-auth", host: "app.example.com", pathPrefix: "/auth" },
            ],
        });
        const policy = inv.one(POLICY);
        expect(inv.ofType(BACKEND)).toHaveLength(2);
        for (const name of ["api", "auth"]) {
            const neg = inv.named(`edge-${name}-neg`, NEG);
            expect(neg.inputs).toMatchObject({
                name: `acme-stg-${name}-neg`,
                description: `Cloud Run service ${name} (managed by prodstack)`,
                networkEndpointType: "SERVERLESS",
                region: "europe-west1",
                cloudRun: { service: `acme-stg-${name}` },
            });
            const backend = inv.named(`edge-${name}-backend`, BACKEND);
            expect(backend.inputs).toMatchObject({
                name: `acme-stg-${name}-backend`,
                description: `Cloud Run service ${name} behind Cloud Armor (managed by prodstack)`,
                loadBalancingScheme: "EXTERNAL_MANAGED",
                protocol: "HTTP",
                backends: [{ group: `edge-${name}-neg-id` }],
                securityPolicy: "edge-waf-policy-id",
                logConfig: { enable: true, sampleRate: 1 },
                enableCdn: false,
            });
            // Serverless NEG backends reject health checks, port names and timeouts.
            expect(backend.inputs.healthChecks).toBeUndefined();
            expect(backend.inputs.portName).toBeUndefined();
            expect(backend.inputs.timeoutSec).toBeUndefined();
            expect(backend.inputs.iap).toBeUndefined();
            expect(backend.dependsOn).toEqual(expect.arrayContaining([neg.urn, policy.urn]));
        }
    });

    it("adds HSTS, nosniff, frame denial, Referrer-Policy and the CSP to every backend", async () => {
        const inv = await asGiven();
        const backends = [...inv.ofType(BACKEND), ...inv.ofType(BUCKET_BACKEND)];
        expect(backends).toHaveLength(3);
        for (const backend of backends) {
            expect(backend.inputs.customResponseHeaders).toEqual([
                "Strict-Transport-Security: max-age=31536000; includeSubDomains",
                "X-Content-Type-Options: nosniff",
                "X-Frame-Options: DENY",
                "Referrer-Policy: strict-origin-when-cross-origin",
                `Content-Security-Policy: ${CSP}`,
            ]);
        }
    });

    it("caches static sites on Cloud CDN and APIs only when asked, honouring the origin's headers", async () => {
        const inv = await edge({
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "acme-stg-api", host: "api.example.com" },
                { name: "feed", region: "europe-west1", cloudRunService: "acme-stg-feed", host: "api.example.com", pathPrefix: "/feed", cdn: true },
            ],
            sites: [{ name: "web", host: "app.example.com", cacheTtlSeconds: 600 }],
        });
        expect(inv.named("edge-web-bucket", BUCKET).inputs).toMatchObject({ name: "acme-web-staging-web", location: "europe-west1" });
        expect(inv.named("edge-web-backend", BUCKET_BACKEND).inputs).toMatchObject({
            name: "acme-stg-web-site",
            description: "Static site web (managed by prodstack)",
            enableCdn: true,
            compressionMode: "AUTOMATIC",
            cdnPolicy: { cacheMode: "CACHE_ALL_STATIC", defaultTtl: 600, negativeCaching: true },
        });
        expect(inv.named("edge-api-backend", BACKEND).inputs.enableCdn).toBe(false);
        expect(inv.named("edge-api-backend", BACKEND).inputs.cdnPolicy).toBeUndefined();
        expect(inv.named("edge-api-backend", BACKEND).inputs.compressionMode).toBeUndefined();
        const feed = inv.named("edge-feed-backend", BACKEND).inputs as Record<string, any>;
        expect(feed).toMatchObject({ enableCdn: true, compressionMode: "AUTOMATIC" });
        expect(feed.cdnPolicy).toEqual({ cacheMode: "USE_ORIGIN_HEADERS", negativeCaching: true, requestCoalescing: true });
        // A site that is not an SPA gets plain path rules, no fallback policy.
        expect(matcherFor(inv, "app.example.com")).toEqual({ name: "host-app-example-com", defaultService: "edge-web-backend-id" });
    });

    it("attaches the certificate map by default and the classic certificates on request", async () => {
        const managerInv = await asGiven();
        expect(managerInv.one(HTTPS_PROXY).inputs.certificateMap).toBe("//certificatemanager.googleapis.com/edge-certs-map-id");
        expect(managerInv.one(HTTPS_PROXY).inputs.sslCertificates).toBeUndefined();
        const classicInv = await classic();
        expect(classicInv.one(HTTPS_PROXY).inputs.sslCertificates).toEqual(["edge-certs-api-example-com-id", "edge-certs-app-example-com-id"]);
        expect(classicInv.one(HTTPS_PROXY).inputs.certificateMap).toBeUndefined();
    });

    it("protects the reserved addresses in prod only and keeps prod site buckets on destroy", async () => {
        const staging = await asGiven();
        expect(staging.ofType(ADDRESS).map((a) => a.protect)).toEqual([false, false]);
        expect(staging.named("edge-web-bucket", BUCKET).inputs.forceDestroy).toBe(true);
        const prod = await edge({ tier: "prod" });
        expect(prod.ofType(ADDRESS).map((a) => a.protect)).toEqual([true, true]);
        expect(prod.named("edge-web-bucket", BUCKET).inputs.forceDestroy).toBe(false);
        expect(prod.named("edge-web-bucket", BUCKET).inputs).toMatchObject({ lifecycleRules: [{ condition: { daysSinceNoncurrentTime: 30 } }] });
        expect(staging.named("edge-web-bucket", BUCKET).inputs).toMatchObject({ lifecycleRules: [{ condition: { daysSinceNoncurrentTime: 7 } }] });
    });

    it("passes the private site reader to every site bucket", async () => {
        const reader = "serviceAccount:service-123456789012@example-agent.iam.gserviceaccount.com";
        const inv = await edge({ siteBucketReader: reader });
        expect(inv.named("edge-web-bucket", BUCKET).inputs.publicAccessPrevention).toBe("enforced");
        expect(inv.ofType("gcp:storage/bucketIAMMember:BucketIAMMember").map((m) => m.inputs.member)).toEqual([reader]);
    });

    it("listens on IPv4 only when IPv6 is off; names buckets after namePrefix and sends the default CSP when not given, with no services", async () => {
        const inv = await plan(() => {
            const e = new Edge("edge", { ...ARGS, services: undefined, ipv6: false, bucketNamePrefix: undefined, contentSecurityPolicy: undefined });
            return { records: e.dnsRecords, hasV6: e.ipv6Address !== undefined };
        });
        expect(inv.ofType(ADDRESS).map((a) => a.inputs.ipVersion)).toEqual(["IPV4"]);
        expect(inv.ofType(RULE).map((r) => `${r.inputs.name}:${r.inputs.portRange}`).sort()).toEqual(["acme-stg-edge-http:80", "acme-stg-edge-https:443"]);
        expect(inv.outputs.hasV6).toBe(false);
        expect((inv.outputs.records as any[]).map((r) => `${r.type} ${r.name}`)).toEqual([
            "A api.example.com.", "A app.example.com.",
            "CNAME _acme-challenge.api.example.com.", "CNAME _acme-challenge.app.example.com.",
        ]);
        expect(inv.ofType(BUCKET).map((b) => b.inputs.name).sort()).toEqual(["acme-stg-unrouted", "acme-stg-web"]);
        const csp = "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        expect(inv.ofType(BACKEND)).toEqual([]);
        expect(inv.ofType(BUCKET_BACKEND).map((b) => (b.inputs.customResponseHeaders as string[])[4])).toEqual([csp, csp]);
    });

    it("creates A, AAAA and certificate CNAME records in the DNS zone when one is given", async () => {
        const inv = await plan(() => {
            const e = new Edge("edge", { ...ARGS, dnsZone: "example-com" });
            return { records: e.dnsRecords, v4: e.ipv4Address, v6: e.ipv6Address, hosts: e.hosts, certificates: e.certificateNames };
        });
        const records = inv.ofType(RECORD).map((r) => [r.inputs.type, r.inputs.name, r.inputs.rrdatas, r.inputs.managedZone]);
        expect(records).toEqual(expect.arrayContaining([
            ["A", "api.example.com.", [expect.stringMatching(/^203\.0\.113\./)], "example-com"],
            ["AAAA", "api.example.com.", [expect.stringMatching(/^2001:db8::/)], "example-com"],
            ["A", "app.example.com.", [expect.stringMatching(/^203\.0\.113\./)], "example-com"],
            ["AAAA", "app.example.com.", [expect.stringMatching(/^2001:db8::/)], "example-com"],
            ["CNAME", "_acme-challenge.api.example.com.", [expect.stringMatching(/\.authorize\.certificatemanager\.goog\.$/)], "example-com"],
            ["CNAME", "_acme-challenge.app.example.com.", [expect.stringMatching(/\.authorize\.certificatemanager\.goog\.$/)], "example-com"],
        ]));
        expect(records).toHaveLength(6);
        expect(inv.ofType(RECORD).map((r) => r.name).sort()).toEqual([
            "edge-dns-a-api-example-com", "edge-dns-a-app-example-com", "edge-dns-aaaa-api-example-com", "edge-dns-aaaa-app-example-com",
            "edge-dns-acme-api-example-com", "edge-dns-acme-app-example-com",
        ]);
        // The address records and outputs carry the reserved addresses the forwarding rules listen on.
        expect(inv.outputs.v4).toBe(inv.named("edge-https", RULE).inputs.ipAddress);
        expect(inv.outputs.v6).toBe(inv.named("edge-https-v6", RULE).inputs.ipAddress);
        expect((inv.outputs.records as any[]).slice(0, 2)).toEqual([
            { name: "api.example.com.", type: "A", value: inv.outputs.v4 },
            { name: "api.example.com.", type: "AAAA", value: inv.outputs.v6 },
        ]);
        expect(inv.outputs.hosts).toEqual(["api.example.com", "app.example.com"]);
        expect(inv.outputs.certificates).toEqual(["acme-stg-api-example-com", "acme-stg-app-example-com"]);
    });

    it("only reports the DNS records to create when no zone is given", async () => {
        const inv = await classic();
        expect(inv.ofType(RECORD)).toHaveLength(0);
        // Classic certificates need no DNS authorization, only the address records.
        expect((inv.outputs.records as any[]).map((r) => `${r.type} ${r.name}`)).toEqual([
            "A api.example.com.", "AAAA api.example.com.", "A app.example.com.", "AAAA app.example.com.",
        ]);
        expect((inv.outputs.records as any[])[0].value).toMatch(/^203\.0\.113\.\d+$/);
    });

    it("applies the IP and region deny lists to site buckets through an edge policy", async () => {
        const inv = await edge({ armor: { denyIpRanges: ["198.51.100.0/24"], denyRegions: ["KP"] } });
        const policies = inv.ofType(POLICY);
        expect(policies.map((p) => p.inputs.type)).toEqual(["CLOUD_ARMOR_EDGE", "CLOUD_ARMOR"]);
        expect(inv.named("edge-web-backend", BUCKET_BACKEND).inputs.edgeSecurityPolicy).toBe("edge-waf-edge-policy-id");
        const plain = await asGiven();
        expect(plain.ofType(POLICY)).toHaveLength(1);
        expect(plain.named("edge-web-backend", BUCKET_BACKEND).inputs.edgeSecurityPolicy).toBeUndefined();
    });

    it("passes the armor settings to the Cloud Armor policy", async () => {
        const inv = await edge({ armor: { requestsPerMinute: 1200, banSeconds: 0, sensitivity: 2, wafMode: "preview" } });
        const rules = inv.one(POLICY).inputs.rules as any[];
        expect(rules.find((r) => r.rateLimitOptions)).toMatchObject({ action: "throttle", rateLimitOptions: { rateLimitThreshold: { count: 1200 } } });
        expect(rules.filter((r) => /evaluatePreconfiguredWaf\('[a-z0-9-]+', \{'sensitivity': 2\}\)/.test(r.match?.expr?.expression ?? ""))).toHaveLength(8);
        expect(rules.filter((r) => r.preview === true)).toHaveLength(8);
    });

    it("summarizes the edge and its parts in the plan from what the cloud receives", async () => {
        const inv = await edge({ armor: { banSeconds: 0, denyRegions: ["KP"] } });
        const descendants = (urn: string): typeof inv.resources =>
            inv.childrenOf(urn).flatMap((c) => [c, ...descendants(c.urn)]);
        const line = (type: string) => summarize(type, descendants(inv.one(type).urn));
        expect(line("prodstack:gcp:Edge")).toBe(
            "2 hosts · TLS ≥ 1.2 (RESTRICTED) · HTTP→HTTPS 301 · 1 service + 1 site backend · Cloud Armor (OWASP enforce, 600 req/min/IP) · IPv4 + IPv6",
        );
        expect(line("prodstack:gcp:Waf")).toBe("8 OWASP rule sets enforced (sensitivity 1) · 600 req/min/IP → throttle · 1 deny-list rule · edge policy for buckets");
        expect(line("prodstack:gcp:ManagedCertificates")).toBe("2 domains · Certificate Manager, DNS-authorized, one certificate per domain, auto-renewing");
        expect(line("prodstack:gcp:SiteBucket")).toBe(
            "CDN CACHE_ALL_STATIC (default TTL 3600 s) · compressed · uniform access · versioned (old versions 7 d) · public objects",
        );
    });

    it("describes each route backend by its restrictions; route policies take the edge's armor settings unless the route has its own", async () => {
        const inv = await plan(() => {
            const e = new Edge("edge", {
                ...ARGS,
                armor: { requestsPerMinute: 1200, banSeconds: 600, denyRegions: ["KP"] },
                services: [{
                    name: "api",
                    region: "europe-west1",
                    cloudRunService: "acme-stg-api",
                    routes: [
                        { host: "api.example.com" },
                        { pathPrefix: "/internal", allowIpRanges: ["203.0.113.0/24", "198.51.100.0/24"], iapMembers: ["group:ops@example.com", "user:ana@example.com"] },
                        { host: "api.example.com", pathPrefix: "/login", banSeconds: 60 },
                        { host: "app.example.com", pathPrefix: "/ops", allowIpRanges: ["192.0.2.0/24"] },
                        { host: "api.example.com", pathPrefix: "/ops", iapMembers: ["group:ops@example.com"] },
                    ],
                }],
                sites: [{ name: "docs", host: "app.example.com", pathPrefix: "/docs/", spaFallback: true }],
                redirects: [{ from: "www.example.com", to: "app.example.com" }],
            });
            return { records: e.dnsRecords, backends: Object.keys(e.backendServices), wafs: Object.keys(e.routeWafs), sites: Object.keys(e.sites) };
        });
        expect(inv.outputs.backends).toEqual(["api", "api/any-internal", "api/api-example-com-login", "api/app-example-com-ops", "api/api-example-com-ops"]);
        expect(inv.outputs.wafs).toEqual(["api/any-internal", "api/api-example-com-login", "api/app-example-com-ops"]);
        expect(inv.outputs.sites).toEqual(["docs"]);
        const internal = inv.named("edge-api-any-internal-backend", BACKEND).inputs as Record<string, any>;
        expect(internal).toMatchObject({
            name: "acme-stg-api-any-internal",
            description: "Cloud Run service api, route */internal allowlisted (2 ranges), behind IAP (managed by prodstack)",
            securityPolicy: "edge-api-any-internal-waf-policy-id",
            iap: { enabled: true },
        });
        expect(inv.named("edge-api-api-example-com-login-backend", BACKEND).inputs.description).toBe(
            "Cloud Run service api, route api.example.com/login (managed by prodstack)",
        );
        expect(inv.named("edge-api-app-example-com-ops-backend", BACKEND).inputs.description).toBe(
            "Cloud Run service api, route app.example.com/ops allowlisted (1 range) (managed by prodstack)",
        );
        // The deny lists reach the site buckets through the edge's own edge policy only.
        expect(inv.ofType(POLICY).filter((p) => p.inputs.type === "CLOUD_ARMOR_EDGE").map((p) => p.name)).toEqual(["edge-waf-edge-policy"]);
        expect(inv.ofType("gcp:iap/webBackendServiceIamMember:WebBackendServiceIamMember").map((m) => [m.name, m.inputs.member])).toEqual([
            ["edge-api-any-internal-iap-group-ops-example-com", "group:ops@example.com"],
            ["edge-api-any-internal-iap-user-ana-example-com", "user:ana@example.com"],
            ["edge-api-api-example-com-ops-iap-group-ops-example-com", "group:ops@example.com"],
        ]);
        // A route's own policy guards every other restricted path: the same prefix on another host too.
        const ops = "(request.path.lower().urlDecode() == '/ops' || request.path.lower().urlDecode().startsWith('/ops/'))";
        expect((inv.named("edge-api-app-example-com-ops-waf-policy", POLICY).inputs.rules as any[])
            .filter((r) => r.priority >= 300 && r.priority < 1000).map((r) => r.match.expr.expression)).toEqual([
            "(request.path.lower().urlDecode() == '/internal' || request.path.lower().urlDecode().startsWith('/internal/'))",
            `request.headers['host'].lower().startsWith('api.example.com') && ${ops}`,
        ]);
        const limit = (policy: string) => (inv.named(policy, POLICY).inputs.rules as any[]).find((r) => r.rateLimitOptions).rateLimitOptions;
        expect(limit("edge-api-any-internal-waf-policy")).toMatchObject({ banDurationSec: 600, rateLimitThreshold: { count: 1200 } });
        expect(limit("edge-api-api-example-com-login-waf-policy")).toMatchObject({ banDurationSec: 60, rateLimitThreshold: { count: 1200 } });
        // A site under a prefix falls back to the index page under the same prefix.
        const docs = matcherFor(inv, "app.example.com").pathRules.find((r: any) => r.paths[0] === "/docs");
        expect(docs.customErrorResponsePolicy.errorResponseRules).toEqual([
            { matchResponseCodes: ["404"], path: "/docs/index.html", overrideResponseCode: 200 },
        ]);
        // Redirect-only hosts get address records too.
        expect((inv.outputs.records as any[]).map((r) => `${r.type} ${r.name}`).filter((r) => r.includes("www"))).toEqual([
            "A www.example.com.", "AAAA www.example.com.", "CNAME _acme-challenge.www.example.com.",
        ]);
    });

    it("normalizes path prefixes", () => {
        expect(normalizePrefix(undefined)).toBe("/");
        expect(normalizePrefix("/")).toBe("/");
        expect(normalizePrefix("/api/")).toBe("/api");
        expect(normalizePrefix("/a/b")).toBe("/a/b");
    });

    it("rejects bad domains, hosts, paths, duplicate routes and a bad CSP, all at once, before registering anything", async () => {
        const { error, inv } = await rejected({
            domains: ["api.example.com", "API.example.com", "api.example.com"],
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "x", host: "shop.example.com" },
                { name: "v2", region: "europe-west1", cloudRunService: "x", host: "api.example.com", pathPrefix: "v2" },
                { name: "api", region: "europe-west1", cloudRunService: "x", host: "api.example.com", pathPrefix: "/" },
                { name: "other", region: "europe-west1", cloudRunService: "x" },
            ],
            sites: [
                { name: "web", host: "api.example.com", pathPrefix: "/" },
                { name: "docs", pathPrefix: "/docs/" },
                { name: "docs2", pathPrefix: "/docs" },
            ],
            contentSecurityPolicy: "default-src 'self';\nscript-src 'none'",
        });
        expect(error.problems).toEqual([
            'domains[1]: expected a lowercase DNS hostname such as "api.example.com", got "API.example.com"',
            'domains[2]: expected each domain once, got "api.example.com"',
            'contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got "default-src \'self\';\\nscript-src \'none\'"',
            'services[2].name: expected a name unique among services, got "api"',
            'services[0].host: expected one of the domains (api.example.com, API.example.com), got "shop.example.com"',
            'services[1].pathPrefix: expected a URL path prefix starting with "/" such as "/api", got "v2"',
            'services[3]: expected a host, a pathPrefix or both, got {"name":"other"}',
            'sites[0]: expected a route no other service or site uses (services[2] already serves api.example.com/), got "api.example.com/"',
            'sites[2]: expected a route no other service or site uses (sites[1] already serves */docs), got "*/docs"',
        ]);
        expect(error.message).toContain('prodstack:gcp:Edge "edge" has invalid args:');
        expect(inv.resources).toHaveLength(0);
    });

    it("accepts nested and trailing-slash prefixes and rejects a long near-miss prefix at once (no regex backtracking blow-up)", async () => {
        const ok = await plan(() => new Edge("edge", {
            ...ARGS,
            services: [{ name: "api", region: "europe-west1", cloudRunService: "x", pathPrefix: "/api/v1.0/~x_y-z/" }],
            sites: undefined,
            armor: { denyRegions: ["KP"] },
        }));
        expect(ok.ofType("gcp:compute/backendService:BackendService")).toHaveLength(1);
        // No site: no bucket for the deny lists' edge policy to guard.
        expect(ok.ofType(POLICY).map((p) => p.inputs.type)).toEqual(["CLOUD_ARMOR"]);
        // 28 characters and a trailing space: the former pattern took seconds here, twice as
        // long with every further character.
        const typo = "/gettingstartedwiththeapisss ";
        const started = Date.now();
        const { error } = await rejected({
            services: [
                { name: "api", region: "europe-west1", cloudRunService: "x", pathPrefix: typo },
                { name: "v2", region: "europe-west1", cloudRunService: "x", pathPrefix: "/a//b" },
            ],
        });
        expect(Date.now() - started).toBeLessThan(1000);
        expect(error.problems).toEqual([
            `services[0].pathPrefix: expected a URL path prefix starting with "/" such as "/api", got ${JSON.stringify(typo)}`,
            'services[1].pathPrefix: expected a URL path prefix starting with "/" such as "/api", got "/a//b"',
        ]);
    });

    it("rejects an edge with nothing to publish, no domains, an empty CSP and out-of-range Cloud Armor settings", async () => {
        const { error } = await rejected({
            domains: [],
            services: [],
            sites: [],
            contentSecurityPolicy: "",
            hstsMaxAgeSeconds: 60,
            armor: { requestsPerMinute: 20000, sensitivity: 5, denyRegions: ["North Korea"] },
        });
        expect(error.problems).toEqual([
            "domains: expected at least one domain to issue a certificate for, got []",
            "hstsMaxAgeSeconds: expected an integer from 300 to 63072000, got 60",
            'contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got ""',
            "armor.sensitivity: expected an integer from 1 to 4, got 5",
            "armor.requestsPerMinute: expected at most 10000 while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead), got 20000",
            'armor.denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "North Korea"',
            "services: expected at least one service or site to publish, got []",
        ]);
    });

    it("refuses OWASP rules in preview in prod", async () => {
        const { error } = await rejected({ tier: "prod", armor: { wafMode: "preview" } });
        expect(error.problems).toEqual(['armor.wafMode: expected "enforce" in prod (preview OWASP rules outside prod), got "preview"']);
    });

    it("reserves the bucket name of its unrouted bucket", async () => {
        const { error } = await rejected({ sites: [{ name: "unrouted", host: "app.example.com" }] });
        expect(error.problems).toEqual(['sites[0].name: expected a name other than "unrouted" (the edge\'s own bucket), got "unrouted"']);
    });
});
