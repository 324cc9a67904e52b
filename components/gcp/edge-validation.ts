/**
 * Validation of {@link EdgeArgs}: names, hosts, routes, redirects and sites, all checked before
 * {@link Edge} registers anything (cdn.ts).
 */
import { ArgsChecker, PATH_PREFIX, TIERS } from "../core/internal";
import { Edge, type EdgeArgs, type EdgeService, type SslProfile } from "./cdn";
import { checkManagedCertificatesArgs, HOSTNAME, HOSTNAME_EXPECTED } from "./certificate";
import {
    checkRouteSettings,
    restrictedRoutes,
    CSP_EXPECTED,
    CSP_VALUE,
    hasOwnSettings,
    normalizePrefix,
    routeSlug,
    routesOf,
} from "./edge-routes";
import { checkArmorSettings } from "./waf";

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
    const valid = services.every((svc) => (svc.routes === undefined || Array.isArray(svc.routes)) && routesOf(svc).every((r) => r.pathPrefix === undefined || (typeof r.pathPrefix === "string" && PATH_PREFIX.test(r.pathPrefix))));
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

/** Suffix of the empty bucket that answers unrouted requests; no site may use it. */
export const UNROUTED = "unrouted";
const PATH_PREFIX_EXPECTED = "a URL path prefix starting with \"/\" such as \"/api\"";

/** Throws if `args` would be rejected by the cloud or make no sense; called before anything is registered. */
export function validateEdgeArgs(name: string, args: EdgeArgs): void {
    const check = new ArgsChecker(Edge.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\"");
    check.oneOf("tier", args.tier, TIERS);
    check.matches("bucketLocation", args.bucketLocation, /^([a-z]+-[a-z]+\d+|[A-Za-z]{2,4}\d?)$/, "a region such as \"europe-west1\" or a multi-region such as \"EU\"");
    check.matchesIfGiven(
        "bucketNamePrefix",
        args.bucketNamePrefix,
        /^(?!goog)(?!.*google)[a-z0-9][a-z0-9-]{1,40}$/,
        "2-41 lowercase letters, digits or hyphens, not starting with \"goog\" nor containing \"google\" (such as the project ID)",
    );
    checkManagedCertificatesArgs(check, { domains: args.domains, mode: args.certificateMode }, "certificateMode");
    check.oneOf("sslProfile", args.sslProfile, SSL_PROFILES);
    check.intInRange("hstsMaxAgeSeconds", args.hstsMaxAgeSeconds, 300, 63_072_000);
    check.matchesIfGiven("contentSecurityPolicy", args.contentSecurityPolicy, CSP_VALUE, CSP_EXPECTED);
    check.matchesIfGiven("dnsZone", args.dnsZone, /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, "the name of an existing Cloud DNS managed zone");
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
