/**
 * Types that `CloudRunServiceArgs` uses and other workloads share (secret env, build,
 * Direct VPC egress, ingress). Re-exported from service.ts, their public home.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Who can reach the service over the network.
 * - `internal`: only from inside the VPC / project (and Pub/Sub, Eventarc, …); IAM-checked.
 * - `internal-and-load-balancer`: internal plus Google Cloud load balancers; the way to
 *   publish a service behind the edge (external Application Load Balancer + serverless NEG).
 * - `all`: the `run.app` URL is reachable from the internet. Only when explicitly asked.
 */
export type ServiceIngress = "internal" | "internal-and-load-balancer" | "all";

/** Cloud Run's API values of {@link ServiceIngress}. */
export const INGRESS_VALUES: Record<ServiceIngress, string> = {
    internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
    "internal-and-load-balancer": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    all: "INGRESS_TRAFFIC_ALL",
};

/** A secret env var: where its value lives in Secret Manager. */
export interface SecretEnvVar {
    /**
     * Secret resource ID (`projects/…/secrets/…`) or secret ID in the service's project.
     * @default none (required)
     */
    secretId: pulumi.Input<string>;
    /**
     * Version to mount: a version number, or `latest`.
     * @default "latest"
     */
    version?: pulumi.Input<string>;
    /**
     * Stable short name of the secret (lowercase letters, digits, hyphens), used to name
     * its accessor grant; variables with the same key must read the same secret and share
     * one grant. Set it when `secretId` is computed: a grant whose name changes (e.g. after
     * renaming the variable) is recreated, and deleting the old one removes the very IAM
     * binding the new one shares, so the service silently loses access.
     * @default the secret ID when it is a string, else the variable name
     */
    key?: string;
}

/** Build a container image from a local context instead of deploying a pinned reference. */
export interface ServiceBuild {
    /**
     * Artifact Registry Docker repository URL to push to (e.g. `Registry.url`).
     * @default none (required)
     */
    repositoryUrl: pulumi.Input<string>;
    /**
     * Build context directory, relative to the Pulumi project directory.
     * @default none (required)
     */
    context: string;
    /**
     * Dockerfile path relative to the Pulumi project directory.
     * @default "<context>/Dockerfile"
     */
    dockerfile?: string;
    /**
     * Build arguments (`--build-arg`); never secrets: they end up in the image history.
     * @default {}
     */
    buildArgs?: Record<string, string>;
    /**
     * Tag pushed alongside the digest (the deployed reference is the digest).
     * @default "latest"
     */
    tag?: string;
}

/** Direct VPC egress: the instances get addresses in this subnet. */
export interface ServiceVpcAccess {
    /**
     * VPC network ID or name.
     * @default none (required)
     */
    network: pulumi.Input<string>;
    /**
     * Subnetwork ID or name, in the service's region; leave room for 2 addresses per instance.
     * @default none (required)
     */
    subnetwork: pulumi.Input<string>;
    /**
     * `private-ranges-only` sends only RFC 1918 traffic through the VPC; `all-traffic` sends
     * everything (then Cloud NAT is the internet path).
     * @default "private-ranges-only"
     */
    egress?: "private-ranges-only" | "all-traffic";
}

/** Execution environment of the revisions. */
export type ExecutionEnvironment = "gen1" | "gen2";
