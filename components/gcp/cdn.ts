import type * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { definedOnly, isProd, type Tier } from "../core/internal";
import { domainSlug, ManagedCertificates, type CertificateMode } from "./certificate";
import { DnsRecords, type DnsRecord } from "./dns";
import { serviceBackends, siteBackends } from "./edge-backends";
import { edgeFrontend } from "./edge-frontend";
import { restrictedRoutes, securityHeaders, type EdgeRedirect, type EdgeRoute, type Route } from "./edge-routes";
import { edgeUrlMaps } from "./edge-url-map";
import { validateEdgeArgs } from "./edge-validation";
import type { SiteBucket } from "./site-bucket";
import { Waf, type ArmorSettings } from "./waf";

export type { EdgeRedirect, EdgeRoute } from "./edge-routes";
export { normalizePrefix, securityHeaders } from "./edge-routes";

/** A Cloud Run service published through the edge. */
export interface EdgeService {
    /**
     * Service name, e.g. `api`; names its serverless NEG and backend service.
     * @default none (required)
     */
    name: string;
    /**
     * Region the Cloud Run service runs in.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Cloud Run service name. Give the service `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`
     * ingress so its run.app URL cannot bypass Cloud Armor.
     * @default none (required)
     */
    cloudRunService: pulumi.Input<string>;
    /**
     * Host of the service's single route (shorthand for `routes: [{ host, pathPrefix }]`;
     * give either these or `routes`). Omitted: every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix of the service's single route, e.g. `/api` (shorthand, see `host`).
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Routes of the service, when it answers on several hosts or paths or a route needs
     * settings of its own. Either `routes` or `host` / `pathPrefix`.
     * @default [{ host, pathPrefix }]
     */
    routes?: EdgeRoute[];
    /**
     * Cloud CDN for this service, caching only what the origin marks cacheable
     * (`USE_ORIGIN_HEADERS`). Off: every request reaches the service.
     * @default false
     */
    cdn?: boolean;
}

/** A static site published through the edge from its own bucket. */
export interface EdgeSite {
    /**
     * Site name, e.g. `web`; names its bucket and backend bucket.
     * @default none (required)
     */
    name: string;
    /**
     * Host the site answers on; one of the edge's domains. Omitted: every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix of the site, e.g. `/docs`. Objects live under the same prefix in the bucket.
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Single-page app: paths with no object answer `index.html` with status 200.
     * @default false
     */
    spaFallback?: boolean;
    /**
     * CDN TTL for objects without `Cache-Control` metadata, in seconds.
     * @default 3600
     */
    cacheTtlSeconds?: number;
}

/** TLS profiles the edge allows; both are TLS 1.2+ with forward-secret AEAD suites only or mostly. */
export type SslProfile = "RESTRICTED" | "MODERN";

/** Arguments of {@link Edge}. */
export interface EdgeArgs {
    /**
     * Prefix for every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Environment tier: prod protects the reserved addresses, keeps site buckets on destroy
     * and keeps old site versions longer.
     * @default none (required)
     */
    tier: Tier;
    /**
     * Domains served, each with a Google-managed certificate, e.g. `["api.example.com"]`.
     * @default none (required)
     */
    domains: string[];
    /**
     * Cloud Run services to publish.
     * @default []
     */
    services?: EdgeService[];
    /**
     * Static sites to publish.
     * @default []
     */
    sites?: EdgeSite[];
    /**
     * Location of the site buckets (and of the empty bucket answering unrouted requests).
     * @default none (required)
     */
    bucketLocation: string;
    /**
     * Prefix of bucket names, which are global across Cloud Storage: use something globally
     * unique such as the project ID. Buckets are named `<prefix>-<site>`.
     * @default namePrefix
     */
    bucketNamePrefix?: string;
    /**
     * IAM member that reads private site buckets for the load balancer (see
     * `SiteBucketArgs.privateReader`). Omitted: site objects are public.
     * @default none (public site objects)
     */
    siteBucketReader?: pulumi.Input<string>;
    /**
     * `Content-Security-Policy` header value sent on every response.
     * @default "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
     */
    contentSecurityPolicy?: string;
    /**
     * HSTS `max-age`, in seconds (sent with `includeSubDomains`).
     * @default 31536000
     */
    hstsMaxAgeSeconds?: number;
    /**
     * How certificates are issued (see `ManagedCertificates`).
     * @default "certificate-manager"
     */
    certificateMode?: CertificateMode;
    /**
     * SSL policy profile; the minimum version is always TLS 1.2.
     * @default "RESTRICTED"
     */
    sslProfile?: SslProfile;
    /**
     * Also reserve a global IPv6 address and listen on it.
     * @default true
     */
    ipv6?: boolean;
    /**
     * Name of an existing Cloud DNS managed zone to create the A/AAAA records and the
     * certificate DNS authorization CNAMEs in. Omitted: the records are only reported
     * (`dnsRecords`) for the operator to create wherever the domains are hosted.
     * @default none (no records are created)
     */
    dnsZone?: string;
    /**
     * Cloud Armor settings (see `Waf`).
     * @default {} (OWASP rules enforced at sensitivity 1, 600 requests/min per IP, 300 s ban)
     */
    armor?: ArmorSettings;
    /**
     * Hosts that only redirect (301) to another host, each with its own certificate.
     * @default []
     */
    redirects?: EdgeRedirect[];
}

/** Defaults of {@link EdgeArgs}. */
export const EDGE_DEFAULTS = {
    services: [] as EdgeService[],
    sites: [] as EdgeSite[],
    contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    hstsMaxAgeSeconds: 31_536_000,
    certificateMode: "certificate-manager" as CertificateMode,
    sslProfile: "RESTRICTED" as SslProfile,
    ipv6: true,
    armor: {} as ArmorSettings,
    redirects: [] as EdgeRedirect[],
};

/**
 * The one public entry point of an environment: a global external Application Load Balancer
 * (`EXTERNAL_MANAGED`) on reserved IPv4 (and IPv6) addresses.
 * - HTTPS on 443 with Google-managed certificates ({@link ManagedCertificates}) and an SSL
 *   policy of TLS 1.2 minimum (`RESTRICTED` profile by default); port 80 only answers a 301
 *   redirect to HTTPS.
 * - A URL map routing by host and path prefix: each static site to a CDN-enabled backend
 *   bucket ({@link SiteBucket}), each service to a backend service on a serverless NEG for
 *   its Cloud Run service. Serverless NEG backends take no health check, port name or
 *   timeout (Cloud Run's own request timeout applies). Requests no route matches go to an
 *   empty, private bucket and get 403, never to a service.
 * - Security headers on every backend: HSTS with includeSubDomains, nosniff, frame denial,
 *   Referrer-Policy and the given Content-Security-Policy.
 * - A Cloud Armor policy ({@link Waf}) on every service backend; the IP/region deny lists
 *   also apply to site buckets through an edge policy. Request logging on every backend
 *   service (backend buckets always log).
 * - Per route, optionally: an IP allowlist (others get 403 from a Cloud Armor policy of the
 *   route's own, which keeps the OWASP rules and a rate limit), a rate limit of its own,
 *   Identity-Aware Proxy, and a Content-Security-Policy of its own (with the same other
 *   headers). Such a route gets its own backend service on the service's serverless NEG.
 * - Redirect-only hosts (`www` → apex, 301, path and query kept) with their certificates.
 * - Optionally the DNS records in a Cloud DNS zone ({@link DnsRecords}); either way the
 *   records to create are reported in `dnsRecords`.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const edge = new gcp.Edge("edge", {
 *     namePrefix: "acme-prod",
 *     tier: "prod",
 *     domains: ["api.example.com", "app.example.com"],
 *     services: [{
 *         name: "api",
 *         region: "europe-west1",
 *         cloudRunService: "acme-prod-api",
 *         routes: [
 *             { host: "api.example.com" },
 *             { host: "app.example.com", pathPrefix: "/api" },
 *             { host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"] },
 *         ],
 *     }],
 *     sites: [{ name: "web", host: "app.example.com", spaFallback: true }],
 *     redirects: [{ from: "www.example.com", to: "app.example.com" }],
 *     bucketLocation: "EU",
 *     bucketNamePrefix: "acme-web-prod",
 * });
 * export const ipv4Address = edge.ipv4Address;
 * ```
 */
export class Edge extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Edge";

    /** The reserved global IPv4 address. */
    readonly ipv4Address: pulumi.Output<string>;
    /** The reserved global IPv6 address, when `ipv6` is on. */
    readonly ipv6Address?: pulumi.Output<string>;
    /** The hosts served (the domains). */
    readonly hosts: string[];
    /** The HTTPS URL map. */
    readonly urlMap: gcp.compute.URLMap;
    /** The HTTPS target proxy. */
    readonly httpsProxy: gcp.compute.TargetHttpsProxy;
    /**
     * Backend services: by service name for its plain routes, by `<service>/<route slug>`
     * (`api/api-example-com-admin`) for each route with settings of its own.
     */
    readonly backendServices: Record<string, gcp.compute.BackendService>;
    /** Cloud Armor policies of routes with an allowlist or a rate limit of their own, by `<service>/<route slug>`. */
    readonly routeWafs: Record<string, Waf>;
    /** Site buckets, by site name. */
    readonly sites: Record<string, SiteBucket>;
    /** The certificates. */
    readonly certificates: ManagedCertificates;
    /** The Cloud Armor policies. */
    readonly waf: Waf;
    /** Cloud Armor policy names (the edge's, then the routes'), for the WAF-denials alert. */
    readonly securityPolicyNames: pulumi.Output<string>[];
    /** Certificate names, for the expiry alert. */
    readonly certificateNames: pulumi.Output<string>[];
    /** DNS records pointing the domains at the edge and authorizing the certificates. */
    readonly dnsRecords: pulumi.Output<Array<{ name: string; type: string; value: string }>>;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEdgeArgs(name, args);
        super(Edge.TYPE, name, {}, opts);
        const cfg = { ...EDGE_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const prod = isProd(cfg.tier);
        const bucketPrefix = cfg.bucketNamePrefix ?? cfg.namePrefix;
        const headers = securityHeaders(cfg.contentSecurityPolicy, cfg.hstsMaxAgeSeconds);
        this.hosts = [...cfg.domains];

        // --- Cloud Armor and certificates -------------------------------------------
        const restricted = restrictedRoutes(cfg.services);
        this.waf = new Waf(`${name}-waf`, {
            ...cfg.armor,
            namePrefix: cfg.namePrefix,
            tier: cfg.tier,
            edgePolicy: cfg.sites.length > 0,
            restrictedPaths: restricted,
        }, parent);
        const redirectHosts = cfg.redirects.map((r) => r.from);
        this.certificates = new ManagedCertificates(`${name}-certs`, {
            namePrefix: cfg.namePrefix,
            domains: [...cfg.domains, ...redirectHosts],
            mode: cfg.certificateMode,
        }, parent);

        // --- Backends -----------------------------------------------------------------
        const backends = serviceBackends(this, name, cfg, this.waf, headers, restricted);
        this.backendServices = backends.backendServices;
        this.routeWafs = backends.routeWafs;
        const published = siteBackends(this, name, cfg, this.waf, headers, bucketPrefix, prod);
        this.sites = published.buckets;
        const routes: Route[] = [...backends.routes, ...published.routes];

        // --- URL maps, TLS, proxies, addresses, forwarding rules ----------------------
        const { urlMap, redirect } = edgeUrlMaps(this, name, cfg, this.hosts, routes, headers, bucketPrefix);
        this.urlMap = urlMap;
        const { httpsProxy, v4, v6 } = edgeFrontend(this, name, cfg, urlMap, redirect, this.certificates, prod);
        this.httpsProxy = httpsProxy;
        this.ipv4Address = v4.address;
        this.ipv6Address = v6?.address;

        // --- DNS ---------------------------------------------------------------------------
        const records: DnsRecord[] = [];
        for (const host of [...this.hosts, ...redirectHosts]) {
            records.push({ key: `a-${domainSlug(host)}`, name: `${host}.`, type: "A", rrdatas: [v4.address] });
            if (v6) records.push({ key: `aaaa-${domainSlug(host)}`, name: `${host}.`, type: "AAAA", rrdatas: [v6.address] });
        }
        for (const auth of this.certificates.dnsAuthorizationRecords) {
            records.push({ key: `acme-${domainSlug(auth.domain)}`, name: auth.name, type: "CNAME", rrdatas: [auth.data] });
        }
        if (cfg.dnsZone) new DnsRecords(`${name}-dns`, { managedZone: cfg.dnsZone, records }, parent);
        this.dnsRecords = pulumi.output(
            records.map((r) => ({ name: r.name, type: r.type, value: pulumi.output(r.rrdatas).apply((d) => d.join(" ")) })),
        ) as pulumi.Output<Array<{ name: string; type: string; value: string }>>;

        this.securityPolicyNames = [...this.waf.policyNames, ...Object.values(this.routeWafs).flatMap((w) => w.policyNames)];
        this.certificateNames = this.certificates.certificateNames;
        this.registerOutputs({
            ipv4Address: this.ipv4Address,
            ...(this.ipv6Address ? { ipv6Address: this.ipv6Address } : {}),
            hosts: this.hosts,
            dnsRecords: this.dnsRecords,
        });
    }
}
