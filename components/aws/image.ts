import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, checkBuildArgs, checkBuildContext, definedOnly, DOCKER_TAG, DOCKER_TAG_EXPECTED, dockerBuild, type ImageBuildArgs } from "../core/internal";

/** Arguments of {@link ContainerImage}. */
export interface ContainerImageArgs extends ImageBuildArgs {
    /**
     * ECR repository URL to push to, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`
     * (e.g. `Registry.repositoryUrls.api`). The account and region of the push credentials
     * are read from it.
     * @default none (required)
     */
    repositoryUrl: pulumi.Input<string>;
    /**
     * Tag of this build, unique per build (e.g. the commit SHA): repositories made by
     * `Registry` have immutable tags, so pushing an existing tag with new content fails.
     * `latest` is refused for that reason. Services deploy the digest, not the tag.
     * @default none (required)
     */
    tag: string;
    /**
     * Target platform. Fargate runs both; the service's `cpuArchitecture` must match
     * (`X86_64` for `linux/amd64`, `ARM64` for `linux/arm64`, cheaper per vCPU).
     * @default "linux/amd64"
     */
    platform?: "linux/amd64" | "linux/arm64";
}

/** Defaults of {@link ContainerImageArgs}, in one place. */
export const CONTAINER_IMAGE_DEFAULTS = {
    platform: "linux/amd64",
    buildArgs: {} as Record<string, string>,
} as const;

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>`: account, region, host. */
const ECR_URL = /^((\d{12})\.dkr\.ecr\.([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})\.amazonaws\.com(?:\.cn)?)\/[a-z0-9]+(?:[._/-][a-z0-9]+)*$/;

/** Throws if `args` are invalid; called before anything is registered. */
export function validateContainerImageArgs(name: string, args: ContainerImageArgs): void {
    const check = new ArgsChecker(ContainerImage.TYPE, name);
    check.matchesIfKnown("repositoryUrl", args.repositoryUrl, ECR_URL, "an ECR repository URL such as \"123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api\"");
    checkBuildContext(check, args.context);
    if (check.check(typeof args.tag === "string" && DOCKER_TAG.test(args.tag), "tag", DOCKER_TAG_EXPECTED, args.tag)) {
        check.check(args.tag !== "latest", "tag", "a tag unique to this build such as the commit SHA (ECR tags are immutable)", args.tag);
    }
    check.oneOf("platform", args.platform, ["linux/amd64", "linux/arm64"]);
    checkBuildArgs(check, args.buildArgs);
    check.throwIfAny();
}

/** The parts of a repository URL the push needs; unknown parts stay unset (the provider's defaults). */
function parseRepositoryUrl(url: string): { host: string; account?: string; region?: string } {
    const m = ECR_URL.exec(url);
    return m ? { host: m[1], account: m[2], region: m[3] } : { host: url.split("/")[0] };
}

/**
 * Builds a container image from a local context with the Docker engine and pushes it to an
 * ECR repository. Consumers deploy {@link digestRef}, the exact pushed digest
 * (`…/name@sha256:…`), never the tag.
 *
 * The push authenticates with a 12-hour ECR authorization token of the identity the `aws`
 * provider runs as (`ecr:GetAuthorizationToken`, for the repository's account and region), so
 * `pulumi up` needs no `aws ecr get-login-password | docker login`; that identity needs
 * `ecr:BatchCheckLayerAvailability`, `ecr:InitiateLayerUpload`, `ecr:UploadLayerPart`,
 * `ecr:CompleteLayerUpload` and `ecr:PutImage` on the repository, and `kms:GenerateDataKey`
 * on its key. A Docker engine must be reachable where `pulumi up` runs; `pulumi preview`
 * does not build (the digest is unknown until the push).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const image = new aws.ContainerImage("api", {
 *     repositoryUrl: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api",
 *     context: "services/api",
 *     tag: "3f2a9c1",
 * });
 * export const deployed = image.digestRef;
 * ```
 */
export class ContainerImage extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:ContainerImage";

    /** The build-and-push resource. */
    readonly image: docker.Image;
    /** The tagged name that was pushed, `<repositoryUrl>:<tag>`. */
    readonly taggedName: pulumi.Output<string>;
    /** The pushed image by digest, `<repositoryUrl>@sha256:…`: what to deploy. */
    readonly digestRef: pulumi.Output<string>;

    constructor(name: string, args: ContainerImageArgs, opts?: pulumi.ComponentResourceOptions) {
        validateContainerImageArgs(name, args);
        super(ContainerImage.TYPE, name, {}, opts);
        const cfg = { ...CONTAINER_IMAGE_DEFAULTS, ...definedOnly(args) };

        const repositoryUrl = pulumi.output(args.repositoryUrl);
        const parts = repositoryUrl.apply(parseRepositoryUrl);
        this.taggedName = pulumi.interpolate`${repositoryUrl}:${cfg.tag}`;
        const token = aws.ecr.getAuthorizationTokenOutput({
            registryId: parts.apply((p) => p.account),
            region: parts.apply((p) => p.region),
        }, { parent: this });

        this.image = new docker.Image(`${name}-image`, {
            imageName: this.taggedName,
            build: dockerBuild(cfg, cfg.platform),
            registry: {
                server: parts.apply((p) => p.host),
                username: token.userName,
                password: pulumi.secret(token.password),
            },
            skipPush: false,
        }, { parent: this });

        this.digestRef = this.image.repoDigest;
        this.registerOutputs({ taggedName: this.taggedName, digestRef: this.digestRef });
    }
}
