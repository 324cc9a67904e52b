import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import type { Network } from "../../../components/gcp/network";
import type { EnvironmentSpec } from "../../../infra/config";
import type { ComputeResult, DeployedService, EdgeResult, GcpContext } from "../../../infra/gcp/context";
import { deployEdge, EDGE_APIS, probedRoutes, probePath, serviceProbe, siteProbe } from "../../../infra/gcp/edge";
import { iapApis } from "../../../infra/gcp/index";
import { environmentLabels } from "../../../infra/labels";
import { plan, type Inventory } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup";
const BACKEND = "gcp:compute/backendService:BackendService";
const POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const RECORD = "gcp:dns/recordSet:RecordSet";
const CLASSIC = "gcp:compute/managedSslCertificate:ManagedSslCertificate";

/** A service as the compute concern hands it over: its name is only known as an output. */
function deployed(name: string, route?: DeployedService["routes"][number], healthPath = "/healthz"): DeployedService {
    return {
        name,
        serviceName: pulumi.output(`acme-stg-${name}`),
        region: "europe-west1",
        routes: route ? [route] : [],
        healthPath,
        minInstances: 0,
        maxInstances: 5,
    };
}

const COMPUTE: ComputeResult = {
    services: [deployed("api", { host: "api.example.com" }), deployed("worker")],
    jobs: [],
    workers: [],
    outputs: {},
};

interface Run {
    inv: Inventory;
    result?: EdgeResult;
    error?: unknown;
}

/** Runs the edge concern of `s` with the given compute result, as `deployGcp` would. */
async function deploy(s: EnvironmentSpec, compute: ComputeResult = COMPUTE): Promise<Run> {
    const run: Partial<Run> = {};
    run.inv = await plan(() => {
        const project = s.gcp!.project;
        const provider = new gcp.Provider("gcp", { project, region: s.region });
        const ctx: GcpContext = {
            spec: s,
            stack: "staging",
            project,
            labels: environmentLabels(s, "staging"),
            provider,
            opts: { providers: [provider] },
            // The edge never touches the network.
            network: {} as Network,
        };
        try {
            run.result = deployEdge(ctx, compute);
        } catch (e) {
            run.error = e;
            return {};
        }
        return { ...run.result.outputs, policies: run.result.securityPolicies, certificates: run.result.certificates };
    }, "staging");
    return run as Run;
}

describe("gcp edge concern", () => {
    it("enables the APIs the edge uses", () => {
        expect(EDGE_APIS).toEqual(expect.arrayContaining(["certificatemanager.googleapis.com", "dns.googleapis.com", "storage.googleapis.com"]));
    });

    it("publishes only routed services, on serverless NEGs for their Cloud Run services, and every site", async () => {
        const { inv, result } = await deploy(spec());
        expect(inv.ofType(NEG).map((n) => n.inputs)).toEqual([
            expect.objectContaining({ name: "acme-stg-api-neg", region: "europe-west1", cloudRun: { service: "acme-stg-api" } }),
        ]);
        expect(inv.ofType(BACKEND).map((b) => b.inputs.securityPolicy)).toEqual(["edge-waf-policy-id"]);
        expect(inv.named("edge-web-bucket", "gcp:storage/bucket:Bucket").inputs).toMatchObject({
            name: "acme-web-staging-web",
            location: "europe-west1",
        });
        expect(inv.one("prodstack:gcp:Edge").provider).toBeNull();
        expect(inv.one(NEG).provider).toMatch(/pulumi:providers:gcp::gcp$/);
        expect(result!.publicEndpoints).toEqual([
            { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/healthz", acceptedStatus: ["2xx"] } },
            { host: "app.example.com", kind: "site", probe: { enabled: true, path: "/", acceptedStatus: ["2xx"] } },
        ]);
    });

    it("hands the policy and certificate names to observability and reports the DNS records to create", async () => {
        const { inv } = await deploy(spec());
        expect(inv.outputs.policies).toEqual(["acme-stg-waf"]);
        expect(inv.outputs.certificates).toEqual(["acme-stg-api-example-com", "acme-stg-app-example-com"]);
        expect(inv.outputs.edgeIpv4).toMatch(/^203\.0\.113\.\d+$/);
        expect(inv.outputs.edgeIpv6).toMatch(/^2001:db8::/);
        expect(inv.outputs.edgeHosts).toEqual(["api.example.com", "app.example.com"]);
        expect(inv.outputs.siteBuckets).toEqual({ web: "acme-web-staging-web" });
        // What `prodstack deploy-site` reads: bucket, prefix and the URL map whose CDN cache it invalidates.
        expect(inv.outputs.siteDeploys).toEqual({ web: { bucket: "acme-web-staging-web", pathPrefix: "/", project: "acme-web-staging", urlMap: "acme-stg-edge" } });
        expect((inv.outputs.dnsRecordsToCreate as any[]).map((r) => `${r.type} ${r.name}`)).toEqual([
            "A api.example.com.", "AAAA api.example.com.", "A app.example.com.", "AAAA app.example.com.",
            "CNAME _acme-challenge.api.example.com.", "CNAME _acme-challenge.app.example.com.",
        ]);
        expect(inv.outputs.dnsRecordsManaged).toBeUndefined();
        expect(inv.ofType(RECORD)).toHaveLength(0);
    });

    it("creates the records in the configured Cloud DNS zone", async () => {
        const { inv } = await deploy(spec("non-prod", (raw) => {
            raw.edge = { dnsZone: "example-com" };
        }));
        expect(inv.ofType(RECORD)).toHaveLength(6);
        expect(inv.ofType(RECORD).every((r) => r.inputs.managedZone === "example-com")).toBe(true);
        expect(inv.outputs.dnsRecordsManaged).toHaveLength(6);
        expect(inv.outputs.dnsRecordsToCreate).toBeUndefined();
    });

    it("turns the spec's edge section into Cloud Armor, certificate and header settings", async () => {
        const { inv } = await deploy(spec("prod", (raw) => {
            raw.edge = {
                certificate: "classic",
                contentSecurityPolicy: "default-src 'none'",
                rateLimit: { requestsPerMinute: 1200, banSeconds: 600 },
                waf: { sensitivity: 2 },
                denyIpRanges: ["198.51.100.0/24"],
                denyRegions: ["KP"],
                adaptiveProtection: true,
            };
        }));
        const policy = inv.named("edge-waf-policy", POLICY).inputs as Record<string, any>;
        expect(policy.rules.find((r: any) => r.rateLimitOptions).rateLimitOptions).toMatchObject({
            rateLimitThreshold: { count: 1200, intervalSec: 60 },
            banDurationSec: 600,
        });
        expect(policy.rules.some((r: any) => r.match?.expr?.expression === "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 2})")).toBe(true);
        expect(policy.rules.some((r: any) => r.match?.expr?.expression === "origin.region_code == 'KP'")).toBe(true);
        expect(policy.adaptiveProtectionConfig).toBeDefined();
        expect(inv.named("edge-waf-edge-policy", POLICY).inputs.type).toBe("CLOUD_ARMOR_EDGE");
        expect(inv.ofType(CLASSIC).map((c) => c.inputs.name)).toEqual(["acme-prod-api-example-com", "acme-prod-app-example-com"]);
        expect(inv.one(BACKEND).inputs.customResponseHeaders).toContain("Content-Security-Policy: default-src 'none'");
        expect(inv.ofType("gcp:compute/globalAddress:GlobalAddress").every((a) => a.protect)).toBe(true);
    });

    it("probes host-less and prefixed routes on the first domain under their prefix", async () => {
        const compute: ComputeResult = {
            services: [
                deployed("api", { pathPrefix: "/api" }),
                deployed("auth", { host: "app.example.com", pathPrefix: "/auth" }, "/auth/healthz"),
            ],
            jobs: [],
            workers: [],
            outputs: {},
        };
        const { result } = await deploy(spec("non-prod", (raw) => {
            raw.services = [
                { name: "api", image: "europe-docker.pkg.dev/acme/apps/api:1.0.0", routes: [{ pathPrefix: "/api" }] },
                { name: "auth", image: "europe-docker.pkg.dev/acme/apps/auth:1.0.0", routes: [{ host: "app.example.com", pathPrefix: "/auth" }], healthPath: "/auth/healthz" },
            ];
            raw.sites = [{ name: "docs", host: "app.example.com", pathPrefix: "/docs" }];
            delete raw.database;
            delete raw.cache;
        }), compute);
        // A site under a path has no index page there: any answer but a 5xx is healthy.
        expect(result!.publicEndpoints.map((e) => [e.host, e.probe.path, e.probe.acceptedStatus])).toEqual([
            ["api.example.com", "/api/healthz", ["2xx"]],
            ["app.example.com", "/auth/healthz", ["2xx"]],
            ["app.example.com", "/docs/", ["2xx", "3xx", "4xx"]],
        ]);
    });

    it("turns each spec route into an edge route with its allowlist, IAP, rate limit and CSP, and the redirects", async () => {
        const routes = [
            { host: "api.example.com" },
            { host: "app.example.com", pathPrefix: "/api" },
            { host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"], contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'" },
            { host: "api.example.com", pathPrefix: "/auth/login", rateLimit: { requestsPerMinute: 30, banSeconds: 0 } },
            { host: "app.example.com", pathPrefix: "/staff", iap: { members: ["group:staff@example.com"] } },
        ];
        const s = spec("prod", (raw) => {
            raw.services[0].routes = routes;
            raw.edge = { redirects: [{ from: "www.example.com", to: "app.example.com" }] };
        });
        const { inv, result } = await deploy(s, { services: [{ ...deployed("api"), routes: s.services[0].routes }], jobs: [], workers: [], outputs: {} });
        expect(inv.ofType(BACKEND)).toHaveLength(4);
        const login = inv.named("edge-api-api-example-com-auth-login-waf-policy", POLICY).inputs as Record<string, any>;
        expect(login.rules.find((r: any) => r.rateLimitOptions)).toMatchObject({ action: "throttle", rateLimitOptions: { rateLimitThreshold: { count: 30 } } });
        const admin = inv.named("edge-api-api-example-com-admin-waf-policy", POLICY).inputs as Record<string, any>;
        expect(admin.rules.at(-1).action).toBe("deny(403)");
        expect(inv.named("edge-api-app-example-com-staff-backend", BACKEND).inputs.iap).toEqual({ enabled: true });
        expect(inv.outputs.edgeRedirects).toEqual({ "www.example.com": "app.example.com" });
        expect((inv.outputs.dnsRecordsToCreate as any[]).map((r) => `${r.type} ${r.name}`)).toContain("A www.example.com.");
        expect(inv.outputs.policies).toEqual(["acme-prod-waf", "acme-prod-waf-api-api-example-com-admin", "acme-prod-waf-api-api-example-com-auth-login"]);
        // Restricted routes cannot be probed from Google's checkers; open ones are, once per host.
        expect(result!.publicEndpoints.map((e) => [e.kind, e.host, e.probe.path])).toEqual([
            ["service", "api.example.com", "/healthz"],
            ["service", "app.example.com", "/api/healthz"],
            ["site", "app.example.com", "/"],
        ]);
        expect(iapApis(s)).toEqual(["iap.googleapis.com"]);
        expect(iapApis(spec())).toEqual([]);
    });

    it("probes each host of a service once, on its shortest open route, and never an allowlisted or IAP route", () => {
        expect(probedRoutes({
            routes: [
                { host: "api.example.com", pathPrefix: "/v1" },
                { host: "api.example.com" },
                { host: "admin.example.com", allowIpRanges: ["203.0.113.0/24"] },
                { host: "staff.example.com", iap: { members: ["group:staff@example.com"] } },
                { pathPrefix: "/svc" },
            ],
        }, "app.example.com")).toEqual([
            { host: "api.example.com", route: { host: "api.example.com" } },
            { host: "app.example.com", route: { pathPrefix: "/svc" } },
        ]);
    });

    it("builds nothing when no service is routed and there is no site", async () => {
        const { inv, result } = await deploy(spec("non-prod", (raw) => {
            raw.sites = [];
            raw.domains = ["api.example.com"];
        }), { services: [deployed("worker")], jobs: [], workers: [], outputs: {} });
        expect(inv.resources.filter((r) => r.type !== "pulumi:providers:gcp")).toHaveLength(0);
        expect(result).toEqual({ publicEndpoints: [], securityPolicies: [], certificates: [], outputs: {} });
    });

    it("refuses to preview the OWASP rules in prod, naming the setting", async () => {
        const { error, inv } = await deploy(spec("prod", (raw) => {
            raw.edge = { waf: { mode: "preview" } };
        }));
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'armor.wafMode: expected "enforce" in prod (preview OWASP rules outside prod), got "preview"',
        ]);
        expect(inv.resources.filter((r) => r.type.startsWith("prodstack:"))).toHaveLength(0);
    });

    it("joins a route's prefix and health path for the probe", () => {
        expect(probePath({}, "/healthz")).toBe("/healthz");
        expect(probePath({ pathPrefix: "/" }, "/healthz")).toBe("/healthz");
        expect(probePath({ pathPrefix: "/api/" }, "/healthz")).toBe("/api/healthz");
        expect(probePath({ pathPrefix: "/api" }, "/api/healthz")).toBe("/api/healthz");
        expect(probePath({ pathPrefix: "/api" }, "/api")).toBe("/api");
        expect(probePath({ pathPrefix: "/api" }, "/apiz")).toBe("/api/apiz");
    });
});

describe("uptime probes of published services and sites", () => {
    it("probes a service's health path under its route, 2xx only, unless its uptime keys say otherwise", () => {
        expect(serviceProbe({ healthPath: "/healthz" }, { pathPrefix: "/api" })).toEqual({ enabled: true, path: "/api/healthz", acceptedStatus: ["2xx"] });
        expect(serviceProbe({ healthPath: "/healthz", uptime: { enabled: true, path: "/ready", acceptedStatus: ["2xx", "3xx"] } }, {}))
            .toEqual({ enabled: true, path: "/ready", acceptedStatus: ["2xx", "3xx"] });
        expect(serviceProbe({ healthPath: "/healthz", uptime: { enabled: false } }, {}).enabled).toBe(false);
    });

    it("accepts any non-5xx answer on a site under a path (collectstatic output has no index), 2xx at / or on a named file", () => {
        expect(siteProbe({ pathPrefix: "/static" })).toEqual({ enabled: true, path: "/static/", acceptedStatus: ["2xx", "3xx", "4xx"] });
        expect(siteProbe({ pathPrefix: "/" })).toEqual({ enabled: true, path: "/", acceptedStatus: ["2xx"] });
        expect(siteProbe({ pathPrefix: "/static", uptime: { enabled: true, path: "/admin/css/base.css" } }))
            .toEqual({ enabled: true, path: "/static/admin/css/base.css", acceptedStatus: ["2xx"] });
        expect(siteProbe({ pathPrefix: "/static", uptime: { enabled: true, acceptedStatus: ["4xx"] } }).acceptedStatus).toEqual(["4xx"]);
    });
});
