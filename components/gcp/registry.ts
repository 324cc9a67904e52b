import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** Arguments of {@link Registry}. */
export interface RegistryArgs {
    /**
     * Region of the repository, e.g. `europe-west1`. Keep it in the region of the services
     * that pull from it: pulls stay regional and cost no egress. A plain string, not an
     * output: the component returns the registry `host` derived from it at construction.
     * @default none (required)
     */
    region: string;
    /**
     * Prefix of the repository ID, e.g. `acme-prod` (the repository is `acme-prod-images`).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Project of the repository; used to compute the image URL.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default the provider's project
     */
    project?: pulumi.Input<string>;
    /**
     * Cleanup keeps at least this many most recent versions of each image, tagged or not, so
     * recent images (including the ones being served and their rollback candidates) are
     * never deleted by the other policies.
     * @default 10
     */
    keepRecentVersions?: number;
    /**
     * Versions without a tag (the image a tag pointed to before the last push) are deleted
     * once they are older than this many days, unless kept by `keepRecentVersions`.
     * @default 14
     */
    deleteUntaggedAfterDays?: number;
    /**
     * Make tags immutable: once pushed, a tag can never point to another image. Only use with
     * a unique tag per build; the default build tag of `ContainerImage` moves.
     * @default false
     */
    immutableTags?: boolean;
    /**
     * Only report what the cleanup policies would delete (Cloud Logging), delete nothing.
     * @default false
     */
    cleanupDryRun?: boolean;
    /**
     * Labels of the repository (the provider's default labels are added by the provider).
     * @default {}
     */
    labels?: Record<string, string>;
}

/** Defaults of {@link RegistryArgs}, in one place. */
export const REGISTRY_DEFAULTS = {
    keepRecentVersions: 10,
    deleteUntaggedAfterDays: 14,
    immutableTags: false,
    cleanupDryRun: false,
    labels: {} as Record<string, string>,
} as const;

const SECONDS_PER_DAY = 86400;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateRegistryArgs(name: string, args: RegistryArgs): void {
    const check = new ArgsChecker(Registry.TYPE, name);
    check.matches("region", args.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,45}$/, "a prefix of up to 46 lowercase letters, digits or hyphens, starting with a letter");
    check.matchesIfGivenAndKnown("project", args.project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\"");
    check.intInRange("keepRecentVersions", args.keepRecentVersions, 1, 1000);
    check.intInRange("deleteUntaggedAfterDays", args.deleteUntaggedAfterDays, 1, 3650);
    check.throwIfAny();
}

/**
 * An Artifact Registry Docker repository for an environment's images, with cleanup
 * policies: the most recent `keepRecentVersions` versions of each image are always kept,
 * untagged versions older than `deleteUntaggedAfterDays` are deleted. Tags are mutable
 * unless `immutableTags` is set.
 *
 * Cloud Run pulls with its service agent, which can read repositories of its own project
 * without any grant; no service identity gets a reader role.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const registry = new gcp.Registry("images", { region: "europe-west1", namePrefix: "acme-prod", keepRecentVersions: 20 });
 * export const registryUrl = registry.url;
 * ```
 */
export class Registry extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Registry";

    /** The repository. */
    readonly repository: gcp.artifactregistry.Repository;
    /** Repository ID, e.g. `acme-prod-images`. */
    readonly repositoryId: string;
    /** Image URL prefix: `<region>-docker.pkg.dev/<project>/<repository>`; images are `<url>/<name>:<tag>`. */
    readonly url: pulumi.Output<string>;
    /** Registry host to authenticate a push against, e.g. `europe-west1-docker.pkg.dev`. */
    readonly host: string;

    constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRegistryArgs(name, args);
        super(Registry.TYPE, name, {}, opts);
        const cfg = { ...REGISTRY_DEFAULTS, ...definedOnly(args) };

        this.repositoryId = resourceName([cfg.namePrefix, "images"], 63);
        this.host = `${cfg.region}-docker.pkg.dev`;
        this.repository = new gcp.artifactregistry.Repository(`${name}-repo`, {
            ...(args.project ? { project: args.project } : {}),
            location: cfg.region,
            repositoryId: this.repositoryId,
            format: "DOCKER",
            mode: "STANDARD_REPOSITORY",
            description: `Container images of ${cfg.namePrefix} (managed by prodstack)`,
            dockerConfig: { immutableTags: cfg.immutableTags },
            cleanupPolicyDryRun: cfg.cleanupDryRun,
            cleanupPolicies: [
                {
                    id: "keep-recent",
                    action: "KEEP",
                    mostRecentVersions: { keepCount: cfg.keepRecentVersions },
                },
                {
                    id: "delete-untagged",
                    action: "DELETE",
                    condition: { tagState: "UNTAGGED", olderThan: `${cfg.deleteUntaggedAfterDays * SECONDS_PER_DAY}s` },
                },
            ],
            labels: cfg.labels,
        }, { parent: this });

        this.url = this.repository.registryUri;
        this.registerOutputs({ url: this.url, repositoryId: this.repositoryId });
    }
}
