/**
 * What uptime checks probe on a public host, the same on both clouds: a service's health path
 * under its route, a site's index (or any non-5xx answer under a path prefix), only on routes
 * the checkers can reach (no allowlist, no IAP). Used by the GCP and AWS edge concerns.
 */
import { normalizePrefix } from "../components/core/patterns";
import type { RouteSpec, ServiceSpec, SiteSpec } from "./config";

/** What an uptime check probes: a path and the accepted status classes, or nothing. */
export interface UptimeProbe {
    enabled: boolean;
    /** Path as the client requests it (route prefix included). */
    path: string;
    acceptedStatus: Array<"2xx" | "3xx" | "4xx">;
}

/** The path to probe for a service: its health path, under its route's prefix. */
export function probePath(route: { pathPrefix?: string }, healthPath: string): string {
    const prefix = normalizePrefix(route.pathPrefix);
    if (prefix === "/" || healthPath === prefix || healthPath.startsWith(`${prefix}/`)) return healthPath;
    return `${prefix}${healthPath}`;
}

/** What a service's uptime check probes: its health path (or `uptime.path`) under its route, 2xx only by default. */
export function serviceProbe(svc: { healthPath: string; uptime?: ServiceSpec["uptime"] }, route: { pathPrefix?: string }): UptimeProbe {
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

/**
 * The routes uptime checks probe a service on: one per host of its open routes (no
 * allowlist, no IAP: probes come from Google's checkers, which neither would let through),
 * the one with the shortest prefix. Routes on every host are probed on `primary`.
 */
export function probedRoutes(svc: { routes: RouteSpec[] }, primary: string): Array<{ host: string; route: RouteSpec }> {
    const byHost = new Map<string, RouteSpec>();
    for (const r of svc.routes) {
        if (r.allowIpRanges || r.iap) continue;
        const host = r.host ?? primary;
        const current = byHost.get(host);
        if (!current || normalizePrefix(r.pathPrefix).length < normalizePrefix(current.pathPrefix).length) byHost.set(host, r);
    }
    return [...byHost].map(([host, route]) => ({ host, route }));
}

/** A public endpoint the edge serves and what its uptime check probes (disabled ones included). */
export interface PublicEndpoint {
    host: string;
    probe: UptimeProbe;
    kind: "service" | "site";
}

/**
 * The public endpoints of routed services and sites: one per host of a service's open routes,
 * one per site; routes and sites without a host are probed on `primary` (the first domain).
 * Two routes that lead to the same URL are probed once.
 */
export function publicEndpointsOf(
    services: ReadonlyArray<{ healthPath: string; uptime?: ServiceSpec["uptime"]; routes: RouteSpec[] }>,
    sites: ReadonlyArray<Pick<SiteSpec, "host" | "pathPrefix" | "uptime">>,
    primary: string,
): PublicEndpoint[] {
    const endpoints: PublicEndpoint[] = [
        ...services.flatMap((s) => probedRoutes(s, primary).map(({ host, route }) => ({ host, probe: serviceProbe(s, route), kind: "service" as const }))),
        ...sites.map((site) => ({ host: site.host ?? primary, probe: siteProbe(site), kind: "site" as const })),
    ];
    return [...new Map(endpoints.map((ep) => [`${ep.host}${ep.probe.path}`, ep])).values()];
}
