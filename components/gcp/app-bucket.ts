import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, slug } from "../core/internal";

/** What an identity may do with the objects of an {@link AppBucket}. */
export type BucketAccessLevel = "read" | "readWrite";

/** One identity's access to an {@link AppBucket}. */
export interface BucketAccess {
    /**
     * IAM member, e.g. `serviceAccount:acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com`.
     * `allUsers` and `allAuthenticatedUsers` are refused.
     * @default none (required)
     */
    member: pulumi.Input<string>;
    /**
     * `read` grants `roles/storage.objectViewer`; `readWrite` grants `roles/storage.objectUser`
     * (create, read, replace and delete objects; no IAM, no bucket settings).
     * @default none (required)
     */
    level: BucketAccessLevel;
}

/** Arguments of {@link AppBucket}. */
export interface AppBucketArgs {
    /**
     * Globally unique bucket name (3-63 lowercase letters, digits, hyphens). Plain string: validated.
     * @default none (required)
     */
    bucketName: string;
    /**
     * Region or multi-region of the bucket, e.g. `europe-west1` or `EU`. An output is checked by the cloud.
     * @default none (required)
     */
    location: pulumi.Input<string>;
    /**
     * Who may use the objects, keyed by a stable short name (`api`, `worker`) that names the
     * grant: one bucket-level IAM member per identity, nothing project-wide.
     * @default {}
     */
    access?: Record<string, BucketAccess>;
    /**
     * Keep overwritten and deleted objects as noncurrent versions (recoverable). Cloud Storage
     * does not allow it together with `retentionDays`.
     * @default true
     */
    versioning?: boolean;
    /**
     * Delete noncurrent versions this many days after they became noncurrent, 1 to 3650.
     * @default 30
     */
    noncurrentVersionDays?: number;
    /**
     * Delete objects this many days after they were created.
     * @default none (objects never expire)
     */
    expireDays?: number;
    /**
     * Origins that upload or download directly from browsers with signed URLs, e.g.
     * `https://app.example.com`; they get a CORS rule for GET, HEAD, PUT and POST.
     * @default []
     */
    corsOrigins?: string[];
    /**
     * Objects cannot be deleted or replaced for this many days (an unlocked retention policy).
     * @default none (no retention policy)
     */
    retentionDays?: number;
    /**
     * Let `pulumi destroy` delete a bucket that still holds objects. Off keeps user data safe.
     * @default false
     */
    forceDestroy?: boolean;
    /**
     * Labels of the bucket.
     * @default {}
     */
    labels?: Record<string, string>;
}

/** Defaults of {@link AppBucketArgs}, in one place. */
export const APP_BUCKET_DEFAULTS = {
    access: {} as Record<string, BucketAccess>,
    versioning: true,
    noncurrentVersionDays: 30,
    corsOrigins: [] as string[],
    forceDestroy: false,
    labels: {} as Record<string, string>,
};

/** The predefined role each access level grants. */
export const BUCKET_ACCESS_ROLES: Record<BucketAccessLevel, string> = {
    read: "roles/storage.objectViewer",
    readWrite: "roles/storage.objectUser",
};

const BUCKET_NAME = /^(?!goog)(?!.*google)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Throws if `args` would be rejected by Cloud Storage or make the bucket public. */
export function validateAppBucketArgs(name: string, args: AppBucketArgs): void {
    const check = new ArgsChecker(AppBucket.TYPE, name);
    const cfg = { ...APP_BUCKET_DEFAULTS, ...definedOnly(args) };
    check.matches("bucketName", args.bucketName, BUCKET_NAME, "a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with \"goog\" nor containing \"google\"");
    check.matchesIfKnown("location", args.location, /^([a-z]+-[a-z]+\d+|[A-Za-z]{2,4}\d?)$/, "a region such as \"europe-west1\" or a multi-region such as \"EU\"");
    for (const [key, access] of Object.entries(cfg.access)) {
        check.matches(`access.${key}`, key, /^[a-z][a-z0-9-]{0,62}$/, "a short lowercase name such as \"api\"");
        check.oneOf(`access.${key}.level`, access.level, Object.keys(BUCKET_ACCESS_ROLES) as BucketAccessLevel[]);
        if (access.member === "allUsers" || access.member === "allAuthenticatedUsers") {
            check.fail(`access.${key}.member`, "a named identity (application buckets are never public)", access.member);
        }
    }
    check.intInRange("noncurrentVersionDays", args.noncurrentVersionDays, 1, 3650);
    check.intInRange("expireDays", args.expireDays, 1, 36500);
    check.intInRange("retentionDays", args.retentionDays, 1, 3650);
    if (args.retentionDays !== undefined && cfg.versioning) {
        check.fail("versioning", "false with retentionDays (Cloud Storage does not allow a retention policy on a versioned bucket)", cfg.versioning);
    }
    // No expiry never ends retention early.
    if (args.retentionDays !== undefined && (args.expireDays ?? Infinity) < args.retentionDays) {
        check.fail("expireDays", `at least retentionDays (${args.retentionDays})`, args.expireDays);
    }
    cfg.corsOrigins.forEach((origin, i) => {
        check.matches(`corsOrigins[${i}]`, origin, /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, "an https origin such as \"https://app.example.com\"");
    });
    check.throwIfAny();
}

/**
 * A private application bucket (user uploads, exports, generated files): uniform bucket-level
 * access, public access prevention enforced, versioning with noncurrent versions deleted
 * after a window, optional expiry, CORS for browser uploads through signed URLs, optional
 * retention, and a bucket-level grant per identity (never project-wide, never public).
 *
 * To sign URLs without a key file, the identity signs through IAM `signBlob` on itself:
 * give it `signsUrls` on its {@link CloudRunService}, {@link CloudRunJob} or
 * {@link CloudRunWorkerPool}.
 *
 * @example
 * ```typescript
 * import { AppBucket } from "prodstack/gcp";
 *
 * const media = new AppBucket("media", {
 *     bucketName: "acme-web-prod-media",
 *     location: "europe-west1",
 *     access: { api: { member: "serviceAccount:acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com", level: "readWrite" } },
 *     corsOrigins: ["https://app.example.com"],
 * });
 * export const mediaBucket = media.bucketName;
 * ```
 */
export class AppBucket extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:AppBucket";

    /** The bucket. */
    readonly bucket: gcp.storage.Bucket;
    /** The bucket's name. */
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: AppBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAppBucketArgs(name, args);
        super(AppBucket.TYPE, name, {}, opts);
        const cfg = { ...APP_BUCKET_DEFAULTS, ...definedOnly(args) };

        const lifecycleRules: gcp.types.input.storage.BucketLifecycleRule[] = [];
        if (cfg.versioning) {
            lifecycleRules.push({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: cfg.noncurrentVersionDays, withState: "ARCHIVED" } });
        }
        if (cfg.expireDays !== undefined) {
            lifecycleRules.push({ action: { type: "Delete" }, condition: { age: cfg.expireDays, withState: "LIVE" } });
        }

        this.bucket = new gcp.storage.Bucket(`${name}-bucket`, {
            name: cfg.bucketName,
            location: cfg.location,
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: cfg.versioning },
            lifecycleRules,
            ...(cfg.corsOrigins.length
                ? {
                    cors: [{
                        origins: cfg.corsOrigins,
                        methods: ["GET", "HEAD", "PUT", "POST"],
                        responseHeaders: ["Content-Type", "Content-MD5", "x-goog-resumable"],
                        maxAgeSeconds: 3600,
                    }],
                }
                : {}),
            ...(cfg.retentionDays !== undefined ? { retentionPolicy: { retentionPeriod: String(cfg.retentionDays * 86400), isLocked: false } } : {}),
            forceDestroy: cfg.forceDestroy,
            labels: cfg.labels,
        }, { parent: this });

        for (const key of Object.keys(cfg.access)) {
            const access = cfg.access[key];
            new gcp.storage.BucketIAMMember(`${name}-${slug(key)}-${access.level.toLowerCase()}`, {
                bucket: this.bucket.name,
                role: BUCKET_ACCESS_ROLES[access.level],
                member: access.member,
            }, { parent: this });
        }

        this.bucketName = this.bucket.name;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
