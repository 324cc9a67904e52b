import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";
import type { ContainerImage } from "./image";
import {
    CLOUD_RUN_WORKLOAD_DEFAULTS,
    type CloudRunWorkloadArgs,
    checkWholeCpuMemory,
    checkWorkloadArgs,
    commandOf,
    containerEnvs,
    cpuLimit,
    secretFilesOf,
    setUpWorkload,
    vpcAccessOf,
} from "./workload";

/** Arguments of {@link CloudRunWorkerPool}. */
export interface CloudRunWorkerPoolArgs extends CloudRunWorkloadArgs {
    /**
     * Short name of the worker, e.g. `worker` (the worker pool is `<namePrefix>-worker`).
     * @default none (required)
     */
    workerName: string;
    /**
     * Instances kept running, 1 to 1000 (worker pools scale manually: never to zero).
     * @default 1
     */
    instances?: number;
    /**
     * Resources a new revision waits for, e.g. the `job` of a run-on-deploy {@link CloudRunJob}.
     * @default []
     */
    deployAfter?: pulumi.Resource[];
}

/** Defaults of {@link CloudRunWorkerPoolArgs}, in one place. */
export const CLOUD_RUN_WORKER_POOL_DEFAULTS = {
    ...CLOUD_RUN_WORKLOAD_DEFAULTS,
    instances: 1,
    deployAfter: [] as pulumi.Resource[],
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
        const workload = setUpWorkload(this, name, cfg.workerName, { description: "Cloud Run worker pool", suffix: "wrk" }, cfg);
        this.serviceAccount = workload.account;
        this.image = workload.image;
        this.imageRef = workload.imageRef;

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
                ...secretFilesOf(cfg.secretFiles).template,
                containers: [{
                    name: "app",
                    image: this.imageRef,
                    ...commandOf(cfg),
                    ...secretFilesOf(cfg.secretFiles).container,
                    resources: { limits: { cpu: cpuLimit(cfg.cpu), memory: `${cfg.memoryMiB}Mi` } },
                    envs: containerEnvs(cfg.env, cfg.secretEnv),
                }],
            },
        }, { parent: this, dependsOn: [...workload.grants, ...cfg.deployAfter] });

        this.workerPoolName = this.workerPool.name;
        this.serviceAccountEmail = this.serviceAccount.email;
        this.registerOutputs({ workerPoolName: this.workerPoolName, serviceAccountEmail: this.serviceAccountEmail, imageRef: this.imageRef });
    }
}
