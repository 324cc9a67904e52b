/**
 * Edge concern on AWS, mirroring `infra/gcp/edge.ts`: CloudFront is the one public entry of
 * every public host. Each host (each of `domains`, each redirect host) gets a distribution of
 * its own, because CloudFront routes by path only; a route or site without a host is served
 * on every domain's distribution. All of them share one us-east-1 certificate, one WAFv2 web
 * ACL (the managed rules, the rate limits, the allowlists of routes, the deny lists) and the
 * response headers policies (one per distinct CSP).
 *
 * API routes reach the load balancer of `load-balancer.ts`, which forwards on the viewer's
 * host and path only when CloudFront's secret origin header is present; a service's origin
 * read timeout is its `timeoutSeconds` (at most 60 on AWS). Sites live in private S3 buckets
 * that only their distributions read. With `edge.dnsZone` (a Route 53 zone ID) the alias
 * records and certificate validation records are created; otherwise `dnsRecordsToCreate`
 * lists them, as on GCP, and the first `pulumi up` waits at the certificate validation until
 * they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { Certificate } from "../../components/aws/certificate";
import { Distribution, type DistributionApiOrigin, type DistributionApiRoute, type DistributionSite } from "../../components/aws/distribution";
import { SecurityHeaders } from "../../components/aws/security-headers";
import { SiteBucket } from "../../components/aws/site-bucket";
import { WebAcl, type WebAclRoute } from "../../components/aws/web-acl";
import { isProd, normalizePrefix, resourceName } from "../../components/core/internal";
import type { EnvironmentSpec, RouteSpec, SiteSpec } from "../config";
import { publicEndpointsOf, type PublicEndpoint } from "../edge-probes";
import type { AwsContext } from "./context";
import { US_EAST_1 } from "./foundation";
import { awsRequestSecondsOf } from "./load-balancer";

/** What the edge needs of the load balancer concern. */
export interface EdgeOrigin {
    /** The load balancer's DNS name: the API origin (its certificate covers the public hosts). */
    dnsName: pulumi.Input<string>;
    /** The header CloudFront must send for the listener to forward at all. */
    originHeader: { name: string; value: pulumi.Input<string> };
    /** Validation records of the origin's own certificate, listed with the edge's when there is no zone. */
    certificateRecords?: pulumi.Input<Array<{ name: string; type: string; value: string }>>;
}

/** Where site buckets write their S3 server access logs (the environment's logs bucket). */
export interface EdgeLogs {
    bucketName: pulumi.Input<string>;
    serverAccessLogsPrefix: string;
}

/** Result of the edge concern: what observability watches, and the stack outputs. */
export interface AwsEdgeResult {
    /** The distributions by host (redirect hosts included). */
    distributions: Map<string, Distribution>;
    /** Public endpoints and what their uptime checks probe (disabled ones included), as on GCP. */
    publicEndpoints: PublicEndpoint[];
    /** The web ACL (CLOUDFRONT scope, us-east-1), for the WAF-blocks alarm. */
    webAcl?: { name: pulumi.Output<string>; metricName: string; scope: "CLOUDFRONT" };
    /** The CloudFront certificate (us-east-1), for the expiry alarm. */
    certificates: Array<{ arn: pulumi.Output<string>; region: string; domain: string }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}


/** `api.example.com` + `/admin` → `api-example-com-admin`: the key of a route's WAF rules and CSP. */
export function routeKey(r: { host?: string; pathPrefix?: string }): string {
    return resourceName([r.host ?? "any", normalizePrefix(r.pathPrefix) === "/" ? "" : normalizePrefix(r.pathPrefix)], 40);
}

/** S3 name of a site bucket: `<namePrefix>-site-<name>-<account>` (S3 names are global). */
export function siteBucketName(spec: EnvironmentSpec, site: SiteSpec): string {
    return resourceName([spec.namePrefix, "site", site.name, spec.aws!.accountId], 63);
}

/** The paths routes and sites of `host` itself claim (not those on every host). */
export function ownPaths(spec: EnvironmentSpec, host: string): Set<string> {
    const own = [...spec.services.flatMap((s) => s.routes), ...spec.sites].filter((i) => i.host === host);
    return new Set(own.map((i) => normalizePrefix(i.pathPrefix)));
}

/**
 * What one host serves of `items`: its own, and those without a host unless a route or site
 * of the host itself has the same path (a host's own wins, as on GCP's URL map).
 */
export function servedOn<T extends { host?: string; pathPrefix?: string }>(items: readonly T[], host: string, claimed: Set<string>): T[] {
    return [...items.filter((i) => i.host === host), ...items.filter((i) => i.host === undefined && !claimed.has(normalizePrefix(i.pathPrefix)))];
}

/** The WAF settings of a route with an allowlist or a rate limit of its own, else nothing. */
function wafRouteOf(r: RouteSpec): WebAclRoute | undefined {
    if (!r.allowIpRanges && !r.rateLimit) return undefined;
    return {
        ...(r.host ? { host: r.host } : {}),
        pathPrefix: normalizePrefix(r.pathPrefix),
        ...(r.allowIpRanges ? { allowIpRanges: r.allowIpRanges } : {}),
        ...(r.rateLimit ? { requestsPerMinute: r.rateLimit.requestsPerMinute } : {}),
    };
}

/** Publishes the routed services and static sites through CloudFront, behind the WAF. */
export function deployEdge(ctx: AwsContext, origin: EdgeOrigin | undefined, logs?: EdgeLogs): AwsEdgeResult {
    const { spec } = ctx;
    const routed = spec.services.filter((s) => s.routes.length > 0);
    if (routed.length === 0 && spec.sites.length === 0) return { distributions: new Map(), publicEndpoints: [], certificates: [], outputs: {} };
    if (routed.length > 0 && !origin) throw new Error("deployEdge: services with routes need the load balancer origin");
    const prod = isProd(spec.tier);
    const usEast1Key = ctx.usEast1Key();

    const redirectHosts = spec.edge.redirects.map((r) => r.from);
    const certificate = new Certificate("edge-certificate", {
        domains: [...spec.domains, ...redirectHosts],
        region: US_EAST_1,
        ...(spec.edge.dnsZone ? { zoneId: spec.edge.dnsZone } : {}),
    }, ctx.opts);

    const allRoutes = routed.flatMap((s) => s.routes.map((r) => ({ ...r, service: s.name })));
    const wafRoutes = allRoutes.map(wafRouteOf).filter((r): r is WebAclRoute => r !== undefined);
    const webAcl = new WebAcl("edge-waf", {
        namePrefix: spec.namePrefix,
        tier: spec.tier,
        mode: spec.edge.waf.mode,
        requestsPerMinute: spec.edge.rateLimit.requestsPerMinute,
        routes: wafRoutes,
        denyIpRanges: spec.edge.denyIpRanges,
        denyRegions: spec.edge.denyRegions,
        logKmsKeyArn: usEast1Key.arn,
        logRetentionDays: ctx.logRetentionDays,
    }, ctx.opts);

    const routeCsps = Object.fromEntries(allRoutes.filter((r) => r.contentSecurityPolicy).map((r) => [routeKey(r), r.contentSecurityPolicy!]));
    const headers = new SecurityHeaders("edge-headers", {
        namePrefix: spec.namePrefix,
        contentSecurityPolicy: spec.edge.contentSecurityPolicy,
        routeContentSecurityPolicies: routeCsps,
    }, ctx.opts);

    // Site buckets and distributions refer to each other (origin domain ↔ reader ARN): the
    // buckets take the ARNs as an output resolved once the distributions exist.
    const readers = new Map<string, (arns: pulumi.Output<string[]>) => void>();
    const buckets = new Map(spec.sites.map((site) => {
        const [arns, resolve] = pulumi.deferredOutput<string[]>();
        readers.set(site.name, resolve);
        return [site.name, new SiteBucket(`site-${site.name}`, {
            bucketName: siteBucketName(spec, site),
            region: spec.region,
            distributionArns: arns,
            ...(logs ? { logs: { bucketName: logs.bucketName, prefix: logs.serverAccessLogsPrefix } } : {}),
            noncurrentVersionDays: prod ? 30 : 7,
            forceDestroy: !prod,
            deletionProtection: prod,
        }, ctx.opts)] as const;
    }));

    const common = {
        namePrefix: spec.namePrefix,
        certificateArn: certificate.arn,
        webAclArn: webAcl.arn,
        responseHeadersPolicyId: headers.id,
        logRetentionDays: ctx.logRetentionDays,
        logsKmsKeyArn: usEast1Key.arn,
        ...(spec.edge.dnsZone ? { dnsZoneId: spec.edge.dnsZone } : {}),
    };
    const distributions = new Map<string, Distribution>();
    for (const host of spec.domains) {
        const claimed = ownPaths(spec, host);
        const services = routed.filter((s) => servedOn(s.routes, host, claimed).length > 0);
        const apiOrigins: DistributionApiOrigin[] = services.map((s) => ({
            name: s.name,
            domainName: origin!.dnsName,
            customHeaders: { [origin!.originHeader.name]: origin!.originHeader.value },
            readTimeoutSeconds: awsRequestSecondsOf(s),
        }));
        const apiRoutes: DistributionApiRoute[] = servedOn(allRoutes, host, claimed).map((r) => ({
            pathPrefix: normalizePrefix(r.pathPrefix),
            origin: r.service,
            ...(r.contentSecurityPolicy ? { responseHeadersPolicyId: headers.routeIds[routeKey(r)] } : {}),
        }));
        const sites: DistributionSite[] = servedOn(spec.sites, host, claimed).map((site) => ({
            name: site.name,
            bucketRegionalDomainName: buckets.get(site.name)!.regionalDomainName,
            pathPrefix: normalizePrefix(site.pathPrefix),
            spaFallback: site.spaFallback,
            cacheTtlSeconds: site.cacheTtlSeconds,
        }));
        if (apiRoutes.length === 0 && sites.length === 0) continue;
        distributions.set(host, new Distribution(`cdn-${host.replace(/\./g, "-")}`, { ...common, host, apiOrigins, apiRoutes, sites }, ctx.opts));
    }
    for (const r of spec.edge.redirects) {
        distributions.set(r.from, new Distribution(`cdn-${r.from.replace(/\./g, "-")}`, { ...common, host: r.from, redirectTo: r.to }, ctx.opts));
    }
    const siteDeploys: Record<string, unknown> = {};
    for (const site of spec.sites) {
        const on = [...distributions.values()].filter((d) => spec.domains.includes(d.host) && servedOn(spec.sites, d.host, ownPaths(spec, d.host)).includes(site));
        readers.get(site.name)!(pulumi.all(on.map((d) => d.arn)));
        // What `prodstack deploy-site` needs: where the site's files go, which distributions to invalidate.
        siteDeploys[site.name] = { bucket: buckets.get(site.name)!.bucketName, pathPrefix: site.pathPrefix, distributionIds: on.map((d) => d.distributionId) };
    }

    // ACM gives one CNAME per name in every region: the origin certificate's are mostly the same records.
    const dnsRecords = pulumi.all([certificate.dnsRecords, origin?.certificateRecords ?? [], ...[...distributions.values()].map((d) => d.dnsRecords)])
        .apply(([validation, originValidation, ...hosts]) => {
            const records = [...hosts.flat(), ...[...validation, ...originValidation].map((r) => ({ name: r.name, type: r.type, value: r.value }))];
            return [...new Map(records.map((r) => [`${r.name} ${r.type}`, r])).values()];
        });
    return {
        distributions,
        // Routes and sites without a host answer on every domain; they are probed on the first one.
        publicEndpoints: publicEndpointsOf(routed, spec.sites, spec.domains[0]),
        webAcl: { name: webAcl.name, metricName: webAcl.metricName, scope: "CLOUDFRONT" },
        certificates: [{ arn: certificate.arn, region: US_EAST_1, domain: certificate.domains[0] }],
        outputs: {
            edgeHosts: [...distributions.keys()].filter((h) => spec.domains.includes(h)),
            edgeDistributions: Object.fromEntries([...distributions].map(([host, d]) => [host, d.domainName])),
            ...(spec.edge.redirects.length ? { edgeRedirects: Object.fromEntries(spec.edge.redirects.map((r) => [r.from, r.to])) } : {}),
            siteBuckets: Object.fromEntries([...buckets].map(([name, b]) => [name, b.bucketName])),
            siteDeploys,
            webAclArn: webAcl.arn,
            ...(spec.edge.dnsZone ? { dnsRecordsManaged: dnsRecords } : { dnsRecordsToCreate: dnsRecords }),
        },
    };
}
