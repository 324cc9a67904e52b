/**
 * Edge concern: one hardened global HTTPS load balancer in front of every public service
 * and static site (certificates, CDN, Cloud Armor, DNS). Services with a `route` are
 * published; services without one stay internal. Certificate Manager DNS authorizations
 * and A/AAAA records are created in `edge.dnsZone` when one is given, otherwise the
 * `dnsRecordsToCreate` stack output lists them for the operator.
 */
import * as pulumi from "@pulumi/pulumi";
import { Edge, type EdgeRoute } from "../../components/gcp/cdn";
import { publicEndpointsOf } from "../edge-probes";
import type { RouteSpec } from "../config";
import type { ComputeResult, EdgeResult, GcpContext } from "./context";

export { probedRoutes, probePath, serviceProbe, siteProbe } from "../edge-probes";

/**
 * APIs the edge concern needs. The list is fixed (it is enabled before the spec's edge is
 * looked at): Cloud DNS is cheap to enable even when no zone is configured.
 */
export const EDGE_APIS: string[] = [
    "certificatemanager.googleapis.com",
    "dns.googleapis.com",
    "storage.googleapis.com",
];

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

    return {
        // Routes without a host answer on every domain; they are probed on the first one.
        publicEndpoints: publicEndpointsOf(published, spec.sites, spec.domains[0]),
        securityPolicies: edge.securityPolicyNames,
        certificates: edge.certificateNames,
        outputs: {
            edgeIpv4: edge.ipv4Address,
            ...(edge.ipv6Address ? { edgeIpv6: edge.ipv6Address } : {}),
            edgeHosts: edge.hosts,
            ...(spec.edge.redirects.length ? { edgeRedirects: Object.fromEntries(spec.edge.redirects.map((r) => [r.from, r.to])) } : {}),
            siteBuckets: pulumi.output(Object.fromEntries(Object.entries(edge.sites).map(([name, s]) => [name, s.bucketName]))),
            // What `prodstack deploy-site` needs: where each site's files go, which CDN to invalidate.
            siteDeploys: Object.fromEntries(spec.sites.map((site) => [site.name, {
                bucket: edge.sites[site.name].bucketName,
                pathPrefix: site.pathPrefix,
                project: ctx.project,
                urlMap: edge.urlMap.name,
            }])),
            ...(spec.edge.dnsZone ? { dnsRecordsManaged: edge.dnsRecords } : { dnsRecordsToCreate: edge.dnsRecords }),
        },
    };
}
