import * as docker from "@pulumi/docker";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, checkBuildArgs, checkBuildContext, definedOnly, DOCKER_TAG, DOCKER_TAG_EXPECTED, dockerBuild, type ImageBuildArgs } from "../core/internal";

/** Arguments of {@link ContainerImage}. */
export interface ContainerImageArgs extends ImageBuildArgs {
    /**
     * Artifact Registry Docker repository URL to push to,
     * `<region>-docker.pkg.dev/<project>/<repository>` (e.g. `Registry.url`).
     * @default none (required)
     */
    repositoryUrl: pulumi.Input<string>;
    /**
     * Image name inside the repository, e.g. `api`.
     * @default none (required)
     */
    imageName: string;
    /**
     * Tag the pushed image gets. The deployed reference is always the pushed digest, so the
     * tag only names the latest build; it moves on every push, which is what lets the
     * registry's "delete untagged" policy prune superseded builds. Use a unique tag (e.g.
     * a commit SHA) if the repository has immutable tags.
     * @default "latest"
     */
    tag?: string;
    /**
     * Target platform. Cloud Run runs `linux/amd64` images only.
     * @default "linux/amd64"
     */
    platform?: string;
}

/** Defaults of {@link ContainerImageArgs}, in one place. */
export const CONTAINER_IMAGE_DEFAULTS = {
    tag: "latest",
    platform: "linux/amd64",
    buildArgs: {} as Record<string, string>,
} as const;

const REGISTRY_HOST = /^([a-z0-9-]+-docker\.pkg\.dev)\/[^/]+\/[^/]+$/;

/** Throws if `args` are invalid; called before anything is registered. */
export function validateContainerImageArgs(name: string, args: ContainerImageArgs): void {
    const check = new ArgsChecker(ContainerImage.TYPE, name);
    if (typeof args.repositoryUrl === "string") {
        check.matches("repositoryUrl", args.repositoryUrl, REGISTRY_HOST, "an Artifact Registry URL such as \"europe-west1-docker.pkg.dev/acme-prod/acme-prod-images\"");
    }
    check.matches("imageName", args.imageName, /^[a-z0-9]+([._-][a-z0-9]+)*$/, "an image name of lowercase letters, digits and separators such as \"api\"");
    checkBuildContext(check, args.context);
    check.matchesIfGiven("tag", args.tag, DOCKER_TAG, DOCKER_TAG_EXPECTED);
    check.oneOf("platform", args.platform, ["linux/amd64"]);
    checkBuildArgs(check, args.buildArgs);
    check.throwIfAny();
}

/**
 * Builds a container image from a local context with the Docker engine and pushes it to
 * an Artifact Registry repository. Consumers deploy {@link digestRef}, the exact pushed
 * digest (`…/name@sha256:…`), never the mutable tag.
 *
 * The push authenticates with a short-lived OAuth access token of the identity the `gcp`
 * provider runs as (user `oauth2accesstoken`), so `pulumi up` needs no
 * `gcloud auth configure-docker`; that identity needs `roles/artifactregistry.writer` on
 * the repository. A Docker engine must be reachable where `pulumi up` runs; `pulumi
 * preview` does not build (the digest is unknown until the push).
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const registry = new gcp.Registry("images", { region: "europe-west1", namePrefix: "acme-prod" });
 * const image = new gcp.ContainerImage("api", { repositoryUrl: registry.url, imageName: "api", context: "./api" });
 * export const imageRef = image.digestRef; // deploy the digest, not the moving tag
 * ```
 */
export class ContainerImage extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:ContainerImage";

    /** The build-and-push resource. */
    readonly image: docker.Image;
    /** The tagged name that was pushed, `<repositoryUrl>/<imageName>:<tag>`. */
    readonly taggedName: pulumi.Output<string>;
    /** The pushed image by digest, `<repositoryUrl>/<imageName>@sha256:…`: what to deploy. */
    readonly digestRef: pulumi.Output<string>;

    constructor(name: string, args: ContainerImageArgs, opts?: pulumi.ComponentResourceOptions) {
        validateContainerImageArgs(name, args);
        super(ContainerImage.TYPE, name, {}, opts);
        const cfg = { ...CONTAINER_IMAGE_DEFAULTS, ...definedOnly(args) };

        const repositoryUrl = pulumi.output(args.repositoryUrl);
        this.taggedName = pulumi.interpolate`${repositoryUrl}/${cfg.imageName}:${cfg.tag}`;
        const token = gcp.organizations.getClientConfigOutput({ parent: this });

        this.image = new docker.Image(`${name}-image`, {
            imageName: this.taggedName,
            build: dockerBuild(cfg, cfg.platform),
            registry: {
                server: repositoryUrl.apply((url) => url.split("/")[0]),
                username: "oauth2accesstoken",
                password: pulumi.secret(token.accessToken),
            },
            skipPush: false,
        }, { parent: this });

        this.digestRef = this.image.repoDigest;
        this.registerOutputs({ taggedName: this.taggedName, digestRef: this.digestRef });
    }
}
