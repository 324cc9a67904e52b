import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, AWS_REGION, definedOnly } from "../core/internal";

/** Arguments of {@link Registry}. */
export interface RegistryArgs {
    /**
     * Namespace of the repositories, e.g. `acme-prod` (image `api` is pushed to repository
     * `acme-prod/api`).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the repositories, e.g. `eu-central-1`. Keep it in the region of the tasks
     * that pull: pulls stay regional and go through the VPC's endpoints. Checked when given
     * as a string.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Image names, one ECR repository each (ECR holds one image per repository), e.g.
     * `["api", "worker"]`.
     * @default none (required)
     */
    images: string[];
    /**
     * ARN of the customer-managed KMS key that encrypts the images. Set once: changing a
     * repository's encryption replaces it.
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Images beyond the this-many most recent of a repository expire (ECR lifecycle rules
     * have no "keep" action). Keep it above the number of builds between a deploy and the
     * oldest image you may roll back to.
     * @default 10
     */
    keepRecentImages?: number;
    /**
     * Untagged images (pushed by digest only, or left behind by a failed push) expire once
     * they are older than this many days. Every image `ContainerImage` pushes is tagged.
     * @default 14
     */
    deleteUntaggedAfterDays?: number;
    /**
     * Let `pulumi destroy` delete repositories that still hold images (non-prod). Off, a
     * repository with images refuses deletion.
     * @default false
     */
    forceDelete?: boolean;
    /**
     * `protect` on every repository (prod): Pulumi refuses to delete them.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link RegistryArgs}, in one place. */
export const REGISTRY_DEFAULTS = {
    keepRecentImages: 10,
    deleteUntaggedAfterDays: 14,
    forceDelete: false,
    deletionProtection: false,
} as const;

/** A repository path segment as ECR accepts it. */
const SEGMENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateRegistryArgs(name: string, args: RegistryArgs): void {
    const check = new ArgsChecker(Registry.TYPE, name);
    check.matches("namePrefix", args.namePrefix, SEGMENT, "lowercase letters and digits separated by \".\", \"_\" or \"-\", such as \"acme-prod\"");
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const images = args.images ?? [];
    check.check(Array.isArray(images) && images.length > 0 && new Set(images).size === images.length, "images", "at least one image name, each once", args.images);
    images.forEach((image, i) => {
        check.check(
            typeof image === "string" && SEGMENT.test(image) && `${args.namePrefix}/${image}`.length <= AWS_NAME_MAX.ecrRepository,
            `images[${i}]`,
            "an image name of lowercase letters and digits separated by \".\", \"_\" or \"-\", such as \"api\"",
            image,
        );
    });
    check.intInRange("keepRecentImages", args.keepRecentImages, 1, 1000);
    check.intInRange("deleteUntaggedAfterDays", args.deleteUntaggedAfterDays, 1, 3650);
    check.throwIfAny();
}

/** The ECR lifecycle policy: expire old untagged images first, then keep the most recent N of any. */
function lifecyclePolicy(keep: number, untaggedDays: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${untaggedDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
                action: { type: "expire" },
            },
            {
                // A tagStatus "any" rule must have the highest priority number (ECR lifecycle rules).
                rulePriority: 2,
                description: `Keep the ${keep} most recent images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    });
}

/**
 * ECR repositories for an environment's images, one per image: immutable tags (a tag once
 * pushed never points to another image), scan on push, encryption with a customer-managed
 * key, and a lifecycle policy that expires untagged images after `deleteUntaggedAfterDays`
 * and every image older than the `keepRecentImages` most recent. Services deploy by digest.
 *
 * ECS pulls with the task's execution role; the repositories need no resource policy for
 * pulls from their own account.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const registry = new aws.Registry("images", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     images: ["api", "worker"],
 *     kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     deletionProtection: true,
 * });
 * export const apiRepositoryUrl = registry.repositoryUrls["api"];
 * ```
 */
export class Registry extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Registry";

    /** Repository ARN of each image (for push grants). */
    readonly repositoryArns: Record<string, pulumi.Output<string>>;
    /** Repository URL of each image, `<account>.dkr.ecr.<region>.amazonaws.com/<namePrefix>/<image>`. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRegistryArgs(name, args);
        super(Registry.TYPE, name, {}, opts);
        const cfg = { ...REGISTRY_DEFAULTS, ...definedOnly(args) };
        const stateful: pulumi.CustomResourceOptions = { parent: this, ...(cfg.deletionProtection ? { protect: true } : {}) };
        this.repositoryArns = {};
        this.repositoryUrls = {};

        for (const image of cfg.images) {
            const repository = new aws.ecr.Repository(`${name}-${image}`, {
                region: cfg.region,
                name: `${cfg.namePrefix}/${image}`,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: cfg.kmsKeyArn }],
                forceDelete: cfg.forceDelete,
            }, stateful);
            new aws.ecr.LifecyclePolicy(`${name}-${image}`, {
                region: cfg.region,
                repository: repository.name,
                policy: lifecyclePolicy(cfg.keepRecentImages, cfg.deleteUntaggedAfterDays),
            }, { parent: this });
            this.repositoryArns[image] = repository.arn;
            this.repositoryUrls[image] = repository.repositoryUrl;
        }
        this.registerOutputs({ repositoryUrls: this.repositoryUrls });
    }
}
