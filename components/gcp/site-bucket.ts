import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** Arguments of {@link SiteBucket}. */
export interface SiteBucketArgs {
    /**
     * Prefix of the backend bucket's name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Site name, e.g. `web`; names the backend bucket (`acme-prod-web-site`).
     * @default none (required)
     */
    siteName: string;
    /**
     * Cloud Storage bucket name. Bucket names are global across all of Cloud Storage, so
     * include something globally unique such as the project ID (`acme-web-prod-web`).
     * @default none (required)
     */
    bucketName: string;
    /**
     * Bucket location: a region such as `europe-west1` or a multi-region such as `EU`.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    location: pulumi.Input<string>;
    /**
     * Single-page app: the edge answers unknown paths with `index.html` (status 200), so the
     * bucket sets no 404 page of its own. Otherwise the bucket serves `404.html` for
     * missing objects, when the site has one.
     * @default false
     */
    spaFallback?: boolean;
    /**
     * CDN TTL, in seconds, for objects whose metadata sets no `Cache-Control`. Browsers
     * keep objects at most an hour so a deploy reaches them quickly.
     * @default 3600
     */
    cacheTtlSeconds?: number;
    /**
     * Headers added to every response (`Name: value`), e.g. HSTS and the CSP.
     * @default []
     */
    responseHeaders?: string[];
    /**
     * ID of a Cloud Armor edge security policy (type `CLOUD_ARMOR_EDGE`) to apply.
     * @default none (no edge policy)
     */
    edgeSecurityPolicy?: pulumi.Input<string>;
    /**
     * IAM member that reads the objects on the load balancer's behalf when the bucket is
     * private (Cloud CDN private bucket access): the service agent Google documents for it
     * in your project. Set, the bucket enforces public access prevention and only this
     * member can read; unset, the objects are public (`allUsers`).
     * @default none (public objects)
     */
    privateReader?: pulumi.Input<string>;
    /**
     * Days a replaced or deleted object version is kept (rollback window).
     * @default 30
     */
    noncurrentVersionRetentionDays?: number;
    /**
     * Let `pulumi destroy` delete the bucket with its objects. Leave off in prod.
     * @default false
     */
    forceDestroy?: boolean;
}

/** Defaults of {@link SiteBucketArgs}. */
export const SITE_BUCKET_DEFAULTS = {
    spaFallback: false,
    cacheTtlSeconds: 3600,
    responseHeaders: [] as string[],
    noncurrentVersionRetentionDays: 30,
    forceDestroy: false,
};

/** Longest time, in seconds, browsers may keep a site object (so deploys show up). */
export const SITE_CLIENT_TTL_CAP = 3600;
/** Cloud CDN's longest TTL, one year. */
const MAX_TTL = 31_536_000;

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;
/** Bucket names we generate: 3-63 of [a-z0-9-], alphanumeric at both ends, no "goog" prefix, no "google". */
const BUCKET_NAME = /^(?!goog)(?!.*google)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateSiteBucketArgs(name: string, args: SiteBucketArgs): void {
    const check = new ArgsChecker(SiteBucket.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\"");
    check.matches("siteName", args.siteName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    check.matches(
        "bucketName",
        args.bucketName,
        BUCKET_NAME,
        "a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with \"goog\" nor containing \"google\"",
    );
    check.matchesIfKnown("location", args.location, /^([a-z]+-[a-z]+\d+|[A-Za-z]{2,4}\d?)$/, "a region such as \"europe-west1\" or a multi-region such as \"EU\"");
    check.intInRange("cacheTtlSeconds", args.cacheTtlSeconds, 0, MAX_TTL);
    check.intInRange("noncurrentVersionRetentionDays", args.noncurrentVersionRetentionDays, 1, 3650);
    (args.responseHeaders ?? []).forEach((h, i) => {
        check.matches(`responseHeaders[${i}]`, h, /^[A-Za-z0-9-]+: [\x20-\x7e]+$/, "a header as \"Name: value\" in printable ASCII");
    });
    check.throwIfAny();
}

/**
 * A static site origin behind the edge: a Cloud Storage bucket (uniform bucket-level access,
 * versioning with a bounded rollback window, `index.html` as directory index) and a backend
 * bucket with Cloud CDN (cache static content, automatic compression, negative caching,
 * serve-while-stale, request coalescing) adding the edge's security headers.
 *
 * Who reads the objects: by default everyone (`allUsers` get `roles/storage.objectViewer`),
 * the long-standing recipe for backend buckets, which read the bucket anonymously. Everything
 * uploaded is published (also at storage.googleapis.com), so keep nothing else in the bucket;
 * public access prevention stays `inherited`, and an organization policy that enforces it or
 * restricts `allUsers` blocks this mode. With `privateReader`, the bucket enforces public
 * access prevention and only that member (the load balancer's reader) gets object viewer.
 * Object viewer, not the legacy reader role, lets Cloud Storage answer 404 for missing
 * objects, which the SPA fallback and negative caching rely on.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const site = new gcp.SiteBucket("web", {
 *     namePrefix: "acme-prod",
 *     siteName: "web",
 *     bucketName: "acme-web-prod-web",
 *     location: "EU",
 * });
 * export const bucketName = site.bucketName;
 * ```
 */
export class SiteBucket extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:SiteBucket";

    /** The bucket holding the site's files. */
    readonly bucket: gcp.storage.Bucket;
    /** The CDN-enabled backend bucket for the URL map. */
    readonly backendBucket: gcp.compute.BackendBucket;
    /** Bucket name, for deploy pipelines (`gcloud storage rsync … gs://<name>`). */
    readonly bucketName: pulumi.Output<string>;
    /** Backend bucket ID, for the URL map. */
    readonly backendBucketId: pulumi.Output<string>;

    constructor(name: string, args: SiteBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSiteBucketArgs(name, args);
        super(SiteBucket.TYPE, name, {}, opts);
        const cfg = { ...SITE_BUCKET_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };

        this.bucket = new gcp.storage.Bucket(`${name}-bucket`, {
            name: cfg.bucketName,
            location: cfg.location,
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: cfg.privateReader ? "enforced" : "inherited",
            versioning: { enabled: true },
            lifecycleRules: [{
                action: { type: "Delete" },
                condition: { daysSinceNoncurrentTime: cfg.noncurrentVersionRetentionDays, withState: "ARCHIVED" },
            }],
            website: cfg.spaFallback ? { mainPageSuffix: "index.html" } : { mainPageSuffix: "index.html", notFoundPage: "404.html" },
            forceDestroy: cfg.forceDestroy,
        }, parent);

        new gcp.storage.BucketIAMMember(cfg.privateReader ? `${name}-lb-read` : `${name}-public-read`, {
            bucket: this.bucket.name,
            role: "roles/storage.objectViewer",
            member: cfg.privateReader ?? "allUsers",
        }, parent);

        const ttl = cfg.cacheTtlSeconds;
        this.backendBucket = new gcp.compute.BackendBucket(`${name}-backend`, {
            name: resourceName([cfg.namePrefix, cfg.siteName, "site"]),
            description: `Static site ${cfg.siteName} (managed by prodstack)`,
            bucketName: this.bucket.name,
            enableCdn: true,
            compressionMode: "AUTOMATIC",
            cdnPolicy: {
                cacheMode: "CACHE_ALL_STATIC",
                defaultTtl: ttl,
                maxTtl: Math.max(ttl, 86400),
                clientTtl: Math.min(ttl, SITE_CLIENT_TTL_CAP),
                negativeCaching: true,
                serveWhileStale: 86400,
                requestCoalescing: true,
            },
            customResponseHeaders: cfg.responseHeaders,
            ...(cfg.edgeSecurityPolicy ? { edgeSecurityPolicy: cfg.edgeSecurityPolicy } : {}),
        }, parent);

        this.bucketName = this.bucket.name;
        this.backendBucketId = this.backendBucket.id;
        this.registerOutputs({ bucketName: this.bucketName, backendBucketId: this.backendBucketId });
    }
}
