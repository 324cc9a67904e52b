/**
 * Edge concern: one hardened global HTTPS load balancer in front of every public service
 * and static site (certificates, CDN, Cloud Armor, DNS). Services with a `route` are
 * published; services without one stay internal. Certificate Manager DNS authorizations
 * and A/AAAA records are created in `edge.dnsZone` when one is given, otherwise the
 * `dnsRecordsToCreate` stack output lists them for the operator.
 */
import * as pulumi from "@pulumi/pulumi";
import { Edge, normalizePrefix, type EdgeRoute } from "../../components/gcp/cdn";
import type { RouteSpec } from "../config";
import type { ComputeResult, DeployedService, EdgeResult, GcpContext } from "./context";

/**
 * APIs the edge concern needs. The list is fixed (it is enabled before the spec's edge is
 * looked at): Cloud DNS is cheap to enable even when no zone is configured.
 */
export const EDGE_APIS: string[] = [
    "certificatemanager.googleapis.com",
    "dns.googleapis.com",
    "storage.googleapis.com",
];

/** The path to probe for a service: its health path, under its route's prefix. */
export function probePath(route: { pathPrefix?: string }, healthPath: string): string {
    const prefix = normalizePrefix(route.pathPrefix);
    if (prefix === "/" || healthPath === prefix || healthPath.startsWith(`${prefix}/`)) return healthPath;
    return `${prefix}${healthPath}`;
}

/** The edge route of a spec route. */
export function edgeRouteOf(r: RouteSpec): EdgeRoute {
    return {
        host: r.host,
        pathPrefix: r.pathPrefix,
        allowIpRanges: r.allowIpRanges,
        iapMembers: r.iap?.members,
        requestsPerMinute: r.rateLimit?.requestsPerMinute,
        banSeconds: r.rateLimit?.banSeconds,
        contentSecurityPolicy: r.contentSecurityPolicy,
    };
}

/**
 * Where uptime checks probe a service: on each host of its open routes (no allowlist, no
 * IAP: probes come from Google's checkers, which neither would let through), the health
 * path under the route with the shortest prefix. Routes on every host are probed on `primary`.
 */
export function serviceEndpoints(svc: Pick<DeployedService, "routes" | "healthPath">, primary: string): Array<{ host: string; path: string }> {
    const byHost = new Map<string, RouteSpec>();
    for (const r of svc.routes) {
        if (r.allowIpRanges || r.iap) continue;
        const host = r.host ?? primary;
        const current = byHost.get(host);
        if (!current || normalizePrefix(r.pathPrefix).length < normalizePrefix(current.pathPrefix).length) byHost.set(host, r);
    }
    return [...byHost].map(([host, r]) => ({ host, path: probePath(r, svc.healthPath) }));
}

/** Publishes the public services and static sites through one hardened global edge. */
export function deployEdge(ctx: GcpContext, compute: ComputeResult): EdgeResult {
    const { spec } = ctx;
    const published = compute.services.filter((s) => s.routes.length > 0);
    if (published.length === 0 && spec.sites.length === 0) {
        return { publicEndpoints: [], securityPolicies: [], certificates: [], outputs: {} };
    }

    const edge = new Edge("edge", {
        namePrefix: spec.namePrefix,
        tier: spec.tier,
        domains: spec.domains,
        services: published.map((s) => ({
            name: s.name,
            region: s.region,
            cloudRunService: s.serviceName,
            routes: s.routes.map(edgeRouteOf),
        })),
        redirects: spec.edge.redirects,
        sites: spec.sites.map((site) => ({
            name: site.name,
            host: site.host,
            pathPrefix: site.pathPrefix,
            spaFallback: site.spaFallback,
            cacheTtlSeconds: site.cacheTtlSeconds,
        })),
        bucketLocation: spec.region,
        // Bucket names are global across Cloud Storage; the project ID makes them unique.
        bucketNamePrefix: ctx.project,
        contentSecurityPolicy: spec.edge.contentSecurityPolicy,
        certificateMode: spec.edge.certificate,
        dnsZone: spec.edge.dnsZone,
        armor: {
            wafMode: spec.edge.waf.mode,
            sensitivity: spec.edge.waf.sensitivity,
            requestsPerMinute: spec.edge.rateLimit.requestsPerMinute,
            banSeconds: spec.edge.rateLimit.banSeconds,
            denyIpRanges: spec.edge.denyIpRanges,
            denyRegions: spec.edge.denyRegions,
            adaptiveProtection: spec.edge.adaptiveProtection,
        },
    }, ctx.opts);

    // Routes without a host answer on every domain; probe them on the first one.
    const primary = spec.domains[0];
    const publicEndpoints = [
        ...published.flatMap((s) => serviceEndpoints(s, primary)),
        ...spec.sites.map((site) => {
            const prefix = normalizePrefix(site.pathPrefix);
            return { host: site.host ?? primary, path: prefix === "/" ? "/" : `${prefix}/` };
        }),
    ];

    const unique = [...new Map(publicEndpoints.map((ep) => [`${ep.host}${ep.path}`, ep])).values()];
    return {
        publicEndpoints: unique,
        securityPolicies: edge.securityPolicyNames,
        certificates: edge.certificateNames,
        outputs: {
            edgeIpv4: edge.ipv4Address,
            ...(edge.ipv6Address ? { edgeIpv6: edge.ipv6Address } : {}),
            edgeHosts: edge.hosts,
            ...(spec.edge.redirects.length ? { edgeRedirects: Object.fromEntries(spec.edge.redirects.map((r) => [r.from, r.to])) } : {}),
            siteBuckets: pulumi.output(Object.fromEntries(Object.entries(edge.sites).map(([name, s]) => [name, s.bucketName]))),
            ...(spec.edge.dnsZone ? { dnsRecordsManaged: edge.dnsRecords } : { dnsRecordsToCreate: edge.dnsRecords }),
        },
    };
}
