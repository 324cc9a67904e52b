import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** Archive settings of {@link LogRetentionArgs.archive}. */
export interface LogArchiveArgs {
    /**
     * Location of the archive bucket: a region (`europe-west1`), a multi-region (`EU`) or a
     * predefined dual-region (`EUR4`).
     * @default none (required)
     */
    location: string;
    /**
     * Days archived objects must be kept and are then deleted (bucket retention policy +
     * lifecycle rule). Objects cannot be deleted or overwritten before.
     * @default 365
     */
    retentionDays?: number;
    /**
     * Storage class of the bucket; logs are written once and rarely read.
     * @default "COLDLINE"
     */
    storageClass?: "STANDARD" | "NEARLINE" | "COLDLINE" | "ARCHIVE";
    /**
     * Logging query selecting what to archive; empty archives everything the project logs.
     * @default ""
     */
    filter?: string;
}

/** Arguments of {@link LogRetention}. */
export interface LogRetentionArgs {
    /**
     * Project whose `_Default` log bucket is configured (and that owns the archive). A plain
     * string, not an output: the archive bucket is named after it, so it must be known up front.
     * @default none (required)
     */
    project: string;
    /**
     * Prefix of the archive bucket and sink names, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Days Cloud Logging keeps entries of the `_Default` bucket (1-3650). More than 30 days
     * is billed as log storage.
     * @default 30
     */
    retentionDays?: number;
    /**
     * Also export logs to a Cloud Storage bucket for long-term, cheap retention.
     * @default none (no archive)
     */
    archive?: LogArchiveArgs;
    /**
     * Protect the archive bucket from `pulumi destroy` (set in prod by `infra/`).
     * @default false
     */
    protectArchive?: boolean;
}

/** Defaults of {@link LogRetentionArgs} and {@link LogArchiveArgs}. */
export const LOG_RETENTION_DEFAULTS = {
    retentionDays: 30,
    protectArchive: false,
    archive: { retentionDays: 365, storageClass: "COLDLINE" as const, filter: "" },
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateLogRetentionArgs(name: string, args: LogRetentionArgs): void {
    const check = new ArgsChecker(LogRetention.TYPE, name);
    check.matches("project", args.project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\"");
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.intInRange("retentionDays", args.retentionDays, 1, 3650);
    if (args.archive) {
        // The bucket components' pattern: Google writes multi- and dual-regions upper case (`EU`, `EUR4`).
        check.matches("archive.location", args.archive.location, /^([a-z]+-[a-z]+\d+|[A-Za-z]{2,4}\d?)$/, "a region such as \"europe-west1\" or a multi-region such as \"EU\"");
        check.intInRange("archive.retentionDays", args.archive.retentionDays, 1, 36500);
        check.oneOf("archive.storageClass", args.archive.storageClass, ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"] as const);
    }
    check.throwIfAny();
}

/**
 * Log retention of one project: how long the `_Default` log bucket keeps entries, and
 * optionally a sink exporting logs to a private Cloud Storage archive bucket (uniform
 * access, public access prevented, retention policy, lifecycle deletion). The sink gets
 * its own writer identity, allowed only to create objects in that bucket.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * export const logs = new gcp.LogRetention("logs", {
 *     project: "acme-web-prod",
 *     namePrefix: "acme-prod",
 *     retentionDays: 365,
 *     archive: { location: "EU" },
 * });
 * ```
 */
export class LogRetention extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:LogRetention";

    /** The `_Default` bucket configuration. */
    readonly defaultBucket: gcp.logging.ProjectBucketConfig;
    /** The archive bucket, when archiving. */
    readonly archiveBucket?: gcp.storage.Bucket;
    /** The archive sink, when archiving. */
    readonly sink?: gcp.logging.ProjectSink;

    constructor(name: string, args: LogRetentionArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLogRetentionArgs(name, args);
        super(LogRetention.TYPE, name, {}, opts);
        const cfg = { ...LOG_RETENTION_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };

        // The _Default bucket always exists; this adopts it and sets its retention. Deleting
        // this resource leaves the bucket (and its current retention) in place.
        this.defaultBucket = new gcp.logging.ProjectBucketConfig(`${name}-default`, {
            project: cfg.project,
            location: "global",
            bucketId: "_Default",
            retentionDays: cfg.retentionDays,
        }, parent);

        if (args.archive) {
            const archive = { ...LOG_RETENTION_DEFAULTS.archive, ...definedOnly(args.archive) };
            // Bucket names are global: the project ID keeps them unique.
            this.archiveBucket = new gcp.storage.Bucket(`${name}-archive`, {
                name: resourceName([cfg.project, "log-archive"], 63),
                project: cfg.project,
                location: archive.location,
                storageClass: archive.storageClass,
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                retentionPolicy: { retentionPeriod: String(archive.retentionDays * 86400) },
                lifecycleRules: [{ action: { type: "Delete" }, condition: { age: archive.retentionDays } }],
                forceDestroy: false,
            }, { ...parent, protect: cfg.protectArchive });

            this.sink = new gcp.logging.ProjectSink(`${name}-archive`, {
                name: resourceName([cfg.namePrefix, "log-archive"], 100),
                project: cfg.project,
                destination: pulumi.interpolate`storage.googleapis.com/${this.archiveBucket.name}`,
                filter: archive.filter,
                uniqueWriterIdentity: true,
                description: `Archive of ${cfg.namePrefix} logs (managed by prodstack)`,
            }, parent);

            new gcp.storage.BucketIAMMember(`${name}-archive-writer`, {
                bucket: this.archiveBucket.name,
                role: "roles/storage.objectCreator",
                member: this.sink.writerIdentity,
            }, parent);
        }

        this.registerOutputs({
            retentionDays: cfg.retentionDays,
            ...(this.archiveBucket ? { archiveBucket: this.archiveBucket.name } : {}),
        });
    }
}
