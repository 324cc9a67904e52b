/**
 * URL maps of the edge: the HTTPS one routing by host and path prefix (with an empty private
 * bucket answering unrouted requests, and the redirect-only hosts), and the port-80 one that
 * only redirects to HTTPS. Used by {@link Edge} (cdn.ts).
 */
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { resourceName } from "../core/internal";
import type { Edge } from "./cdn";
import type { EdgeConfig } from "./edge-backends";
import { pathMatcher, routesForHost, type Route } from "./edge-routes";
import { UNROUTED } from "./edge-validation";

/** The HTTPS URL map for `routes` on `domains`, and the port-80 redirect map. */
export function edgeUrlMaps(
    edge: Edge,
    name: string,
    cfg: EdgeConfig,
    domains: readonly string[],
    routes: readonly Route[],
    headers: string[],
    bucketPrefix: string,
): { urlMap: gcp.compute.URLMap; redirect: gcp.compute.URLMap } {
    const n = (...parts: string[]) => resourceName([cfg.namePrefix, ...parts]);
    const parent = { parent: edge };
    const hosts = domains.filter((h) => routes.some((r) => r.host === h));
    const shared = routes.filter((r) => r.host === undefined);
    const sharedRoot = shared.find((r) => r.prefix === "/");
    let fallbackId: pulumi.Output<string> | undefined;
    // A route at "/" on every host (`sharedRoot`) answers every request; a host's own "/"
    // route only overrides it. Without one, unrouted hosts and paths land here: an empty
    // bucket no one can read, so 403.
    if (!sharedRoot) {
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
    const urlMap = new gcp.compute.URLMap(`${name}-https`, {
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
    return { urlMap, redirect };
}
