import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, byTier, definedOnly, isProd, PATH_PREFIX, resourceName, TIERS, type Tier } from "../core/internal";
import {
    checkManagedCertificatesArgs,
    domainSlug,
    HOSTNAME,
    HOSTNAME_EXPECTED,
    ManagedCertificates,
    type CertificateMode,
} from "./certificate";
import { DnsRecords, type DnsRecord } from "./dns";
import { SiteBucket } from "./site-bucket";
import {
    checkRouteSettings,
    restrictedRoutes,
    CSP_EXPECTED,
    CSP_VALUE,
    hasOwnSettings,
    normalizePrefix,
    pathMatcher,
    routesForHost,
    routeSlug,
    routesOf,
    securityHeaders,
    type EdgeRedirect,
    type EdgeRoute,
    type Route,
} from "./edge-routes";
import { checkArmorSettings, Waf, type ArmorSettings, type RestrictedPath } from "./waf";

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

const SSL_PROFILES: readonly SslProfile[] = ["RESTRICTED", "MODERN"];
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;
const BACKEND_NAME = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const BACKEND_NAME_EXPECTED = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
/**
 * "/" or "/" + segments separated by single slashes, optional trailing slash. Written so each
 * repetition starts with "/": the equivalent `\/([…]+\/?)*` backtracks exponentially on a
 * near-miss such as a long prefix with a trailing space (a 40-character typo hangs for hours).
 */
/**
 * Other backends deny every spelling of a restricted route's paths, so no other route may
 * live below one (it would answer 403 to everyone).
 */
function checkNestedUnderRestricted(check: ArgsChecker, services: readonly EdgeService[]): void {
    const valid = services.every((svc) => Array.isArray(svc.routes ?? []) && routesOf(svc).every((r) => r.pathPrefix === undefined || (typeof r.pathPrefix === "string" && PATH_PREFIX.test(r.pathPrefix))));
    if (!valid) return;
    const restricted = restrictedRoutes(services);
    services.forEach((svc, i) => routesOf(svc).forEach((r, j) => {
        const prefix = normalizePrefix(r.pathPrefix);
        const under = restricted.find((p) => (p.host === undefined || p.host === r.host) && prefix.toLowerCase().startsWith(`${p.pathPrefix.toLowerCase()}/`));
        if (under) {
            check.fail(
                svc.routes ? `services[${i}].routes[${j}]` : `services[${i}]`,
                `a path outside the restricted route ${under.host ?? "*"}${under.pathPrefix} (its paths in any spelling are denied on every other backend)`,
                `${r.host ?? "*"}${prefix}`,
            );
        }
    }));
}

type EdgeConfig = typeof EDGE_DEFAULTS & EdgeArgs;
type BackendArgsOf = (description: string, securityPolicy: pulumi.Input<string>, responseHeaders: string[]) => gcp.compute.BackendServiceArgs;

/** Suffix of the empty bucket that answers unrouted requests; no site may use it. */
const UNROUTED = "unrouted";
const PATH_PREFIX_EXPECTED = "a URL path prefix starting with \"/\" such as \"/api\"";

/** Throws if `args` would be rejected by the cloud or make no sense; called before anything is registered. */
export function validateEdgeArgs(name: string, args: EdgeArgs): void {
    const check = new ArgsChecker(Edge.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\"");
    check.oneOf("tier", args.tier, TIERS);
    check.matches("bucketLocation", args.bucketLocation, /^([a-z]+-[a-z]+\d+|[A-Za-z]{2,4}\d?)$/, "a region such as \"europe-west1\" or a multi-region such as \"EU\"");
    check.matches(
        "bucketNamePrefix",
        args.bucketNamePrefix,
        /^(?!goog)(?!.*google)[a-z0-9][a-z0-9-]{1,40}$/,
        "2-41 lowercase letters, digits or hyphens, not starting with \"goog\" nor containing \"google\" (such as the project ID)",
    );
    checkManagedCertificatesArgs(check, { domains: args.domains, mode: args.certificateMode }, "certificateMode");
    check.oneOf("sslProfile", args.sslProfile, SSL_PROFILES);
    check.intInRange("hstsMaxAgeSeconds", args.hstsMaxAgeSeconds, 300, 63_072_000);
    check.matches("contentSecurityPolicy", args.contentSecurityPolicy, CSP_VALUE, CSP_EXPECTED);
    check.matches("dnsZone", args.dnsZone, /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, "the name of an existing Cloud DNS managed zone");
    checkArmorSettings(check, { ...args.armor, tier: args.tier }, "armor.");

    const services = args.services ?? [];
    const sites = args.sites ?? [];
    if (services.length === 0 && sites.length === 0) {
        check.fail("services", "at least one service or site to publish", services);
    }
    const domains = new Set(Array.isArray(args.domains) ? args.domains : []);
    const domainList = [...domains].join(", ") || "none listed";
    const routes = new Map<string, string>();
    const claim = (at: string, host: string | undefined, prefix: string | undefined) => {
        if (host !== undefined) {
            if (check.check(typeof host === "string" && HOSTNAME.test(host), `${at}.host`, HOSTNAME_EXPECTED, host)) {
                check.check(domains.has(host), `${at}.host`, `one of the domains (${domainList})`, host);
            }
        }
        if (prefix !== undefined && !check.check(typeof prefix === "string" && PATH_PREFIX.test(prefix), `${at}.pathPrefix`, PATH_PREFIX_EXPECTED, prefix)) {
            return;
        }
        const route = `${host ?? "*"}${normalizePrefix(prefix)}`;
        const owner = routes.get(route);
        if (owner) check.fail(at, `a route no other service or site uses (${owner} already serves ${route})`, route);
        routes.set(route, at);
    };
    const names = (kind: string, items: ReadonlyArray<{ name: string }>) => {
        const seen = new Set<string>();
        items.forEach((item, i) => {
            check.matches(`${kind}[${i}].name`, item.name, BACKEND_NAME, BACKEND_NAME_EXPECTED);
            if (seen.has(item.name)) check.fail(`${kind}[${i}].name`, `a name unique among ${kind}`, item.name);
            seen.add(item.name);
        });
    };
    names("services", services);
    names("sites", sites);
    sites.forEach((site, i) => {
        check.check(site.name !== UNROUTED, `sites[${i}].name`, `a name other than "${UNROUTED}" (the edge's own bucket)`, site.name);
    });
    services.forEach((svc, i) => {
        check.matchesIfKnown(`services[${i}].region`, svc.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
        if (svc.routes !== undefined) {
            if (svc.host !== undefined || svc.pathPrefix !== undefined) {
                check.fail(`services[${i}]`, "either routes or host / pathPrefix, not both", { name: svc.name });
            }
            if (!check.check(Array.isArray(svc.routes) && svc.routes.length > 0, `services[${i}].routes`, "at least one route", svc.routes)) return;
        }
        const slugs = new Set<string>();
        routesOf(svc).forEach((r, j) => {
            const at = svc.routes ? `services[${i}].routes[${j}]` : `services[${i}]`;
            if (r.host === undefined && r.pathPrefix === undefined) {
                check.fail(at, "a host, a pathPrefix or both", svc.routes ? r : { name: svc.name });
                return;
            }
            claim(at, r.host, r.pathPrefix);
            checkRouteSettings(check, at, r, args.armor);
            if (hasOwnSettings(r)) {
                const slug = routeSlug(r);
                check.check(!slugs.has(slug), at, `a route whose host and path differ from the other routes' after slugging (${slug})`, r);
                slugs.add(slug);
            }
        });
    });
    checkNestedUnderRestricted(check, services);
    const redirectFroms = new Set<string>();
    (args.redirects ?? []).forEach((r, i) => {
        const at = `redirects[${i}]`;
        for (const key of ["from", "to"] as const) {
            check.check(typeof r[key] === "string" && HOSTNAME.test(r[key]), `${at}.${key}`, HOSTNAME_EXPECTED, r[key]);
        }
        check.check(!domains.has(r.from), `${at}.from`, "a host that is not one of the domains (it only redirects)", r.from);
        check.check(!redirectFroms.has(r.from), `${at}.from`, "each redirect host once", r.from);
        check.check(r.to !== r.from, `${at}.to`, "a host other than `from`", r.to);
        redirectFroms.add(r.from);
    });
    sites.forEach((site, i) => {
        check.intInRange(`sites[${i}].cacheTtlSeconds`, site.cacheTtlSeconds, 0, 31_536_000);
        claim(`sites[${i}]`, site.host, site.pathPrefix);
    });
    check.throwIfAny();
}

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
        const n = (...parts: string[]) => resourceName([cfg.namePrefix, ...parts]);
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
        const routes: Route[] = [];
        this.backendServices = {};
        this.routeWafs = {};
        for (const svc of cfg.services) {
            const neg = new gcp.compute.RegionNetworkEndpointGroup(`${name}-${svc.name}-neg`, {
                name: n(svc.name, "neg"),
                description: `Cloud Run service ${svc.name} (managed by prodstack)`,
                region: svc.region,
                networkEndpointType: "SERVERLESS",
                cloudRun: { service: svc.cloudRunService },
            }, parent);
            // No healthChecks, portName or timeoutSec: serverless NEG backends reject them
            // (Cloud Run's own request timeout applies). HTTP is the protocol Google's own
            // serverless NEG setups use; that hop stays inside Google's network.
            const backendArgs = (description: string, securityPolicy: pulumi.Input<string>, responseHeaders: string[]): gcp.compute.BackendServiceArgs => ({
                description,
                loadBalancingScheme: "EXTERNAL_MANAGED",
                protocol: "HTTP",
                backends: [{ group: neg.id }],
                securityPolicy,
                customResponseHeaders: responseHeaders,
                logConfig: { enable: true, sampleRate: 1 },
                enableCdn: svc.cdn === true,
                ...(svc.cdn
                    ? {
                        compressionMode: "AUTOMATIC",
                        cdnPolicy: { cacheMode: "USE_ORIGIN_HEADERS", negativeCaching: true, requestCoalescing: true },
                    }
                    : {}),
            });
            const svcRoutes = routesOf(svc);
            // The service's shared backend, for its plain routes (created only when it has one).
            let shared: gcp.compute.BackendService | undefined;
            for (const r of svcRoutes) {
                let backend: gcp.compute.BackendService;
                if (!hasOwnSettings(r)) {
                    shared ??= new gcp.compute.BackendService(`${name}-${svc.name}-backend`, {
                        name: n(svc.name, "backend"),
                        ...backendArgs(`Cloud Run service ${svc.name} behind Cloud Armor (managed by prodstack)`, this.waf.policy.id, headers),
                    }, parent);
                    backend = shared;
                } else {
                    backend = this.routeBackend(name, svc.name, r, cfg, backendArgs, restricted);
                }
                this.backendServices[hasOwnSettings(r) ? `${svc.name}/${routeSlug(r)}` : svc.name] = backend;
                routes.push({ host: r.host, prefix: normalizePrefix(r.pathPrefix), backendId: backend.id });
            }
        }

        this.sites = {};
        for (const site of cfg.sites) {
            const bucket = new SiteBucket(`${name}-${site.name}`, {
                namePrefix: cfg.namePrefix,
                siteName: site.name,
                bucketName: resourceName([bucketPrefix, site.name]),
                location: cfg.bucketLocation,
                spaFallback: site.spaFallback,
                cacheTtlSeconds: site.cacheTtlSeconds,
                responseHeaders: headers,
                edgeSecurityPolicy: this.waf.edgePolicy?.id,
                privateReader: cfg.siteBucketReader,
                noncurrentVersionRetentionDays: byTier(cfg.tier, { prod: 30, nonProd: 7 }),
                forceDestroy: !prod,
            }, parent);
            this.sites[site.name] = bucket;
            const prefix = normalizePrefix(site.pathPrefix);
            routes.push({
                host: site.host,
                prefix,
                backendId: bucket.backendBucketId,
                ...(site.spaFallback
                    ? { spa: { backendId: bucket.backendBucketId, indexPath: `${prefix === "/" ? "" : prefix}/index.html` } }
                    : {}),
            });
        }

        // --- URL map --------------------------------------------------------------------
        const hosts = this.hosts.filter((h) => routes.some((r) => r.host === h));
        const shared = routes.filter((r) => r.host === undefined);
        const sharedRoot = shared.find((r) => r.prefix === "/");
        const needsFallback = !sharedRoot || hosts.some((h) => !routesForHost(h, routes).some((r) => r.prefix === "/"));
        let fallbackId: pulumi.Output<string> | undefined;
        if (needsFallback) {
            // Unrouted hosts and paths land here: an empty bucket no one can read, so 403.
            const bucket = new gcp.storage.Bucket(`${name}-unrouted`, {
                name: resourceName([bucketPrefix, UNROUTED]),
                location: cfg.bucketLocation,
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                // Empty by design, but versioned like every bucket of the stack: an object
                // put here by mistake and overwritten stays recoverable.
                versioning: { enabled: true },
                forceDestroy: true,
            }, parent);
            fallbackId = new gcp.compute.BackendBucket(`${name}-unrouted`, {
                name: n(UNROUTED),
                description: "Answers requests no route matches (empty private bucket: 403)",
                bucketName: bucket.name,
                // Nothing cacheable comes out of it (403s are not negatively cached); CDN on
                // keeps every routed backend bucket uniform for the CDN policy check.
                enableCdn: true,
                customResponseHeaders: headers,
            }, parent).id;
        }
        const pathMatchers = hosts.map((h) => pathMatcher(resourceName(["host", h]), routesForHost(h, routes), fallbackId));
        const hostRules = hosts.map((h) => ({ hosts: [h], pathMatcher: resourceName(["host", h]) }));
        if (shared.length > 0) {
            pathMatchers.push(pathMatcher("any-host", shared, fallbackId));
            hostRules.push({ hosts: ["*"], pathMatcher: "any-host" });
        }
        for (const r of cfg.redirects) {
            // Keeps the path and query; the scheme stays HTTPS.
            const matcher = resourceName(["redirect", r.from]);
            pathMatchers.push({
                name: matcher,
                defaultUrlRedirect: { hostRedirect: r.to, httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
            });
            hostRules.push({ hosts: [r.from], pathMatcher: matcher });
        }
        this.urlMap = new gcp.compute.URLMap(`${name}-https`, {
            name: n("edge"),
            description: `Routes of ${cfg.namePrefix} by host and path (managed by prodstack)`,
            defaultService: sharedRoot ? sharedRoot.backendId : fallbackId!,
            hostRules,
            pathMatchers,
        }, parent);
        const redirect = new gcp.compute.URLMap(`${name}-http-redirect`, {
            name: n("edge-redirect"),
            description: "Port 80: permanent redirect to HTTPS, nothing else",
            defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
        }, parent);

        // --- TLS, proxies, addresses, forwarding rules ------------------------------------
        const sslPolicy = new gcp.compute.SSLPolicy(`${name}-tls`, {
            name: n("edge-tls"),
            description: `TLS 1.2+ ${cfg.sslProfile} (managed by prodstack)`,
            profile: cfg.sslProfile,
            minTlsVersion: "TLS_1_2",
        }, parent);
        this.httpsProxy = new gcp.compute.TargetHttpsProxy(`${name}-https`, {
            name: n("edge-https"),
            urlMap: this.urlMap.id,
            sslPolicy: sslPolicy.id,
            ...(this.certificates.certificateMapUri
                ? { certificateMap: this.certificates.certificateMapUri }
                : { sslCertificates: this.certificates.sslCertificateIds }),
        }, parent);
        const httpProxy = new gcp.compute.TargetHttpProxy(`${name}-http`, {
            name: n("edge-http"),
            urlMap: redirect.id,
        }, parent);

        // Clients and DNS point at these addresses: protect them in prod.
        const addressOpts = { parent: this, protect: prod };
        const v4 = new gcp.compute.GlobalAddress(`${name}-ipv4`, {
            name: n("edge-ipv4"),
            description: `Public IPv4 address of ${cfg.namePrefix} (managed by prodstack)`,
            addressType: "EXTERNAL",
            ipVersion: "IPV4",
        }, addressOpts);
        const v6 = cfg.ipv6
            ? new gcp.compute.GlobalAddress(`${name}-ipv6`, {
                name: n("edge-ipv6"),
                description: `Public IPv6 address of ${cfg.namePrefix} (managed by prodstack)`,
                addressType: "EXTERNAL",
                ipVersion: "IPV6",
            }, addressOpts)
            : undefined;
        for (const [suffix, address] of [["", v4], ["-v6", v6]] as const) {
            if (!address) continue;
            new gcp.compute.GlobalForwardingRule(`${name}-https${suffix}`, {
                name: n(`edge-https${suffix}`),
                loadBalancingScheme: "EXTERNAL_MANAGED",
                ipProtocol: "TCP",
                ipAddress: address.address,
                portRange: "443",
                target: this.httpsProxy.id,
            }, parent);
            new gcp.compute.GlobalForwardingRule(`${name}-http${suffix}`, {
                name: n(`edge-http${suffix}`),
                loadBalancingScheme: "EXTERNAL_MANAGED",
                ipProtocol: "TCP",
                ipAddress: address.address,
                portRange: "80",
                target: httpProxy.id,
            }, parent);
        }
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

    /**
     * A backend service of its own for a route with its own settings: its own Cloud Armor
     * policy when it has an allowlist or a rate limit, its own CSP, and IAP when asked.
     */
    private routeBackend(
        name: string,
        service: string,
        r: EdgeRoute,
        cfg: EdgeConfig,
        backendArgs: BackendArgsOf,
        restricted: RestrictedPath[],
    ): gcp.compute.BackendService {
        const slug = routeSlug(r);
        const key = `${service}/${slug}`;
        const parent = { parent: this };
        let policyId: pulumi.Input<string> = this.waf.policy.id;
        if (r.allowIpRanges !== undefined || r.requestsPerMinute !== undefined || r.banSeconds !== undefined) {
            const waf = new Waf(`${name}-${service}-${slug}-waf`, {
                ...cfg.armor,
                namePrefix: cfg.namePrefix,
                tier: cfg.tier,
                policyName: resourceName([cfg.namePrefix, "waf", service, slug], 58),
                requestsPerMinute: r.requestsPerMinute ?? cfg.armor.requestsPerMinute,
                banSeconds: r.banSeconds ?? cfg.armor.banSeconds,
                allowIpRanges: r.allowIpRanges,
                edgePolicy: false,
                // Every restricted path but this route's own.
                restrictedPaths: restricted.filter((p) => !(p.host === r.host && p.pathPrefix === normalizePrefix(r.pathPrefix))),
            }, parent);
            this.routeWafs[key] = waf;
            policyId = waf.policy.id;
        }
        const restrictions = [
            r.allowIpRanges ? `allowlisted (${r.allowIpRanges.length} range${r.allowIpRanges.length === 1 ? "" : "s"})` : "",
            r.iapMembers ? "behind IAP" : "",
        ].filter(Boolean).join(", ");
        const backend = new gcp.compute.BackendService(`${name}-${service}-${slug}-backend`, {
            name: resourceName([cfg.namePrefix, service, slug]),
            ...backendArgs(
                `Cloud Run service ${service}, route ${r.host ?? "*"}${normalizePrefix(r.pathPrefix)}${restrictions ? ` ${restrictions}` : ""} (managed by prodstack)`,
                policyId,
                securityHeaders(r.contentSecurityPolicy ?? cfg.contentSecurityPolicy, cfg.hstsMaxAgeSeconds),
            ),
            // The Google-managed OAuth client: no client ID or secret to keep.
            ...(r.iapMembers ? { iap: { enabled: true } } : {}),
        }, parent);
        for (const member of r.iapMembers ?? []) {
            new gcp.iap.WebBackendServiceIamMember(`${name}-${service}-${slug}-iap-${resourceName([member], 40)}`, {
                webBackendService: backend.name,
                role: "roles/iap.httpsResourceAccessor",
                member,
            }, parent);
        }
        return backend;
    }
}
