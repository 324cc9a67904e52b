import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { definedOnly, resourceName, slug } from "../core/internal";
import type { ContainerImage } from "./image";
import type { SecretFile } from "./secret-files";
import { INGRESS_VALUES, type ExecutionEnvironment, type SecretEnvVar, type ServiceBuild, type ServiceIngress, type ServiceVpcAccess } from "./service-types";
import { CLOUD_RUN_SERVICE_DEFAULTS, validateCloudRunServiceArgs } from "./service-validation";
import {
    BASE_SERVICE_ROLES,
    commandOf,
    containerEnvs,
    cpuLimit,
    createWorkloadIdentity,
    secretFilesOf,
    memoryBoundsMiB,
    vpcAccessOf,
    workloadAccountId,
    workloadImage,
} from "./workload";

export { BASE_SERVICE_ROLES, cpuLimit, memoryBoundsMiB };
export type { SecretFile } from "./secret-files";
export type { ExecutionEnvironment, SecretEnvVar, ServiceBuild, ServiceIngress, ServiceVpcAccess } from "./service-types";
export { INGRESS_VALUES } from "./service-types";
export { CLOUD_RUN_SERVICE_DEFAULTS, RESERVED_ENV_NAMES, validateCloudRunServiceArgs } from "./service-validation";

/** Arguments of {@link CloudRunService}. */
export interface CloudRunServiceArgs {
    /**
     * Project the service runs in; its identity's project-level roles are granted here.
     * An output (`gcp.config.project`, another stack's output) is checked by the cloud.
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * Region of the service, e.g. `europe-west1`. An output is checked by the cloud.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Prefix of every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the service, e.g. `api` (the Cloud Run service is `<namePrefix>-api`).
     * @default none (required)
     */
    serviceName: string;
    /**
     * Pinned image reference: `repo/name:tag` (not `latest`) or `repo/name@sha256:<digest>`.
     * Exactly one of `image` and `build`.
     * @default none (one of image or build is required)
     */
    image?: pulumi.Input<string>;
    /**
     * Build context to build and push with Docker; the service deploys the pushed digest.
     * Exactly one of `image` and `build`.
     * @default none (one of image or build is required)
     */
    build?: ServiceBuild;
    /**
     * Overrides the image's entrypoint (ENTRYPOINT), as an argv list: no shell.
     * @default the image's entrypoint
     */
    command?: string[];
    /**
     * Overrides the image's arguments (CMD), as an argv list.
     * @default the image's arguments
     */
    args?: string[];
    /**
     * Port the container listens on (Cloud Run sets `PORT` to it).
     * @default 8080
     */
    port?: number;
    /**
     * vCPU per instance: 1, 2, 4, 6 or 8; or a fraction from 0.08 to below 1 (steps of
     * 0.001), which Cloud Run only allows with concurrency 1, request-based billing and the
     * first-generation execution environment.
     * @default 1
     */
    cpu?: number;
    /**
     * Memory per instance in MiB. Cloud Run bounds it by vCPU: below 0.5 vCPU up to 512,
     * below 1 up to 1024, 1 up to 4096, 2 up to 8192, 4 from 2048 to 16384, 6 from 4096 to
     * 24576, 8 from 4096 to 32768; at least 512 in the second generation (128 in the first).
     * @default 512
     */
    memoryMiB?: number;
    /**
     * Instances kept warm (0 lets the service scale to zero).
     * @default 0
     */
    minInstances?: number;
    /**
     * Upper bound of instances (also bounds the subnet addresses Direct VPC egress uses, 2 per instance).
     * @default 10
     */
    maxInstances?: number;
    /**
     * Maximum concurrent requests per instance, 1 to 1000.
     * @default 80
     */
    concurrency?: number;
    /**
     * Request timeout in seconds, 1 to 3600.
     * @default 300
     */
    timeoutSeconds?: number;
    /**
     * Give instances extra CPU while they start, to cut cold-start latency.
     * @default true
     */
    startupCpuBoost?: boolean;
    /**
     * Instance-based billing: CPU stays allocated outside requests (background work). Off
     * means request-based billing (CPU only during requests).
     * @default false
     */
    cpuAlwaysAllocated?: boolean;
    /**
     * Execution environment. The second generation has full Linux compatibility and faster
     * CPU and network; the first is only needed for fractional vCPU.
     * @default "gen2"
     */
    executionEnvironment?: ExecutionEnvironment;
    /**
     * HTTP path of the startup and liveness probes; must answer 2xx/3xx once the app is ready.
     * Startup allows 4 minutes (Direct VPC egress can delay first connections by a minute or more).
     * @default "/healthz"
     */
    healthPath?: string;
    /**
     * Plain environment variables. Never put secret values here: use `secretEnv`.
     * @default {}
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secret Manager versions. The service's identity gets
     * `roles/secretmanager.secretAccessor` on exactly these secrets, nothing project-wide.
     * @default {}
     */
    secretEnv?: Record<string, SecretEnvVar>;
    /**
     * Files read from Secret Manager versions, by absolute path inside the container (e.g.
     * `/etc/prodstack/database/server-ca.pem`: CA bundles for clients that want a file). Each
     * directory becomes a read-only secret volume of one secret (it hides what the image has
     * there), so files of different secrets need different directories; not under `/dev`,
     * `/proc` or `/sys`. The identity gets `secretAccessor` on these secrets only.
     * @default {}
     */
    secretFiles?: Record<string, SecretFile>;
    /**
     * Extra project-level roles of the service's identity (e.g. `roles/cloudsql.client`).
     * Log and metric writer are always granted. Basic roles, Secret Manager roles (grant
     * per secret through `secretEnv`) and IAM roles are refused.
     * @default []
     */
    projectRoles?: string[];
    /**
     * Network ingress. Publish behind the edge with `internal-and-load-balancer`; `all` only
     * when the `run.app` URL itself must be public.
     * @default "internal"
     */
    ingress?: ServiceIngress;
    /**
     * Serve unauthenticated requests by disabling Cloud Run's invoker IAM check
     * (`invokerIamDisabled`), rather than binding `allUsers`: it works under the Domain
     * Restricted Sharing org policy and leaves no public IAM binding. An external load
     * balancer does not authenticate its requests, so a service behind it needs this.
     * @default true when ingress is "internal-and-load-balancer" or "all", false for "internal"
     */
    allowUnauthenticated?: boolean;
    /**
     * IAM members (`serviceAccount:…`, `group:…`, …) granted `roles/run.invoker` on this
     * service only, for IAM-checked callers. `allUsers` / `allAuthenticatedUsers` are refused:
     * use `allowUnauthenticated`.
     * @default []
     */
    invokers?: string[];
    /**
     * Direct VPC egress on a subnet, to reach private IPs (Cloud SQL, Memorystore).
     * @default none (no VPC access)
     */
    vpc?: ServiceVpcAccess;
    /**
     * Let the service's identity create tokens for itself (`roles/iam.serviceAccountTokenCreator`
     * on its own account, nobody else's), so it can sign Cloud Storage URLs without a key file.
     * @default false
     */
    signsUrls?: boolean;
    /**
     * Resources a new revision waits for, e.g. the `job` of a {@link CloudRunJob} that runs
     * database migrations on deploy: the rollout starts only once they are done.
     * @default []
     */
    deployAfter?: pulumi.Resource[];
    /**
     * Refuse to delete the service through Pulumi/Terraform (set in prod by `infra/`).
     * @default false
     */
    deletionProtection?: boolean;
    /**
     * Labels of the service, its revisions (and the image build); `service: <serviceName>` is added.
     * @default {}
     */
    labels?: Record<string, string>;
}

/**
 * One Cloud Run (v2) service with its own identity and nothing more than it needs.
 *
 * - **Identity**: a dedicated service account (never the default compute account) with log
 *   and metric writer, any extra project roles asked for (e.g. Cloud SQL client), and
 *   `secretAccessor` on exactly the secrets it mounts, granted per secret.
 * - **Ingress**: internal, internal + load balancers (behind the edge), or all; unauthenticated
 *   requests are served by disabling the invoker IAM check, never by an `allUsers` binding.
 * - **Runtime**: second-generation execution environment, CPU/memory/concurrency/timeout
 *   validated against Cloud Run's limits, startup CPU boost, HTTP startup and liveness
 *   probes, secret env from Secret Manager versions, Direct VPC egress.
 * - **Image**: a pinned reference, or a build context built and pushed by a
 *   {@link ContainerImage} child whose pushed digest is what the service deploys.
 *
 * The service depends on its IAM grants, so a new revision never starts before its identity
 * can read its secrets.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const config = new pulumi.Config("gcp");
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const api = new gcp.CloudRunService("api", {
 *     project: config.require("project"),
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     serviceName: "api",
 *     image: "europe-docker.pkg.dev/acme-shared/apps/api:1.4.2",
 *     minInstances: 2,
 *     maxInstances: 50,
 *     env: { LOG_LEVEL: "info" },
 *     vpc: { network: network.networkId, subnetwork: network.subnetworkId },
 * });
 * export const apiUrl = api.uri;
 * ```
 */
export class CloudRunService extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:CloudRunService";

    /** The Cloud Run service. */
    readonly service: gcp.cloudrunv2.Service;
    /** The service's own identity. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** The image build, when the service was given a build context. */
    readonly image?: ContainerImage;
    /** Cloud Run service name, e.g. `acme-prod-api`. */
    readonly serviceName: pulumi.Output<string>;
    /** The `run.app` URL (reachable only as ingress allows). */
    readonly uri: pulumi.Output<string>;
    /** The identity's email. */
    readonly serviceAccountEmail: pulumi.Output<string>;
    /** The image reference deployed (the pushed digest for builds). */
    readonly imageRef: pulumi.Output<string>;

    constructor(name: string, args: CloudRunServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCloudRunServiceArgs(CloudRunService.TYPE, name, args);
        super(CloudRunService.TYPE, name, {}, opts);
        const cfg = { ...CLOUD_RUN_SERVICE_DEFAULTS, ...definedOnly(args) };
        const labels = { ...cfg.labels, service: cfg.serviceName };
        const allowUnauthenticated = cfg.allowUnauthenticated ?? cfg.ingress !== "internal";

        const identity = createWorkloadIdentity(this, name, {
            project: cfg.project,
            accountId: workloadAccountId(cfg.namePrefix, cfg.serviceName, "run"),
            displayName: `Cloud Run ${cfg.namePrefix}-${cfg.serviceName}`,
            description: `Identity of Cloud Run service ${cfg.namePrefix}-${cfg.serviceName} (managed by prodstack)`,
            projectRoles: cfg.projectRoles,
            secretEnv: cfg.secretEnv,
            secretFiles: cfg.secretFiles,
            signsUrls: cfg.signsUrls,
        });
        this.serviceAccount = identity.account;
        const grants = identity.grants;
        const { image, imageRef } = workloadImage(this, name, cfg.serviceName, cfg);
        this.image = image;
        this.imageRef = imageRef;

        const envs = containerEnvs(cfg.env, cfg.secretEnv);

        const probe = { httpGet: { path: cfg.healthPath, port: cfg.port } };
        this.service = new gcp.cloudrunv2.Service(`${name}-service`, {
            project: cfg.project,
            location: cfg.region,
            name: resourceName([cfg.namePrefix, cfg.serviceName], 49),
            description: `${cfg.serviceName} of ${cfg.namePrefix} (managed by prodstack)`,
            ingress: INGRESS_VALUES[cfg.ingress],
            invokerIamDisabled: allowUnauthenticated,
            deletionProtection: cfg.deletionProtection,
            labels,
            template: {
                labels,
                serviceAccount: this.serviceAccount.email,
                executionEnvironment: cfg.executionEnvironment === "gen2" ? "EXECUTION_ENVIRONMENT_GEN2" : "EXECUTION_ENVIRONMENT_GEN1",
                maxInstanceRequestConcurrency: cfg.concurrency,
                timeout: `${cfg.timeoutSeconds}s`,
                scaling: { minInstanceCount: cfg.minInstances, maxInstanceCount: cfg.maxInstances },
                ...vpcAccessOf(cfg.vpc),
                ...secretFilesOf(cfg.secretFiles).template,
                containers: [{
                    name: "app",
                    image: this.imageRef,
                    ...commandOf(cfg),
                    ...secretFilesOf(cfg.secretFiles).container,
                    ports: { name: "http1", containerPort: cfg.port },
                    resources: {
                        limits: { cpu: cpuLimit(cfg.cpu), memory: `${cfg.memoryMiB}Mi` },
                        cpuIdle: !cfg.cpuAlwaysAllocated,
                        startupCpuBoost: cfg.startupCpuBoost,
                    },
                    envs,
                    // Direct VPC egress may take a minute or more to connect on instance start:
                    // give startup up to 4 minutes (24 × 10 s) before the instance is replaced.
                    startupProbe: { ...probe, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 24 },
                    livenessProbe: { ...probe, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
                }],
            },
            traffics: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
        }, { parent: this, dependsOn: [...grants, ...cfg.deployAfter] });

        // Named after the member, not its position: reordering the list must not replace a
        // binding (the replacement's delete would remove the binding another entry shares).
        // The alias adopts a binding created under the former positional name, in place.
        cfg.invokers.forEach((invoker, i) => {
            new gcp.cloudrunv2.ServiceIamMember(`${name}-invoker-${slug(invoker)}`, {
                project: cfg.project,
                location: cfg.region,
                name: this.service.name,
                role: "roles/run.invoker",
                member: invoker,
            }, { parent: this, aliases: [{ name: `${name}-invoker-${i}` }] });
        });

        this.serviceName = this.service.name;
        this.uri = this.service.uri;
        this.serviceAccountEmail = this.serviceAccount.email;
        this.registerOutputs({
            serviceName: this.serviceName,
            uri: this.uri,
            serviceAccountEmail: this.serviceAccountEmail,
            imageRef: this.imageRef,
        });
    }
}
