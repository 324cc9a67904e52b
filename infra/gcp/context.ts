/**
 * Contracts between the concerns of the GCP composition. Each concern module
 * (data, compute, edge, observability) takes the context plus the results of the
 * concerns before it, and returns its own result and stack outputs.
 */
import type * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { Network } from "../../components/gcp/network";
import type { EnvironmentSpec, RouteSpec } from "../config";
import type { UptimeProbe } from "../edge-probes";

/** What every concern receives. */
export interface GcpContext {
    spec: EnvironmentSpec;
    /** Stack name, e.g. `staging`. */
    stack: string;
    /** GCP project ID. */
    project: string;
    /** Labels of the environment (also set as the provider's default labels). */
    labels: Record<string, string>;
    /** The provider all resources use; it waits for the project's APIs. */
    provider: gcp.Provider;
    /** Options to pass to every top-level component (`providers: [provider]`). */
    opts: pulumi.ComponentResourceOptions;
    network: Network;
}

/** A secret env var: where the value lives in Secret Manager. */
export interface SecretEnvRef {
    /** The secret's resource ID (`projects/…/secrets/…`), used for IAM and the env var. */
    secretId: pulumi.Input<string>;
    /** Version to mount; pin a number for reproducible deploys. */
    version: pulumi.Input<string>;
    /** Stable short name of the secret, naming the workload's accessor grant. */
    key?: string;
}

/**
 * What a workload needs to use a backing store: env, secret env, secret files and roles.
 * Any workload that uses the store (services, and jobs and workers alike) gets all of it.
 */
export interface Binding {
    env: Record<string, pulumi.Input<string>>;
    secretEnv: Record<string, SecretEnvRef>;
    /** Files from Secret Manager by absolute path (CA bundles for clients that want a file). */
    files: Record<string, SecretEnvRef>;
    /** Project-level roles the service's identity needs (e.g. `roles/cloudsql.client`). */
    projectRoles: string[];
}

/** The primary database as its restore drill needs it. */
export interface PrimaryDatabase {
    instanceName: pulumi.Output<string>;
    databaseName: pulumi.Output<string>;
    user: pulumi.Output<string>;
    passwordSecret: SecretEnvRef;
}

/** Result of the data concern (Cloud SQL, Memorystore). */
export interface DataResult {
    /** The primary Cloud SQL instance, when there is a database. */
    primary?: PrimaryDatabase;
    /** Binding for services with `usesDatabase: true`, when there is a database. */
    database?: Binding;
    /** Binding for services with `usesCache: true`, when there is a cache. */
    cache?: Binding;
    /** Cloud SQL instances to watch: `databaseId` is the `project:instance` metric label. */
    databases: Array<{ name: string; databaseId: pulumi.Output<string> }>;
    /** Memorystore instances to watch: `instanceId` is the `projects/…/instances/…` metric label. */
    caches: Array<{ name: string; instanceId: pulumi.Output<string> }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** One deployed service, as the edge and observability concerns see it. */
export interface DeployedService {
    /** Spec name, e.g. `api`. */
    name: string;
    /** Cloud Run service name. */
    serviceName: pulumi.Output<string>;
    /** Region the service runs in. */
    region: string;
    /** Public routes through the edge (none: internal only). */
    routes: RouteSpec[];
    healthPath: string;
    /** The spec's uptime settings of the service's public route (the edge resolves them). */
    uptime?: EnvironmentSpec["services"][number]["uptime"];
    minInstances: number;
    maxInstances: number;
}


export type { UptimeProbe };

/** Result of the compute concern (registry, images, Cloud Run, application buckets). */
export interface ComputeResult {
    /** Web services (workers are in `workers`). */
    services: DeployedService[];
    /** Cloud Run jobs: spec name and job name, for the failed-execution alerts. */
    jobs: Array<{ name: string; jobName: pulumi.Output<string> }>;
    /** Worker pools: spec name and pool name, for the crash-loop alerts. */
    workers: Array<{ name: string; workerPoolName: pulumi.Output<string> }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** Result of the edge concern (load balancer, certificates, CDN, Cloud Armor, DNS). */
export interface EdgeResult {
    /** Public endpoints served by the edge and what their uptime checks probe (disabled ones included). */
    publicEndpoints: Array<{ host: string; probe: UptimeProbe; kind: "service" | "site" }>;
    /** Cloud Armor security policy names, for the WAF-denials alert. */
    securityPolicies: pulumi.Output<string>[];
    /** Managed certificate names, for the expiry alert. */
    certificates: pulumi.Output<string>[];
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** Result of the observability concern. */
export interface ObservabilityResult {
    outputs: Record<string, pulumi.Input<unknown>>;
}
