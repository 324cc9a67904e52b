/**
 * How a container image is built: the part of `ContainerImage` that is the same on every
 * cloud (only the registry and its credentials differ).
 */
import * as path from "path";
import type { ArgsChecker } from "./errors";

/** Build inputs of a `ContainerImage` (GCP and AWS alike). */
export interface ImageBuildArgs {
    /**
     * Build context directory, relative to the Pulumi project directory.
     * @default none (required)
     */
    context: string;
    /**
     * Dockerfile path, relative to the Pulumi project directory (as `docker build -f`).
     * @default "<context>/Dockerfile"
     */
    dockerfile?: string;
    /**
     * Build arguments (`--build-arg`). Not for secrets: build args end up in the image history.
     * @default {}
     */
    buildArgs?: Record<string, string>;
}

/** A Docker tag: up to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`. */
export const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** How {@link DOCKER_TAG} reads in an error message. */
export const DOCKER_TAG_EXPECTED = 'a Docker tag of up to 128 letters, digits, "_", "." or "-"';

/**
 * An image reference a deploy can trust to mean one image: `host/repo/name:tag` with a tag
 * other than `latest`, or `host/repo/name@sha256:<digest>`.
 */
export const PINNED_IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** Records a problem when the context is empty. */
export function checkBuildContext(check: ArgsChecker, context: unknown): void {
    check.check(typeof context === "string" && context.trim().length > 0, "context", "a build context directory", context);
}

/** Records a problem for each build argument whose name Docker would refuse. */
export function checkBuildArgs(check: ArgsChecker, buildArgs: Record<string, string> | undefined): void {
    for (const key of Object.keys(buildArgs ?? {})) {
        check.matches(`buildArgs.${key}`, key, /^[A-Za-z_][A-Za-z0-9_]*$/, "a build argument name of letters, digits and underscores");
    }
}

/** The `build` input of a `docker.Image`, the Dockerfile defaulting to the context's. */
export function dockerBuild(args: ImageBuildArgs, platform: string): { context: string; dockerfile: string; platform: string; args: Record<string, string> } {
    return {
        context: args.context,
        dockerfile: args.dockerfile ?? path.posix.join(args.context, "Dockerfile"),
        platform,
        args: args.buildArgs ?? {},
    };
}
