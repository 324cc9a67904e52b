/**
 * Edge concern: one hardened global HTTPS load balancer in front of every public service
 * and static site (certificates, CDN, Cloud Armor, DNS). Services with a `route` are
 * published; services without one stay internal. Certificate Manager DNS authorizations
 * and A/AAAA records are created in `edge.dnsZone` when one is given, otherwise the
 * `dnsRecordsToCreate` stack output lists them for the operator.
 */
import * as pulumi from "@pulumi/pulumi";
import { Edge, normalizePrefix, type EdgeRoute } from "../../components/gcp/cdn";
import type { RouteSpec, SiteSpec } from "../config";
import type { ComputeResult, DeployedService, EdgeResult, GcpContext, UptimeProbe } from "./context";

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

/** What a service's uptime check probes: its health path (or `uptime.path`) under its route, 2xx only by default. */
export function serviceProbe(svc: Pick<DeployedService, "healthPath" | "uptime">, route: { pathPrefix?: string }): UptimeProbe {
    return {
        enabled: svc.uptime?.enabled ?? true,
        path: probePath(route, svc.uptime?.path ?? svc.healthPath),
        acceptedStatus: svc.uptime?.acceptedStatus ?? ["2xx"],
    };
}

/**
 * What a site's uptime check probes. A site at `/` serves its index page: 2xx. A site under
 * a path (e.g. collected static files at `/static`) usually has no index there, so by
 * default any answer but a 5xx passes (with a valid certificate, in time): that proves the
 * load balancer, certificate and bucket serve, and cannot page on a healthy deployment.
 * `uptime.path` (under the prefix) probes a real file, 2xx by default.
 */
export function siteProbe(site: Pick<SiteSpec, "pathPrefix" | "uptime">): UptimeProbe {
    const prefix = normalizePrefix(site.pathPrefix);
    const path = site.uptime?.path;
    const defaultPath = prefix === "/" ? "/" : `${prefix}/`;
    const lenient = prefix !== "/" && path === undefined;
    return {
        enabled: site.uptime?.enabled ?? true,
        path: path === undefined ? defaultPath : probePath({ pathPrefix: prefix }, path),
        acceptedStatus: site.uptime?.acceptedStatus ?? (lenient ? ["2xx", "3xx", "4xx"] : ["2xx"]),
    };
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
 * The routes uptime checks probe a service on: one per host of its open routes (no
 * allowlist, no IAP: probes come from Google's checkers, which neither would let through),
 * the one with the shortest prefix. Routes on every host are probed on `primary`.
 */
export function probedRoutes(svc: Pick<DeployedService, "routes">, primary: string): Array<{ host: string; route: RouteSpec }> {
    const byHost = new Map<string, RouteSpec>();
    for (const r of svc.routes) {
        if (r.allowIpRanges || r.iap) continue;
        const host = r.host ?? primary;
        const current = byHost.get(host);
        if (!current || normalizePrefix(r.pathPrefix).length < normalizePrefix(current.pathPrefix).length) byHost.set(host, r);
    }
    return [...byHost].map(([host, route]) => ({ host, route }));
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
    const publicEndpoints: EdgeResult["publicEndpoints"] = [
        ...published.flatMap((s) => probedRoutes(s, primary).map(({ host, route }) => ({ host, probe: serviceProbe(s, route), kind: "service" as const }))),
        ...spec.sites.map((site) => ({ host: site.host ?? primary, probe: siteProbe(site), kind: "site" as const })),
    ];

    // Two routes may lead to the same URL (a host-less route and a hosted one, say): probe it once.
    const unique = [...new Map(publicEndpoints.map((ep) => [`${ep.host}${ep.probe.path}`, ep])).values()];
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
