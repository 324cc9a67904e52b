/**
 * Backends of the edge: a backend service per Cloud Run service on its serverless NEG (and one
 * of its own per route with settings of its own), and a site bucket per static site. Used by
 * {@link Edge} (cdn.ts).
 */
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { byTier, resourceName } from "../core/internal";
import type { Edge, EdgeArgs, EDGE_DEFAULTS } from "./cdn";
import { hasOwnSettings, normalizePrefix, routeSlug, routesOf, securityHeaders, type EdgeRoute, type Route } from "./edge-routes";
import { SiteBucket } from "./site-bucket";
import { Waf, type RestrictedPath } from "./waf";

/** The merged args of an {@link Edge}. */
export type EdgeConfig = typeof EDGE_DEFAULTS & EdgeArgs;
type BackendArgsOf = (description: string, securityPolicy: pulumi.Input<string>, responseHeaders: string[]) => gcp.compute.BackendServiceArgs;

/**
 * The backend services of every service route, keyed as `Edge.backendServices`, the Cloud
 * Armor policies of routes with their own (as `Edge.routeWafs`), and the routes they serve.
 */
export function serviceBackends(
    edge: Edge,
    name: string,
    cfg: EdgeConfig,
    waf: Waf,
    headers: string[],
    restricted: RestrictedPath[],
): { backendServices: Record<string, gcp.compute.BackendService>; routeWafs: Record<string, Waf>; routes: Route[] } {
    const n = (...parts: string[]) => resourceName([cfg.namePrefix, ...parts]);
    const parent = { parent: edge };
    const routes: Route[] = [];
    const backendServices: Record<string, gcp.compute.BackendService> = {};
    const routeWafs: Record<string, Waf> = {};
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
                    ...backendArgs(`Cloud Run service ${svc.name} behind Cloud Armor (managed by prodstack)`, waf.policy.id, headers),
                }, parent);
                backend = shared;
            } else {
                backend = routeBackend(edge, routeWafs, waf, name, svc.name, r, cfg, backendArgs, restricted);
            }
            backendServices[hasOwnSettings(r) ? `${svc.name}/${routeSlug(r)}` : svc.name] = backend;
            routes.push({ host: r.host, prefix: normalizePrefix(r.pathPrefix), backendId: backend.id });
        }
    }
    return { backendServices, routeWafs, routes };
}

/** The site bucket of every static site, by site name, and the routes they serve. */
export function siteBackends(
    edge: Edge,
    name: string,
    cfg: EdgeConfig,
    waf: Waf,
    headers: string[],
    bucketPrefix: string,
    prod: boolean,
): { buckets: Record<string, SiteBucket>; routes: Route[] } {
    const parent = { parent: edge };
    const routes: Route[] = [];
    const buckets: Record<string, SiteBucket> = {};
    for (const site of cfg.sites) {
        const bucket = new SiteBucket(`${name}-${site.name}`, {
            namePrefix: cfg.namePrefix,
            siteName: site.name,
            bucketName: resourceName([bucketPrefix, site.name]),
            location: cfg.bucketLocation,
            spaFallback: site.spaFallback,
            cacheTtlSeconds: site.cacheTtlSeconds,
            responseHeaders: headers,
            edgeSecurityPolicy: waf.edgePolicy?.id,
            privateReader: cfg.siteBucketReader,
            noncurrentVersionRetentionDays: byTier(cfg.tier, { prod: 30, nonProd: 7 }),
            forceDestroy: !prod,
        }, parent);
        buckets[site.name] = bucket;
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
    return { buckets, routes };
}

/**
 * A backend service of its own for a route with its own settings: its own Cloud Armor
 * policy when it has an allowlist or a rate limit, its own CSP, and IAP when asked.
 */
function routeBackend(
    edge: Edge,
    routeWafs: Record<string, Waf>,
    edgeWaf: Waf,
    name: string,
    service: string,
    r: EdgeRoute,
    cfg: EdgeConfig,
    backendArgs: BackendArgsOf,
    restricted: RestrictedPath[],
): gcp.compute.BackendService {
    const slug = routeSlug(r);
    const key = `${service}/${slug}`;
    const parent = { parent: edge };
    let policyId: pulumi.Input<string> = edgeWaf.policy.id;
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
        routeWafs[key] = waf;
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
