import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core";
import type { ContainerImage } from "./image";
import type { SecretEnvVar, ServiceBuild, ServiceVpcAccess } from "./service";
import {
    checkWholeCpuMemory,
    checkWorkloadArgs,
    commandOf,
    containerEnvs,
    cpuLimit,
    createWorkloadIdentity,
    vpcAccessOf,
    workloadAccountId,
    workloadImage,
} from "./workload";

/** Arguments of {@link CloudRunWorkerPool}. */
export interface CloudRunWorkerPoolArgs {
    /**
     * Project the worker pool runs in; its identity's project-level roles are granted here.
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * Region of the worker pool, e.g. `europe-west1`. Plain string: validated.
     * @default none (required)
     */
    region: string;
    /**
     * Prefix of every resource name, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the worker, e.g. `worker` (the worker pool is `<namePrefix>-worker`).
     * @default none (required)
     */
    workerName: string;
    /**
     * Pinned image reference: `repo/name:tag` (not `latest`) or `repo/name@sha256:<digest>`.
     * Exactly one of `image` and `build`.
     * @default none (one of image or build is required)
     */
    image?: pulumi.Input<string>;
    /**
     * Build context to build and push with Docker; the pool runs the pushed digest.
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
     * Overrides the image's arguments (CMD), e.g. `["-A", "app", "worker"]`.
     * @default the image's arguments
     */
    args?: string[];
    /**
     * vCPU per instance: 1, 2, 4, 6 or 8 (always allocated).
     * @default 1
     */
    cpu?: number;
    /**
     * Memory per instance in MiB, within what Cloud Run allows for the vCPU (512 to 4096 for 1 vCPU).
     * @default 512
     */
    memoryMiB?: number;
    /**
     * Instances kept running, 1 to 1000 (worker pools scale manually: never to zero).
     * @default 1
     */
    instances?: number;
    /**
     * Plain environment variables. Never put secret values here: use `secretEnv`.
     * @default {}
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secret Manager versions; the identity gets
     * `roles/secretmanager.secretAccessor` on exactly these secrets.
     * @default {}
     */
    secretEnv?: Record<string, SecretEnvVar>;
    /**
     * Extra project-level roles of the worker's identity (e.g. `roles/cloudsql.client`). Basic,
     * Secret Manager and IAM roles are refused.
     * @default []
     */
    projectRoles?: string[];
    /**
     * Let the worker's identity create tokens for itself only, to sign Cloud Storage URLs without a key file.
     * @default false
     */
    signsUrls?: boolean;
    /**
     * Resources a new revision waits for, e.g. the `job` of a run-on-deploy {@link CloudRunJob}.
     * @default []
     */
    deployAfter?: pulumi.Resource[];
    /**
     * Direct VPC egress on a subnet, to reach private IPs (Cloud SQL, Memorystore).
     * @default none (no VPC access)
     */
    vpc?: ServiceVpcAccess;
    /**
     * Refuse to delete the worker pool through Pulumi/Terraform (set in prod by `infra/`).
     * @default false
     */
    deletionProtection?: boolean;
    /**
     * Labels of the worker pool and its revisions; `worker: <workerName>` is added.
     * @default {}
     */
    labels?: Record<string, string>;
}

/** Defaults of {@link CloudRunWorkerPoolArgs}, in one place. */
export const CLOUD_RUN_WORKER_POOL_DEFAULTS = {
    cpu: 1,
    memoryMiB: 512,
    instances: 1,
    env: {} as Record<string, pulumi.Input<string>>,
    secretEnv: {} as Record<string, SecretEnvVar>,
    projectRoles: [] as string[],
    signsUrls: false,
    deployAfter: [] as pulumi.Resource[],
    deletionProtection: false,
    labels: {} as Record<string, string>,
};

/** Env names Cloud Run sets in worker pool instances. */
const RESERVED_WORKER_ENV = ["CLOUD_RUN_WORKER_POOL", "CLOUD_RUN_WORKER_POOL_REVISION"];

/** Throws if `args` would be rejected by Cloud Run. */
export function validateCloudRunWorkerPoolArgs(name: string, args: CloudRunWorkerPoolArgs): void {
    const check = new ArgsChecker(CloudRunWorkerPool.TYPE, name);
    const cfg = { ...CLOUD_RUN_WORKER_POOL_DEFAULTS, ...definedOnly(args) };
    check.matches("workerName", args.workerName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    checkWorkloadArgs(check, args, RESERVED_WORKER_ENV);
    checkWholeCpuMemory(check, cfg.cpu, cfg.memoryMiB);
    check.intInRange("instances", args.instances, 1, 1000);
    check.throwIfAny();
}

/**
 * A background worker (queue consumer, scheduler loop) on a Cloud Run worker pool: no
 * endpoint, no ingress, no port, CPU always allocated, a fixed number of instances that never
 * scales to zero; its own identity and the same secret, database and VPC wiring as a
 * {@link CloudRunService}.
 *
 * Why a worker pool and not a service with always-allocated CPU and internal ingress: a
 * service must listen on its port (its default TCP startup probe fails otherwise, so a
 * consumer without HTTP crash-loops), still has a `run.app` URL and invoker IAM to keep
 * closed, and scales on requests it never receives. A worker pool has none of that and is
 * billed per instance. Its one limit, no built-in autoscaling, is what the spec already says
 * of workers: they run a fixed `minInstances`.
 *
 * @example
 * ```typescript
 * import { CloudRunWorkerPool } from "prodstack/gcp";
 *
 * const worker = new CloudRunWorkerPool("worker", {
 *     project: "acme-web-prod",
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     workerName: "worker",
 *     image: "europe-docker.pkg.dev/acme-web-shared/apps/api:1.4.2",
 *     command: ["celery"],
 *     args: ["-A", "app", "worker"],
 *     instances: 2,
 * });
 * export const workerPool = worker.workerPoolName;
 * ```
 */
export class CloudRunWorkerPool extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:CloudRunWorkerPool";

    /** The Cloud Run worker pool. */
    readonly workerPool: gcp.cloudrunv2.WorkerPool;
    /** The worker's own identity. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** The image build, when the worker was given a build context. */
    readonly image?: ContainerImage;
    /** Worker pool name, e.g. `acme-prod-worker`. */
    readonly workerPoolName: pulumi.Output<string>;
    /** The identity's email. */
    readonly serviceAccountEmail: pulumi.Output<string>;
    /** The image reference run (the pushed digest for builds). */
    readonly imageRef: pulumi.Output<string>;

    constructor(name: string, args: CloudRunWorkerPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCloudRunWorkerPoolArgs(name, args);
        super(CloudRunWorkerPool.TYPE, name, {}, opts);
        const cfg = { ...CLOUD_RUN_WORKER_POOL_DEFAULTS, ...definedOnly(args) };
        const labels = { ...cfg.labels, worker: cfg.workerName };
        const fullName = `${cfg.namePrefix}-${cfg.workerName}`;

        const identity = createWorkloadIdentity(this, name, {
            project: cfg.project,
            accountId: workloadAccountId(cfg.namePrefix, cfg.workerName, "wrk"),
            displayName: `Cloud Run worker pool ${fullName}`,
            description: `Identity of Cloud Run worker pool ${fullName} (managed by prodstack)`,
            projectRoles: cfg.projectRoles,
            secretEnv: cfg.secretEnv,
            signsUrls: cfg.signsUrls,
        });
        this.serviceAccount = identity.account;
        const { image, imageRef } = workloadImage(this, name, cfg.workerName, cfg);
        this.image = image;
        this.imageRef = imageRef;

        this.workerPool = new gcp.cloudrunv2.WorkerPool(`${name}-pool`, {
            project: cfg.project,
            location: cfg.region,
            name: resourceName([cfg.namePrefix, cfg.workerName], 49),
            description: `${cfg.workerName} of ${cfg.namePrefix} (managed by prodstack)`,
            labels,
            deletionProtection: cfg.deletionProtection,
            scaling: { scalingMode: "MANUAL", manualInstanceCount: cfg.instances },
            template: {
                labels,
                serviceAccount: this.serviceAccount.email,
                ...vpcAccessOf(cfg.vpc),
                containers: [{
                    name: "app",
                    image: imageRef,
                    ...commandOf(cfg),
                    resources: { limits: { cpu: cpuLimit(cfg.cpu), memory: `${cfg.memoryMiB}Mi` } },
                    envs: containerEnvs(cfg.env, cfg.secretEnv),
                }],
            },
        }, { parent: this, dependsOn: [...identity.grants, ...cfg.deployAfter] });

        this.workerPoolName = this.workerPool.name;
        this.serviceAccountEmail = this.serviceAccount.email;
        this.registerOutputs({ workerPoolName: this.workerPoolName, serviceAccountEmail: this.serviceAccountEmail, imageRef: this.imageRef });
    }
}
